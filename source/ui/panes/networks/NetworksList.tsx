// The networks pane: every network with its addressing, running state, rules
// waiting for Apply Rules and port mirroring. Enter opens its rules; i its
// details; n/e/d create, edit, delete internal networks; P/X/R power.
import {Box} from 'ink';
import {useMemo} from 'react';
import {appliedDiff} from '../../../domain/edits/applied-diff.js';
import {
  deleteNetworkPlan,
  networkDeleteBlockers,
  powerConfirmation,
  powerPlan,
  type PowerAction,
} from '../../../domain/edits/networks.js';
import type {Network, Site} from '../../../domain/model.js';
import {useActionHandler} from '../../actions/bus.js';
import type {ViewProps} from '../../app/views.js';
import {Table} from '../../components/table/Table.js';
import type {Column} from '../../components/table/types.js';
import {useTable, useTableInput} from '../../components/table/use-table.js';
import {useSession, useSite} from '../../data/session.js';
import {NoteLine, PaneTitle} from '../core/DataAge.js';
import {buildPlan, confirmAndRun} from '../core/run-plan.js';
import {usePolicyDefaults} from '../core/hooks.js';
import {notLoadedText} from '../../app/loading.js';
import {plainIf} from '../../text/ascii.js';
import {wrapText} from '../../text/wrap.js';
import {useTheme} from '../../theme/context.js';

export interface NetworkRow {
  network: Network;
  rules: number;
  /** Rules differing from the live set; null when the live set is unknown. */
  pending: number | null;
}

const MIRROR: Record<string, string> = {off: '', north_south: 'n/s', east_west: 'e/w'};

export function networkRows(site: Site | null): NetworkRow[] {
  if (!site) return [];
  const count = new Map<number, number>();
  for (const r of site.rules) count.set(r.vnet, (count.get(r.vnet) ?? 0) + 1);
  return site.networks.map((network) => {
    const diff = network.needFwApply ? appliedDiff(site, network.key) : undefined;
    return {
      network,
      rules: count.get(network.key) ?? 0,
      pending: diff ? (diff.source === 'unknown' ? null : diff.count) : 0,
    };
  });
}

function applyText(r: NetworkRow): string {
  if (!r.network.needFwApply) return '';
  return r.pending === null || r.pending === 0 ? 'pending' : `${r.pending} pending`;
}

function mirrorText(n: Network, site: Site | null): string {
  const mode = MIRROR[n.portMirroring] ?? n.portMirroring;
  if (!mode) return '';
  const target = site?.networks.find((x) => x.key === n.portMirroringVnet)?.name;
  return target ? `${mode} → ${target}` : mode;
}

function columns(site: Site | null): Column<NetworkRow>[] {
  return [
    {id: 'name', header: 'NAME', format: (r) => r.network.name, width: 14, minWidth: 10, grow: true, priority: 0},
    {id: 'type', header: 'TYPE', format: (r) => r.network.type, width: 8, priority: 7},
    {id: 'cidr', header: 'CIDR', format: (r) => r.network.cidr, width: 16, priority: 1},
    {id: 'router', header: 'ROUTER', format: (r) => r.network.routerIp, width: 15, priority: 6},
    {
      id: 'state',
      header: 'STATE',
      format: (r) => `${r.network.status}${r.network.needRestart ? '*' : ''}`,
      width: 12,
      kind: 'status',
      priority: 1,
      tone: (r) =>
        r.network.status === 'running'
          ? 'ok'
          : r.network.status === 'stopped'
            ? 'muted'
            : r.network.status === 'error'
              ? 'danger'
              : 'warning',
    },
    {
      id: 'rules',
      header: 'RULES',
      format: (r) => String(r.rules),
      sortValue: (r) => r.rules,
      width: 5,
      align: 'right',
      priority: 3,
    },
    {
      id: 'apply',
      header: 'APPLY',
      format: applyText,
      sortValue: (r) => (r.network.needFwApply ? 1 : 0),
      width: 11,
      kind: 'status',
      tone: (r) => (r.network.needFwApply ? 'warning' : undefined),
      priority: 2,
    },
    {
      id: 'mirror',
      header: 'MIRROR',
      format: (r) => mirrorText(r.network, site),
      width: 18,
      minWidth: 8,
      kind: 'status',
      tone: (r) =>
        r.network.portMirroring === 'east_west'
          ? 'warning'
          : r.network.portMirroring === 'north_south'
            ? 'info'
            : undefined,
      priority: 4,
    },
  ];
}

const START = [
  'This site has no internal networks yet. Start with :wizard setup — it walks the six steps:',
  '1 topology (a network per workload) · 2 rules (least privilege) · 3 aliases · 4 VPN tunnels · 5 tenants · 6 monitor and adjust.',
  'Each step shows its plan and the exact API calls before anything is sent, and any step can be skipped. ? lists every key and command.',
];

/** The start screen's lines, wrapped, in at most `room` rows (the table keeps three). */
function startLines(room: number, width: number, ascii: boolean): string[] {
  const out: string[] = [''];
  for (const paragraph of START) out.push(...wrapText(plainIf(ascii, paragraph), width));
  return out.slice(0, Math.max(0, room - 3));
}

