// One rule in full: every field, its place in the evaluation order, counters,
// what changed since the last apply, and every lint finding about it.
import {Box} from 'ink';
import {useMemo} from 'react';
import {appliedDiff, FIELD_API_NAME} from '../../../domain/edits/applied-diff.js';
import {describeRule, PROTOCOL_LABELS} from '../../../domain/edits/rules.js';
import {aliasKeysToNames} from '../../../domain/edits/rule-tokens.js';
import {orderedRules, type Key, type Rule, type Site} from '../../../domain/model.js';
import type {Finding} from '../../../policy/index.js';
import {useActionHandler} from '../../actions/bus.js';
import type {ViewProps} from '../../app/views.js';
import {TextView, useTextView, useTextViewInput} from '../../components/TextView.js';
import {useSession, useSite} from '../../data/session.js';
import {ruleHitSummary} from '../../../session/hit-summary.js';
import {PaneTitle} from '../core/DataAge.js';
import {useFindings, usePolicyDefaults} from '../core/hooks.js';
import {formatCount} from './rule-rows.js';
import {RULE_SECTIONS} from './RulesList.js';
import {yesNo} from '../../../domain/format.js';

export interface RuleDetailParams {
  key: Key;
  /** A rule Apply Rules would remove: shown from the live ruleset. */
  removed?: boolean;
}

function findRule(site: Site, params: RuleDetailParams): Rule | undefined {
  if (!params.removed) return site.rules.find((r) => r.key === params.key);
  for (const a of site.applied.values())
    if (a.source !== 'unknown') for (const r of a.rules) if (r.key === params.key) return r;
  return undefined;
}

/** `findings`: undefined while lint is still running. */
export function ruleDetailLines(
  site: Site,
  rule: Rule,
  findings: readonly Finding[] | undefined,
  removed = false,
  hits?: string,
): string[] {
  const show = (v: string) => aliasKeysToNames(v, site);
  const network = site.networks.find((n) => n.key === rule.vnet);
  const order = orderedRules(site.rules.filter((r) => r.vnet === rule.vnet));
  const position = order.findIndex((r) => r.key === rule.key) + 1;
  const row = (label: string, value: string) => `${label.padEnd(18)} ${value}`;
  const lines = [
    row('Rule', `${network?.name ?? rule.vnet}/${rule.name}  (key ${rule.key})`),
    row('Summary', describeRule(rule, site)),
    row(
      'Order',
      removed
        ? 'removed: live until Apply Rules'
        : `${position} of ${order.length} (pin ${rule.pin}, orderid ${rule.orderid})`,
    ),
    row('Action', rule.action),
    row('Direction', rule.direction),
    row('Protocol', PROTOCOL_LABELS[rule.protocol] ?? rule.protocol),
    row('Source', show(rule.sourceIp) || 'any'),
    row('Source ports', show(rule.sourcePorts) || 'any'),
    row('Destination', show(rule.destinationIp) || 'any'),
    row('Destination ports', show(rule.destinationPorts) || 'any'),
    row('Target', show(rule.targetIp) || '—'),
    row('Target ports', show(rule.targetPorts) || '—'),
    row('Interface', rule.interface),
    row('Connection state', rule.ctState || 'any'),
    row('Enabled', yesNo(rule.enabled)),
    row('Log', yesNo(rule.log)),
    row('Trace', yesNo(rule.trace)),
    row(
      'Statistics',
      rule.statistics ? `yes — ${formatCount(rule.packets)} packets, ${formatCount(rule.bytes)} bytes` : 'no',
    ),
    ...(hits ? [row('Hit history', hits)] : []),
    row('Throttle', `${rule.throttle || 'none'}${rule.dropThrottle ? ' (throttled packets dropped)' : ''}`),
    row('System rule', rule.systemRule ? `yes${rule.owner ? ` (${rule.owner})` : ''}: read-only` : 'no'),
    row('Description', rule.description || '—'),
  ];
  if (!removed) {
    const diff = appliedDiff(site, rule.vnet);
    const change = diff.changed.find((c) => c.rule.key === rule.key);
    if (diff.source === 'unknown')
      lines.push('', 'Live state: unknown (the network changed since vseg last saw it applied)');
    else if (diff.marks.get(rule.key) === 'added') lines.push('', 'Live state: new — not live until Apply Rules');
    else if (change) {
      lines.push('', 'Live state: changed — the live rule differs in:');
      for (const f of change.fields)
        lines.push(
          `  ${FIELD_API_NAME[f]}: ${show(String(change.before[f])) || '(none)'} → ${show(String(rule[f])) || '(none)'}`,
        );
    } else lines.push('', 'Live state: live as shown');
  }
  if (!findings) lines.push('', 'Lint: checking…');
  else lines.push('', findings.length ? `Lint (${findings.length}):` : 'Lint: no findings');
  for (const f of findings ?? []) lines.push(`  ${f.severity.padEnd(7)} ${f.code}: ${f.message}`);
  return lines;
}

export function RuleDetail({params, width, height, active, shell}: ViewProps<RuleDetailParams>) {
  const snapshot = useSite(RULE_SECTIONS);
  const defaults = usePolicyDefaults();
  const site = snapshot.site;
  const rule = useMemo(() => (site ? findRule(site, params) : undefined), [site, params]);
  const scope = useMemo(() => (rule ? [rule.vnet] : []), [rule]);
  const {findings} = useFindings(site, defaults, scope);
  const session = useSession();
  const connection = session.connection;
  const ruleKey = rule?.key;
  const loadedAt = site?.loadedAt;
  // read again after each site load: a new sample may be in
  const hits = useMemo(
    () =>
      connection && ruleKey !== undefined && loadedAt !== undefined ? ruleHitSummary(connection, ruleKey) : undefined,
    [connection, ruleKey, loadedAt],
  );
  const lines = useMemo(
    () =>
      site && rule
        ? ruleDetailLines(site, rule, findings ? (findings.get(rule.key) ?? []) : undefined, params.removed, hits)
        : [],
    [site, rule, findings, params.removed, hits],
  );
  const view = useTextView({lineCount: lines.length, height: Math.max(1, height - 1)});
  useTextViewInput(view);
  useActionHandler('rules.detailEdit', () => {
    if (rule && !params.removed && !rule.systemRule) shell.push('rules.form', {vnet: rule.vnet, key: rule.key});
    else shell.notify('warning', rule?.systemRule ? 'System rules are read-only' : 'Nothing to edit here');
  });
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaneTitle
        width={width}
        active={active}
        snapshot={snapshot}
        parts={[{text: rule ? `rule ${rule.name}` : 'rule', tone: 'title'}]}
      />
      <TextView
        lines={lines}
        width={width}
        height={Math.max(1, height - 1)}
        offset={view.offset}
        left={view.left}
        emptyText={site ? 'That rule is gone (r refreshes)' : 'Loading…'}
      />
    </Box>
  );
}
