// The rules pane: one network's ruleset (or every network's, grouped) in
// evaluation order, with lint markers, applied-vs-pending marks, the
// default pseudo-rules, and the edits: new, edit, copy, delete, enable,
// move, pin, statistics, log, Apply Rules. System rules are read-only.
import {Box} from 'ink';
import {useEffect, useMemo, useRef, useState} from 'react';
import {appliedDiff} from '../../../domain/edits/applied-diff.js';
import {
  copyRulePlan,
  deleteRulePlan,
  moveRulePlan,
  pinRulePlan,
  ruleRefusal,
  toggleRulePlan,
  type RuleToggle,
} from '../../../domain/edits/rules.js';
import type {Network, Rule, Site} from '../../../domain/model.js';
import {useActionHandler} from '../../actions/bus.js';
import type {ViewProps} from '../../app/views.js';
import {Table} from '../../components/table/Table.js';
import {useTable, useTableInput} from '../../components/table/use-table.js';
import {useSession, useSite} from '../../data/session.js';
import {useTheme} from '../../theme/context.js';
import type {Tone} from '../../theme/tokens.js';
import {NoteLine, PaneTitle, type TitlePart} from '../core/DataAge.js';
import {useFindings, usePolicyDefaults, type FindingsByRule} from '../core/hooks.js';
import {clearStatisticsPlan} from '../../../domain/edits/statistics.js';
import {buildPlan, confirmAndRun, runPlan} from '../core/run-plan.js';
import {confirmApplyRules} from './apply-rules.js';
import {ruleColumns, ruleRows, type RuleRow} from './rule-rows.js';
import {notLoadedText} from '../../app/loading.js';

export interface RulesParams {
  /** Network key or name; absent = every network, grouped. */
  network?: number | string;
  /** Network name for the breadcrumb when `network` is a key. */
  label?: string;
  /** Put the cursor on this rule (key), or on the default of this direction, once the rows are there. */
  select?: {rule: number} | {default: 'incoming' | 'outgoing'};
}

export const RULE_SECTIONS = ['networks', 'rules', 'aliases', 'addresses', 'vms', 'vpn'] as const;

export function findNetworkParam(site: Site | null, ref: number | string | undefined): Network | undefined {
  if (!site || ref === undefined) return undefined;
  if (typeof ref === 'number' || /^\d+$/.test(ref)) {
    const byKey = site.networks.find((n) => n.key === Number(ref));
    if (byKey || typeof ref === 'number') return byKey;
  }
  return (
    site.networks.find((n) => n.name === ref) ??
    site.networks.find((n) => n.name.toLowerCase() === String(ref).toLowerCase())
  );
}

const SEVERITY_TONE = {error: 'danger', warning: 'warning', info: 'info'} as const;

const NO_FINDINGS: FindingsByRule = new Map();

// Module-level: a stable function keeps the Table's rows memoised.
const rowTone = (r: RuleRow): Tone | undefined =>
  r.kind === 'default' || r.kind === 'removed' || !r.rule.enabled ? 'muted' : undefined;

function note(row: RuleRow | undefined, glyphs: Record<string, string>): {text: string; tone?: Tone} {
  if (!row) return {text: ''};
  if (row.kind === 'default') return {text: row.pseudo.description, tone: 'muted'};
  if (row.kind === 'removed')
    return {text: `${row.rule.name} was removed: it stays live until Apply Rules`, tone: 'warning'};
  const r = row.rule;
  const finding = row.findings[0];
  if (finding) {
    const more = row.findings.length > 1 ? ` (+${row.findings.length - 1} more: Enter)` : '';
    return {
      text: `${glyphs[SEVERITY_TONE[finding.severity]]} ${finding.code}: ${finding.message}${more}`,
      tone: SEVERITY_TONE[finding.severity],
    };
  }
  const parts: string[] = [];
  if (r.systemRule) parts.push(`system rule${r.owner ? ` of ${r.owner}` : ''}: read-only`);
  if (row.mark === 'added') parts.push('new since the last apply');
  if (row.mark === 'changed') parts.push(`changed since the last apply (${row.changedFields?.join(', ')})`);
  if (r.action === 'translate' || r.action === 'route')
    parts.push(`target ${r.targetIp || '(none)'}${r.targetPorts ? `:${r.targetPorts}` : ''}`);
  if (r.description) parts.push(r.description);
  return {text: parts.join(' · ')};
}

