// The report as Markdown, for a wiki or a pull request: the same sections as
// the HTML, the topology as an SVG file written beside it (svgName), the
// matrix as a table of symbols. Text from the site is escaped for tables.
import {statementText} from '../../domain/sitefile/contracts.js';
import {hopText, witnessPacket} from '../contracts/present.js';
import {MATRIX_SYMBOLS} from '../present.js';
import type {ReportData} from './build.js';
import {isoTime} from './html.js';

/** A table cell: no pipes, no line breaks, no control characters, no HTML. */
function cell(text: string): string {
  return text

    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/`/g, "'");
}

function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  return [
    `| ${head.map(cell).join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

export function reportMarkdown(r: ReportData, svgName: string): string {
  const out: string[] = [];
  out.push(`# Segmentation report — ${cell(r.site)}`, '');
  out.push(
    `Site state taken ${isoTime(r.loadedAt)}; report made ${isoTime(r.generatedAt)} by vseg. ` +
      'Verdicts are for the rules live on the routers (applied); staged changes are under "Applied and staged".',
    '',
  );
  out.push(
    '## Topology',
    '',
    `Lanes coloured by the verdict for ${cell(r.mapService)}.`,
    '',
    `![Topology of ${cell(r.site)}](${svgName})`,
    '',
  );
  out.push('## Reachability matrix', '', 'Row: from, column: to. A allow, · deny, ~ partial, - not applicable.', '');
  for (const m of r.matrices) {
    out.push(`### ${cell(m.service)}`, '');
    out.push(
      ...table(
        ['from \\ to', ...m.nodes.map((n) => n.name)],
        m.nodes.map((n, i) => [n.name, ...m.cells[i].map((c) => MATRIX_SYMBOLS[c.verdict])]),
      ),
      '',
    );
  }
  out.push('## Contracts', '');
  if (!r.contracts) out.push('No contracts were given for this site.', '');
  else {
    const c = r.contracts.report;
    out.push(
      `From ${cell(r.contracts.source)}: ${c.summary.pass} hold, ${c.summary.fail} violated, ${c.summary.unknown} cannot be checked (live rules).`,
      '',
    );
    out.push(
      ...table(
        ['status', 'statement', 'says', 'violations'],
        c.statements.map((s) => [
          s.status.toUpperCase(),
          s.name,
          statementText(s.spec),
          [
            ...s.violations.map(
              (v) =>
                `${v.property}: ${v.message}${v.witness ? ` (${witnessPacket(v.witness)}; ${v.witness.hops.map(hopText).join('; ')})` : ''}`,
            ),
            ...(s.status === 'unknown' ? s.notes : []),
          ].join(' / '),
        ]),
      ),
      '',
    );
  }
  out.push(
    '## Rules by network',
    '',
    `Evaluation order, staged rules. Lint: ${r.findingCounts.error} errors, ${r.findingCounts.warning} warnings, ${r.findingCounts.info} info.`,
    '',
  );
  for (const n of r.networks) {
    out.push(
      `### ${cell(n.network.name)} (${cell(`${n.network.type} ${n.network.cidr}`.trim())})${n.network.needFwApply ? ' — staged, not applied' : ''}`,
      '',
    );
    for (const f of n.findings) out.push(`- ${cell(`${f.severity} ${f.code}: ${f.message}`)}`);
    if (n.findings.length) out.push('');
    const ports = (p: string) => (p ? `:${p}` : '');
    out.push(
      ...table(
        ['#', 'rule', 'direction', 'action', 'match', 'reason', 'lifecycle', 'lint'],
        [
          ...n.rules.map(({rule: x, position, lifecycle: l, findings}) => [
            String(position),
            `${x.name}${x.enabled ? '' : ' (disabled)'}`,
            x.direction,
            x.action,
            `${x.protocol || 'any'} ${x.sourceIp || 'any'}${ports(x.sourcePorts)} → ${x.destinationIp || 'any'}${ports(x.destinationPorts)}`,
            x.description,
            [
              l.owner && `owner ${l.owner}`,
              l.ticket,
              l.expires && `expires ${l.expires}`,
              l.reviewed && `reviewed ${l.reviewed}`,
            ]
              .filter(Boolean)
              .join(', '),
            findings.map((f) => `${f.severity} ${f.code}`).join(', '),
          ]),
          ...n.defaults.map((d) => [String(d.position), d.name, d.direction, d.action, 'no rule matched', '', '', '']),
        ],
      ),
      '',
    );
  }
  out.push('## Due for recertification', '');
  if (r.due.length === 0) out.push('No rule is expired, expiring or without an owner.', '');
  else
    out.push(
      ...table(
        ['network', 'rule', 'why', 'owner', 'ticket', 'expires', 'reviewed'],
        r.due.map((d) => [
          d.network.name,
          d.rule.name,
          d.reasons.join(', '),
          d.lifecycle.owner || '(none)',
          d.lifecycle.ticket,
          d.lifecycle.expires,
          d.lifecycle.reviewed,
        ]),
      ),
      '',
    );
  out.push('## Never hit', '');
  if (r.neverHit.since === null)
    out.push('No hit history: vseg samples rule counters while it runs against this site.', '');
  else if (r.neverHit.rules.length === 0)
    out.push(`Every counting rule was hit in the last ${r.neverHit.days} days.`, '');
  else out.push(...r.neverHit.rules.map((d) => `- ${cell(`${d.network.name} / ${d.rule.name}`)}`), '');
  out.push('## VPN endpoints', '');
  if (r.vpn.wireguard.length + r.vpn.ipsec.length === 0) out.push('No VPN tunnels.', '');
  for (const w of r.vpn.wireguard)
    out.push(
      `### WireGuard ${cell(w.name)} (${cell(`${w.ip}, port ${w.listenPort}`)})`,
      '',
      ...table(
        ['peer', 'endpoint', 'allowed IPs', 'enabled'],
        w.peers.map((p) => [
          p.name,
          p.endpoint ? `${p.endpoint}:${p.port}` : '(roaming)',
          p.allowedIps,
          p.enabled ? 'yes' : 'no',
        ]),
      ),
      '',
    );
  for (const t of r.vpn.ipsec)
    out.push(
      `### IPsec ${cell(t.name)} (remote ${cell(t.remoteGateway)})`,
      '',
      ...table(
        ['phase 2', 'local', 'remote', 'enabled'],
        t.phase2.map((p) => [p.name, p.local, p.remote, p.enabled ? 'yes' : 'no']),
      ),
      '',
    );
  out.push('## Tenant isolation', '');
  if (r.tenants.length === 0) out.push('No tenants.', '');
  else
    out.push(
      ...table(
        ['tenant', 'isolated', 'state', 'network blocks'],
        r.tenants.map((t) => [t.name, t.isolate ? 'yes' : 'no', t.status, t.blocks.join(', ')]),
      ),
      '',
    );
  out.push('## Applied and staged', '');
  out.push(
    ...table(
      ['network', 'state', 'last Apply Rules', 'live rules known from'],
      r.networks.map((n) => [
        n.network.name,
        n.network.needFwApply ? 'staged changes' : 'applied',
        n.network.lastFwApply ? isoTime(n.network.lastFwApply * 1000) : '',
        n.applied,
      ]),
    ),
    '',
  );
  if (r.pending.changes.length > 0)
    out.push(
      'Flows whose verdict changes on Apply Rules:',
      '',
      ...r.pending.changes.map((c) => `- ${cell(c.text)}`),
      '',
    );
  return `${out.join('\n')}\n`;
}