function note(r: NetworkRow | undefined, site: Site | null): string {
  if (!r) return '';
  const n = r.network;
  const parts = [n.description];
  if (n.needRestart) parts.push('settings change on the next restart (R)');
  if (n.owner) parts.push(`managed by VergeOS for ${n.owner}`);
  if (n.needFwApply)
    parts.push(
      r.pending === null ? 'rule changes pending (the live rules are unknown)' : 'rule changes pending: a applies them',
    );
  const gw = site?.networks.find((x) => x.key === n.defaultGateway);
  if (gw) parts.push(`default gateway ${gw.name}`);
  return parts.filter(Boolean).join(' · ');
}

export const NETWORK_SECTIONS = ['networks', 'rules', 'aliases', 'addresses', 'vms'] as const;

export function NetworksList({width, height, filter, active, shell, state}: ViewProps<undefined>) {
  const snapshot = useSite(NETWORK_SECTIONS);
  const theme = useTheme();
  const session = useSession();
  const defaults = usePolicyDefaults();
  const site = snapshot.site;
  const rows = useMemo(() => networkRows(site), [site]);
  const cols = useMemo(() => columns(site), [site]);
  const table = useTable({
    width,
    rows,
    columns: cols,
    height: Math.max(1, height - 2),
    filter,
    rowKey: (r) => String(r.network.key),
  });
  useTableInput(table);
  const selected = table.selected?.network;

  useActionHandler('app.open', () => {
    if (selected) shell.push('rules', {network: selected.key, label: selected.name});
  });
  useActionHandler('networks.info', () => {
    if (selected) shell.push('networks.detail', {key: selected.key});
  });
  useActionHandler('networks.create', () => shell.push('networks.form', {}));
  useActionHandler('networks.edit', () => {
    if (!selected) return;
    if (selected.type !== 'internal')
      return shell.notify('warning', `vseg edits internal networks; ${selected.name} is ${selected.type}`);
    if (selected.owner)
      return shell.notify('warning', `${selected.name} is managed by VergeOS for ${selected.owner}; change it there`);
    shell.push('networks.form', {key: selected.key});
  });
  useActionHandler('networks.delete', () => {
    if (!selected || !site) return;
    const blockers = networkDeleteBlockers(selected, site);
    if (blockers.length) return shell.notify('error', `${selected.name} cannot be deleted: ${blockers.join('; ')}`);
    const plan = buildPlan(shell, () => deleteNetworkPlan(selected, site));
    void confirmAndRun(shell, session, plan, {
      title: `Delete network ${selected.name}?`,
      message:
        `Its ${table.selected!.rules} rules, addresses and VPN settings go with ` +
        `it.${selected.running ? ' It is running: it is powered off first.' : ''}`,
      confirmLabel: 'Delete',
      typeToConfirm: selected.name,
      triggerKey: 'd',
      dangerous: true,
    });
  });
  const power = (action: PowerAction, key: string) => {
    if (!selected) return;
    const plan = powerPlan(selected, action);
    const text = powerConfirmation(selected, action);
    void confirmAndRun(shell, session, plan, {
      title: text.title,
      message: text.message,
      confirmLabel: text.label,
      triggerKey: key,
      dangerous: action !== 'poweron',
    });
  };
  useActionHandler('networks.poweron', () => power('poweron', 'P'));
  useActionHandler('networks.poweroff', () => power('poweroff', 'X'));
  useActionHandler('networks.restart', () => power('reset', 'R'));
  useActionHandler('networks.apply', () => {
    if (!selected || !site) return;
    // Loaded when asked for: its verdict diff brings the whole evaluator, which
    // the console's first view has no other use for (docs/PERFORMANCE.md).
    void import('../rules/apply-rules.js').then(
      ({confirmApplyRules}) => confirmApplyRules(session, shell, site, selected, defaults, 'a'),
      (error: unknown) =>
        shell.notify('error', `Apply Rules: ${error instanceof Error ? error.message : String(error)}`),
    );
  });

  const pending = site?.networks.filter((n) => n.needFwApply && n.type !== 'port_mirror').length ?? 0;
  // An empty site: say where to begin instead of a lone External row.
  const start =
    site && !filter && !site.networks.some((n) => n.type === 'internal')
      ? startLines(height - 4, width, theme.ascii)
      : [];
  const empty = site
    ? filter
      ? `No network matches /${filter}`
      : 'No networks'
    : notLoadedText(state, snapshot.error, 'networks');
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaneTitle
        width={width}
        active={active}
        snapshot={snapshot}
        parts={[
          {text: 'networks', tone: 'title'},
          {text: site ? `${site.networks.length} network${site.networks.length === 1 ? '' : 's'}` : ''},
          ...(pending ? [{text: `${pending} with rule changes pending`, tone: 'warning' as const}] : []),
        ]}
      />
      <Table
        table={table}
        width={width}
        // With the start screen, the table takes its rows only and the words follow right under them.
        height={
          start.length
            ? Math.min(table.rows.length + 1, Math.max(1, height - 2 - start.length))
            : Math.max(1, height - 2)
        }
        focused={active}
        emptyText={empty}
        rowTone={(r) => (r.network.enabled ? undefined : 'muted')}
      />
      {start.map((line, i) => (
        <NoteLine key={i} width={width} text={line} tone={i === 1 ? 'accent' : undefined} />
      ))}
      {start.length ? <Box flexGrow={1} /> : null}
      <NoteLine width={width} text={note(table.selected, site)} />
    </Box>
  );
}