export function RulesList({width, height, filter, active, shell, params, state}: ViewProps<RulesParams | undefined>) {
  const snapshot = useSite(RULE_SECTIONS);
  const session = useSession();
  const theme = useTheme();
  const defaults = usePolicyDefaults();
  const site = snapshot.site;
  const network = findNetworkParam(site, params?.network);
  const all = params?.network === undefined;
  const networks = useMemo(() => (site ? (all ? site.networks : network ? [network] : []) : []), [site, all, network]);
  // Only the shown networks are linted (all of them for :rules alone), in the background.
  const scope = useMemo(() => (all ? undefined : networks.map((n) => n.key)), [all, networks]);
  const {findings, checking} = useFindings(site, defaults, scope);
  const rows = useMemo(
    () => ruleRows(site, networks, findings ?? NO_FINDINGS, defaults),
    [site, networks, findings, defaults],
  );
  const ruleCount = useMemo(
    () => (site && network ? site.rules.filter((r) => r.vnet === network.key).length : 0),
    [site, network],
  );
  const [wide, setWide] = useState(false);
  useActionHandler('rules.wide', () => setWide((w) => !w));
  const columns = useMemo(
    () => ruleColumns(site, {glyphs: theme.glyphs, ascii: theme.ascii, allNetworks: all, width, rows, wide}),
    [site, theme, all, width, rows, wide],
  );
  const pendingLine = !all && network?.needFwApply;
  const tableHeight = Math.max(1, height - 2 - (pendingLine ? 1 : 0));
  const table = useTable({rows, columns, height: tableHeight, filter, rowKey: (r) => r.id});
  useTableInput(table);
  const row = table.selected;
  // Opened on a rule (a why hop, a matrix cell): the cursor goes there once.
  const placed = useRef(false);
  const want = params?.select;
  useEffect(() => {
    if (placed.current || !want || table.rows.length === 0) return;
    const at = table.rows.findIndex((r) =>
      'rule' in want
        ? r.kind !== 'default' && r.rule.key === want.rule
        : r.kind === 'default' && r.pseudo.direction === want.default,
    );
    placed.current = true;
    if (at >= 0) table.select(at);
    else shell.notify('warning', 'That rule is not in this list any more (it changed since the answer was computed)');
  });

  /** The selected real rule, or a message why the action does not apply. */
  const target = (what: string): Rule | undefined => {
    if (!row) return undefined;
    if (row.kind === 'default')
      return void shell.notify(
        'warning',
        `${row.pseudo.name} is vseg's model of what happens when no rule matches: it cannot be ${what}`,
      );
    if (row.kind === 'removed')
      return void shell.notify('warning', `${row.rule.name} is already deleted (it stays live until Apply Rules)`);
    const refusal = ruleRefusal(row.rule);
    if (refusal) return void shell.notify('error', refusal);
    return row.rule;
  };
  const targetNetwork = (): Network | undefined => (row ? row.network : network);

  useActionHandler('app.open', () => {
    if (row && row.kind !== 'default') shell.push('rules.detail', {key: row.rule.key, removed: row.kind === 'removed'});
  });
  useActionHandler('rules.create', () => {
    const net = targetNetwork();
    if (!net) return shell.notify('warning', 'Choose a network first (:rules <network>)');
    if (net.type === 'port_mirror')
      return shell.notify('warning', `${net.name} is a mirror network: it carries no rules`);
    shell.push('rules.form', {vnet: net.key});
  });
  useActionHandler('rules.edit', () => {
    const r = target('edited');
    if (r) shell.push('rules.form', {vnet: r.vnet, key: r.key});
  });
  useActionHandler('rules.copy', () => {
    const r = target('copied');
    if (r && site)
      void runPlan(
        shell,
        session,
        buildPlan(shell, () => copyRulePlan(r, site)),
      );
  });
  useActionHandler('rules.delete', () => {
    const r = target('deleted');
    if (!r || !site) return;
    const plan = buildPlan(shell, () => deleteRulePlan(r, site));
    void confirmAndRun(shell, session, plan, {
      title: `Delete rule ${row!.network.name}/${r.name}?`,
      message: 'The deletion is staged: the rule stays live until Apply Rules.',
      confirmLabel: 'Delete',
      typeToConfirm: r.name,
      triggerKey: 'd',
      dangerous: true,
    });
  });
  const toggle = (field: RuleToggle) => {
    const r = target('changed');
    if (r && site)
      void runPlan(
        shell,
        session,
        buildPlan(shell, () => toggleRulePlan(r, field, site)),
      );
  };
  useActionHandler('rules.toggle', () => toggle('enabled'));
  useActionHandler('rules.statistics', () => toggle('statistics'));
  useActionHandler('rules.clearStatistics', () => {
    const n = targetNetwork();
    if (!n) return;
    void confirmAndRun(shell, session, clearStatisticsPlan(n), {
      title: `Clear the statistics of ${n.name}?`,
      message:
        "Every rule's packet and byte counters restart from zero. vseg's hit history keeps what it sampled before.",
      confirmLabel: 'Clear',
      triggerKey: 'Z',
      dangerous: true,
    });
  });
  useActionHandler('rules.live', () => {
    const n = targetNetwork();
    if (n) shell.push('rules.live', {network: n.key, label: n.name});
  });
  useActionHandler('rules.log', () => toggle('log'));
  const move = (direction: 'up' | 'down') => {
    const r = target('moved');
    if (!r || !site) return;
    const out = moveRulePlan(r, direction, site);
    if ('refusal' in out) return shell.notify('warning', out.refusal);
    void runPlan(shell, session, out.plan);
  };
  useActionHandler('rules.moveUp', () => move('up'));
  useActionHandler('rules.moveDown', () => move('down'));
  const pin = (where: 'top' | 'bottom') => {
    const r = target('pinned');
    if (r && site)
      void runPlan(
        shell,
        session,
        buildPlan(shell, () => pinRulePlan(r, r.pin === where ? 'no' : where, site)),
      );
  };
  useActionHandler('rules.pinTop', () => pin('top'));
  useActionHandler('rules.pinBottom', () => pin('bottom'));
  useActionHandler('rules.apply', () => {
    const net = targetNetwork();
    if (!site) return;
    if (!net) return shell.notify('warning', 'Choose a network first (:rules <network>)');
    void confirmApplyRules(session, shell, site, net, defaults, 'a');
  });

  const title: TitlePart[] = [];
  if (all) {
    title.push({text: 'rules of every network', tone: 'title'});
    title.push({text: `${site?.rules.length ?? 0} rules`});
  } else if (network) {
    title.push({text: `rules of ${network.name}`, tone: 'title'});
    title.push({text: network.cidr});
    title.push({text: `${ruleCount} rules`});
  } else {
    title.push({text: `rules of ${String(params?.network)}`, tone: 'title'});
  }
  if (checking && site) title.push({text: 'checking rules…', tone: 'muted'});
  if (wide) title.push({text: 'wide: whole names, addresses and ports (w: back)', tone: 'muted'});
  const diff = useMemo(
    () => (pendingLine && site && network ? appliedDiff(site, network.key) : undefined),
    [pendingLine, site, network],
  );
  const pendingText = diff
    ? `${theme.glyphs.tone.warning} Rule changes need to be ` +
      `applied${diff.source === 'unknown' ? '' : ` (${diff.count} change${diff.count === 1 ? '' : 's'})`} — a reviews and applies them`
    : '';
  const empty = !site
    ? notLoadedText(state, snapshot.error, 'rules')
    : !all && !network
      ? `No network named "${String(params?.network)}" (:networks lists them)`
      : filter
        ? `No rule matches /${filter}`
        : 'No rules';
  const n = note(row, theme.glyphs.tone);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaneTitle width={width} active={active} snapshot={snapshot} parts={title} />
      {pendingLine ? <NoteLine width={width} text={pendingText} tone="warning" /> : null}
      <Table table={table} width={width} height={tableHeight} focused={active} emptyText={empty} rowTone={rowTone} />
      <NoteLine width={width} text={n.text} tone={n.tone} />
    </Box>
  );
}
