// The report as one self-contained HTML file: inline style, inline SVG, no
// script, no link, no image, no font fetched — it opens the same offline, in
// a mail attachment or a change ticket. Every text from the site is escaped.
import {escapeXml, mapSvg} from '../../domain/layout/svg.js';
import {statementText} from '../../domain/sitefile/contracts.js';
import type {Matrix, MatrixCell} from '../matrix.js';
import {cellSummary, MATRIX_SYMBOLS} from '../present.js';
import type {Verdict} from '../types.js';
import {hopText, witnessPacket} from '../contracts/present.js';
import type {ReportData, ReportNetwork} from './build.js';

const e = escapeXml;

/** A table row of cells already escaped (or built from escaped parts). */
function tr(cells: readonly string[], cls = ''): string {
  return `<tr${cls ? ` class="${cls}"` : ''}>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

function th(cells: readonly string[]): string {
  return `<tr>${cells.map((c) => `<th>${e(c)}</th>`).join('')}</tr>`;
}

function finding(f: {severity: string; code: string; message: string}): string {
  return `<div class="${f.severity}">${e(`${f.severity} ${f.code}: ${f.message}`)}</div>`;
}

export function isoTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

function verdictClass(v: Verdict | 'n/a' | null): string {
  return v === null ? 'v-none' : v === 'n/a' ? 'v-na' : `v-${v}`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1b1b1b;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}.meta{color:#555}.scroll{overflow:auto;max-width:100%;border:1px solid #eee}
table{border-collapse:collapse;font-size:12px}th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f3f4f6}td.c{text-align:center;font-family:ui-monospace,Menlo,Consolas,monospace;min-width:18px}
td.v-allow{background:#c8e6c9}td.v-deny{background:#ffcdd2}td.v-partial{background:#ffe0b2}td.v-na{background:#eceff1;color:#999}
.pass{color:#2e7d32;font-weight:bold}.fail{color:#c62828;font-weight:bold}.unknown{color:#ef6c00;font-weight:bold}
.error{color:#c62828}.warning{color:#b26a00}.info{color:#555}.off{color:#999}code{font-family:ui-monospace,Menlo,Consolas,monospace}
nav a{margin-right:12px}`;

function matrixTable(m: Matrix): string {
  const head = m.nodes.map((n) => `<th>${e(n.name)}</th>`).join('');
  const rows = m.nodes
    .map((from, i) => {
      const cells = m.nodes
        .map((to, j) => {
          const c: MatrixCell = m.cells[i][j];
          const why = c.verdict === 'n/a' ? '' : ` — ${cellSummary(c)}`;
          const title = `${from.name} → ${to.name} ${m.service}: ${c.verdict}${why}`;
          return `<td class="c ${verdictClass(c.verdict)}" title="${e(title)}">${e(MATRIX_SYMBOLS[c.verdict])}</td>`;
        })
        .join('');
      return `<tr><th>${e(from.name)}</th>${cells}</tr>`;
    })
    .join('\n');
  const table = `<table class="matrix" data-service="${e(m.service)}"><tr><th>from \\ to</th>${head}</tr>`;
  return `<div class="scroll">${table}\n${rows}</table></div>`;
}

function ruleset(n: ReportNetwork): string {
  const ports = (p: string) => (p ? `:${p}` : '');
  const rows = n.rules
    .map(({rule: r, position, lifecycle: l, findings}) => {
      const target = r.targetIp ? ` ⇒ ${r.targetIp}${ports(r.targetPorts)}` : '';
      const match = `${r.protocol || 'any'} ${r.sourceIp || 'any'}${ports(r.sourcePorts)} → ${r.destinationIp || 'any'}${ports(r.destinationPorts)}${target}`;
      const life = [
        l.owner && `owner ${l.owner}`,
        l.ticket && `ticket ${l.ticket}`,
        l.expires && `expires ${l.expires}`,
        l.reviewed && `reviewed ${l.reviewed}`,
      ]
        .filter(Boolean)
        .join(', ');
      return tr(
        [
          String(position),
          `${e(r.name)}${r.enabled ? '' : ' (disabled)'}`,
          e(r.direction),
          e(r.action),
          `<code>${e(match)}</code>`,
          e(r.pin),
          r.log ? 'log' : '',
          e(r.description),
          e(life),
          findings.map(finding).join(''),
        ],
        r.enabled ? '' : 'off',
      );
    })
    .join('\n');
  const defaults = n.defaults
    .map(
      (d) =>
        `<tr class="off"><td>${d.position}</td><td>${e(d.name)}</td><td>${e(d.direction)}</td><td>${e(d.action)}</td><td colspan="6">no rule matched</td></tr>`,
    )
    .join('');
  const state = n.network.needFwApply ? 'rules staged, not applied' : 'applied';
  const unknown = n.applied === 'unknown' ? ' (live rules unknown)' : '';
  const head = th([
    '#',
    'rule',
    'direction',
    'action',
    'match',
    'pin',
    'log',
    'description (reason)',
    'lifecycle',
    'lint',
  ]);
  return `<h3 id="net-${e(n.network.name)}">${e(n.network.name)} <span class="meta">${e(`${n.network.type} ${n.network.cidr}`)} — ${state}${unknown}</span></h3>
${n.findings.map(finding).join('')}
<div class="scroll"><table class="rules">${head}
${rows}
${defaults}</table></div>`;
}

const NAV = [
  ['topology', 'Topology'],
  ['matrix', 'Matrix'],
  ['contracts', 'Contracts'],
  ['rulesets', 'Rules'],
  ['recertification', 'Recertification'],
  ['never-hit', 'Never hit'],
  ['vpn', 'VPN'],
  ['tenants', 'Tenants'],
  ['state', 'Applied and staged'],
] as const;

function contractsSection(r: ReportData): string[] {
  if (!r.contracts) return ['<p>No contracts were given for this site.</p>'];
  const c = r.contracts.report;
  const out = [
    `<p class="meta">From ${e(r.contracts.source)}: ${c.summary.pass} hold, ${c.summary.fail} violated, ` +
      `${c.summary.unknown} cannot be checked (live rules).</p>`,
    `<table class="contracts">${th(['status', 'statement', 'says', 'violations'])}`,
  ];
  for (const s of c.statements) {
    const violations = s.violations.map((x) => {
      const w = x.witness
        ? `<br><code>${e(witnessPacket(x.witness))}</code> — ${e(x.witness.hops.map(hopText).join('; '))}`
        : '';
      return `<div>${e(`${x.property}: ${x.message}`)}${w}</div>`;
    });
    const notes = s.status === 'unknown' ? s.notes.map((n) => `<div class="unknown">${e(n)}</div>`) : [];
    out.push(
      `<tr><td class="${s.status}">${s.status.toUpperCase()}</td><td>${e(s.name)}</td>` +
        `<td>${e(statementText(s.spec))}</td><td>${[...violations, ...notes].join('')}</td></tr>`,
    );
  }
  out.push('</table>');
  return out;
}

function dueSection(r: ReportData): string[] {
  if (r.due.length === 0) return ['<p>No rule is expired, expiring or without an owner.</p>'];
  return [
    `<table class="due">${th(['network', 'rule', 'why', 'owner', 'ticket', 'expires', 'reviewed'])}`,
    ...r.due.map((d) =>
      tr(
        [
          d.network.name,
          d.rule.name,
          d.reasons.join(', '),
          d.lifecycle.owner || '(none)',
          d.lifecycle.ticket,
          d.lifecycle.expires,
          d.lifecycle.reviewed,
        ].map(e),
      ),
    ),
    '</table>',
  ];
}

function neverHitSection(r: ReportData): string[] {
  const n = r.neverHit;
  if (n.since === null) return ['<p>No hit history: vseg samples rule counters while it runs against this site.</p>'];
  const since = e(isoTime(n.since));
  if (n.rules.length === 0)
    return [`<p>Every counting rule was hit in the last ${n.days} days (sampled since ${since}).</p>`];
  return [
    `<p class="meta">Enabled rules with statistics on and no hit in the last ${n.days} days (sampled since ${since}).</p><ul>`,
    ...n.rules.map((d) => `<li>${e(`${d.network.name} / ${d.rule.name}`)}</li>`),
    '</ul>',
  ];
}

function vpnSection(r: ReportData): string[] {
  const nameOf = (k: number) => r.networks.find((n) => n.network.key === k)?.network.name ?? String(k);
  const {wireguard, ipsec} = r.vpn;
  if (wireguard.length === 0 && ipsec.length === 0) return ['<p>No VPN tunnels.</p>'];
  const out: string[] = [];
  for (const w of wireguard) {
    const where = `${w.ip}, port ${w.listenPort}${w.endpointIp ? `, endpoint ${w.endpointIp}` : ''}${w.enabled ? '' : ', disabled'}`;
    out.push(`<h3>WireGuard ${e(w.name)} on ${e(nameOf(w.vnet))}</h3><p class="meta">${e(where)}</p>`);
    out.push(`<table>${th(['peer', 'endpoint', 'allowed IPs', 'firewall', 'enabled'])}`);
    for (const p of w.peers) {
      const endpoint = p.endpoint ? `${p.endpoint}:${p.port}` : '(roaming)';
      out.push(tr([p.name, endpoint, p.allowedIps, p.configureFirewall, p.enabled ? 'yes' : 'no'].map(e)));
    }
    out.push('</table>');
  }
  for (const t of ipsec) {
    const how = `remote ${t.remoteGateway}, ${t.keyexchange}, auth ${t.auth}${t.enabled ? '' : ', disabled'}`;
    out.push(`<h3>IPsec ${e(t.name)} on ${e(nameOf(t.vnet))}</h3><p class="meta">${e(how)}</p>`);
    out.push(`<table>${th(['phase 2', 'local', 'remote', 'enabled'])}`);
    for (const p of t.phase2) out.push(tr([p.name, p.local, p.remote, p.enabled ? 'yes' : 'no'].map(e)));
    out.push('</table>');
  }
  return out;
}

function tenantsSection(r: ReportData): string[] {
  if (r.tenants.length === 0) return ['<p>No tenants.</p>'];
  return [
    `<table>${th(['tenant', 'isolated', 'state', 'network blocks'])}`,
    ...r.tenants.map(
      (t) =>
        `<tr><td>${e(t.name)}</td><td class="${t.isolate ? 'pass' : 'fail'}">${t.isolate ? 'yes' : 'no'}</td>` +
        `<td>${e(t.status)}</td><td>${e(t.blocks.join(', '))}</td></tr>`,
    ),
    '</table>',
  ];
}

function stateSection(r: ReportData): string[] {
  const staged = r.networks.filter((n) => n.network.needFwApply).length;
  const summary =
    staged === 0
      ? 'Every network runs its staged rules.'
      : `${staged} network${staged === 1 ? ' has' : 's have'} staged rules not applied.`;
  const out = [
    `<p class="meta">State taken ${e(isoTime(r.loadedAt))}. ${summary}</p>`,
    `<table>${th(['network', 'state', 'last Apply Rules', 'live rules known from'])}`,
    ...r.networks.map((n) =>
      tr(
        [
          n.network.name,
          n.network.needFwApply ? 'staged changes' : 'applied',
          n.network.lastFwApply ? isoTime(n.network.lastFwApply * 1000) : '',
          n.applied,
        ].map(e),
      ),
    ),
    '</table>',
  ];
  if (r.pending.unknown.length > 0) {
    const text = `The live rules of ${r.pending.unknown.join(', ')} are unknown (changes staged, no baseline recorded): their flows could not be compared.`;
    out.push(`<p class="warning">${e(text)}</p>`);
  }
  if (r.pending.changes.length > 0)
    out.push(
      '<h3>Flows whose verdict changes on Apply Rules</h3><ul>',
      ...r.pending.changes.map((c) => `<li><code>${e(c.text)}</code></li>`),
      '</ul>',
    );
  return out;
}

export function reportHtml(r: ReportData): string {
  const c = r.findingCounts;
  const lanes = mapSvg(r.map, {
    laneClass: (i) => verdictClass(r.laneVerdicts[i] ?? null),
    laneNote: (i) => (r.laneVerdicts[i] ? ` — ${r.laneVerdicts[i]}` : ''),
    title: `Topology of ${r.site}`,
  });
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${e(`Segmentation report — ${r.site}`)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>Segmentation report — ${e(r.site)}</h1>`,
    `<p class="meta">Site state taken ${e(isoTime(r.loadedAt))}; report made ${e(isoTime(r.generatedAt))} by vseg. ` +
      'Verdicts are for the rules live on the routers (applied); staged changes are listed under ' +
      '<a href="#state">Applied and staged</a>.</p>',
    `<nav>${NAV.map(([id, title]) => `<a href="#${id}">${title}</a>`).join('')}</nav>`,
    '<h2 id="topology">Topology</h2>',
    `<p class="meta">Lanes are coloured by the verdict for ${e(r.mapService)}: ` +
      'green allow, red deny, orange partial, grey not judged.</p>',
    `<div class="scroll">${lanes}</div>`,
    '<h2 id="matrix">Reachability matrix</h2>',
    '<p class="meta">Row: from, column: to. A allow, · deny, ~ partial (some addresses or ports pass), ' +
      '- not applicable. Hover a cell for the deciding rules.</p>',
    ...r.matrices.flatMap((m) => [`<h3>${e(m.service)}</h3>`, matrixTable(m)]),
    '<h2 id="contracts">Contracts</h2>',
    ...contractsSection(r),
    '<h2 id="rulesets">Rules by network</h2>',
    '<p class="meta">In evaluation order (pinned top, order, pinned bottom; first match wins), staged rules, ' +
      `with lint findings: ${c.error} errors, ${c.warning} warnings, ${c.info} info.</p>`,
    ...r.networks.map(ruleset),
    '<h2 id="recertification">Due for recertification</h2>',
    ...dueSection(r),
    '<h2 id="never-hit">Never hit</h2>',
    ...neverHitSection(r),
    '<h2 id="vpn">VPN endpoints</h2>',
    ...vpnSection(r),
    '<h2 id="tenants">Tenant isolation</h2>',
    ...tenantsSection(r),
    '<h2 id="state">Applied and staged</h2>',
    ...stateSection(r),
    '</body></html>',
  ];
  return `${out.join('\n')}\n`;
}
