// :lint — the findings over the staged rules (p: the live ones), worst
// first. Enter opens the rule in the Rules view when the console has one,
// else the finding; i always shows the finding.
import {Box, Text} from 'ink';
import {useMemo, useState} from 'react';
import {countBySeverity, lint, type Finding} from '../../../policy/index.js';
import {useActionHandler} from '../../actions/bus.js';
import {type ViewProps} from '../../app/views.js';
import {Table} from '../../components/table/Table.js';
import type {Column} from '../../components/table/types.js';
import {useTable, useTableInput} from '../../components/table/use-table.js';
import {useTheme} from '../../theme/context.js';
import {fit} from '../../../domain/text-width.js';
import type {FindingParams} from './FindingView.js';
import {findingRules, findingSubject, ruleTarget, SEVERITY_ORDER} from './lint-rows.js';
import {useAnalysisSite, waitingText} from './use-analysis.js';
import {contractFindings} from '../../../policy/contracts/index.js';
import {useContractReport} from '../govern/use-contracts.js';

const TONE = {error: 'danger', warning: 'warning', info: 'info'} as const;

const COLUMNS: readonly Column<Finding>[] = [
  {
    id: 'severity',
    header: 'SEVERITY',
    format: (f) => f.severity,
    sortValue: (f) => SEVERITY_ORDER[f.severity],
    width: 10,
    kind: 'status',
    tone: (f) => TONE[f.severity],
    priority: 0,
  },
  {id: 'code', header: 'CODE', format: (f) => f.code, width: 16, minWidth: 10, priority: 1},
  {id: 'network', header: 'NETWORK', format: findingSubject, width: 10, minWidth: 6, priority: 2},
  {id: 'rules', header: 'RULES', format: findingRules, width: 20, minWidth: 10, priority: 3},
  {id: 'message', header: 'MESSAGE', format: (f) => f.message, width: 30, minWidth: 16, grow: true, priority: 0},
];

/** The Rules view, when the console has one (loaded lazily: the registries import this file). */
async function hasRulesView(): Promise<boolean> {
  const {consoleViews} = await import('../index.js');
  return consoleViews.some((v) => v.id === 'rules');
}

export function Lint({width, height, filter, active, shell}: ViewProps<undefined>) {
  const theme = useTheme();
  const {site, snapshot, defaults} = useAnalysisSite();
  const [live, setLive] = useState(false);
  // The site's contracts count as lint too: their violations sit next to the rules that decide them.
  const contracts = useContractReport(live ? 'applied' : 'pending');
  const findings = useMemo(() => {
    if (!site) return [];
    const all = lint(site, {ruleset: live ? 'applied' : 'pending', defaults});
    if (!contracts.report) return all;
    return [...all, ...contractFindings(contracts.report)].sort(
      (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
    );
  }, [site, live, defaults, contracts.report]);
  const table = useTable({width, rows: findings, columns: COLUMNS, height: height - 1, filter, rowKey: (f) => f.id});
  useTableInput(table);

  const detail = (f: Finding) => shell.push('analyze.finding', {finding: f} satisfies FindingParams);
  useActionHandler('app.open', () => {
    const f = table.selected;
    if (!f) return;
    const target = ruleTarget(f);
    if (!target) return detail(f);
    void hasRulesView().then((yes) => (yes ? shell.push('rules', target) : detail(f)));
  });
  useActionHandler('analyze.lint.detail', () => {
    if (table.selected) detail(table.selected);
  });
  useActionHandler('analyze.lint.live', () => setLive((v) => !v));

  const c = countBySeverity(findings);
  const summary = site
    ? `${c.error} error${c.error === 1 ? '' : 's'} · ${c.warning} warning${c.warning === 1 ? '' : 's'} ` +
      `· ${c.info} info — ${live ? 'live (applied)' : 'staged'} rules`
    : waitingText(snapshot, 'the site');
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text wrap="truncate-end" {...theme.style(c.error ? 'danger' : c.warning ? 'warning' : 'muted')}>
        {fit(summary, width)}
      </Text>
      <Table
        table={table}
        width={width}
        height={height - 1}
        focused={active}
        emptyText={
          site
            ? filter
              ? `No finding matches /${filter}`
              : 'No findings: nothing risky, redundant or broken'
            : waitingText(snapshot, 'the site')
        }
        rowTone={(f) => (f.severity === 'error' ? 'danger' : undefined)}
      />
    </Box>
  );
}
