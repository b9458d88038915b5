// Step 6, later: a network's rules with their hit counters, the ones never
// hit marked, and the adjustments — disable a rule (d), tighten it (t), turn
// mirroring off again (m, restarts the network). Every change is planned by
// the monitor wizard's planner, shown with its exact calls and confirmed.
import {Box} from 'ink';
import {sanitize} from '../../../domain/text.js';
import {
  SecretBox,
  WIZARDS,
  adjustAnswers,
  hitCounters,
  mirrorNetworkOf,
  type HitRow,
  type WizardPlan,
} from '../../../domain/wizards/index.js';
import {ConsoleSession} from '../../../session/console-session.js';
import {derivedNetworkKeys} from '../../../domain/sitefile/index.js';
import {ALL_SECTIONS, type Network, type Site} from '../../../domain/model.js';
import {useActionHandler} from '../../actions/bus.js';
import type {ShellApi} from '../../app/shell-api.js';
import type {ViewProps} from '../../app/views.js';
import {Table} from '../../components/table/Table.js';
import type {Column} from '../../components/table/types.js';
import {useTable, useTableInput} from '../../components/table/use-table.js';
import {useSession} from '../../data/session.js';
import {useSyncState} from '../../components/use-sync-state.js';
import {Lines, Loading, useFullSite} from './common.js';
import {useWizardPolicy} from './policy.js';

export interface MonitorParams {
  network?: string;
  setup?: boolean;
}

const COLUMNS: readonly Column<HitRow>[] = [
  {
    id: 'pos',
    header: '#',
    format: (r) => String(r.position),
    sortValue: (r) => r.position,
    width: 3,
    align: 'right',
    priority: 2,
  },
  {
    id: 'packets',
    header: 'PACKETS',
    format: (r) => (r.rule.statistics ? String(r.rule.packets) : '-'),
    sortValue: (r) => r.rule.packets,
    width: 11,
    align: 'right',
    priority: 0,
  },
  {
    id: 'bytes',
    header: 'BYTES',
    format: (r) => (r.rule.statistics ? String(r.rule.bytes) : '-'),
    sortValue: (r) => r.rule.bytes,
    width: 12,
    align: 'right',
    priority: 3,
  },
  {id: 'name', header: 'RULE', format: (r) => r.rule.name, width: 24, grow: true, priority: 0},
  {
    id: 'action',
    header: 'ACTION',
    format: (r) => `${r.rule.action} ${r.rule.direction === 'incoming' ? 'in' : 'out'}`,
    width: 12,
    priority: 4,
  },
  {
    id: 'state',
    header: 'STATE',
    width: 11,
    kind: 'status',
    priority: 1,
    format: (r) =>
      !r.rule.enabled ? 'disabled' : r.neverHit ? 'never hit' : r.rule.statistics ? 'hit' : 'not counted',
    tone: (r) => (!r.rule.enabled ? 'muted' : r.neverHit ? 'warning' : r.rule.statistics ? 'ok' : 'muted'),
  },
];

function networksOf(site: Site): Network[] {
  const derived = derivedNetworkKeys(site);
  return site.networks.filter((n) => n.type === 'internal' && !derived.has(n.key));
}

/** Confirms a monitor plan (calls shown) and runs it. */
export async function runAdjustment(
  session: ConsoleSession,
  shell: ShellApi,
  plan: WizardPlan,
  title: string,
  options: {typeToConfirm?: string; triggerKey?: string; review?: readonly string[]} = {},
): Promise<boolean> {
  if (plan.errors.length > 0) {
    shell.notify('error', plan.errors[0]);
    return false;
  }
  if (plan.changePlan.steps.length === 0) {
    shell.notify('info', `${title}: nothing to change`);
    return true;
  }
  const ok = await shell.confirm({
    title,
    message: [
      plan.touched.length ? `Apply Rules on ${plan.touched.join(', ')} afterwards.` : '',
      plan.restarts.length ? `Restarts ${plan.restarts.join(', ')}: traffic stops for a moment.` : '',
      ...(options.review ?? []),
    ]
      .filter(Boolean)
      .join('\n'),
    calls: ConsoleSession.calls(plan.changePlan),
    confirmLabel: 'Apply',
    typeToConfirm: options.typeToConfirm,
    triggerKey: options.triggerKey,
    dangerous: true,
  });
  if (!ok) {
    shell.notify('info', `${title}: cancelled`);
    return false;
  }
  const report = await session.runPlan(plan.changePlan, {refresh: ALL_SECTIONS});
  return report?.ok === true;
}

export function WizardMonitor({params, width, height, active, filter, shell}: ViewProps<MonitorParams>) {
  const session = useSession();
  const site = useFullSite();
  const policy = useWizardPolicy();
  const [chosen, setChosen] = useSyncState<string | undefined>(params.network);
  const nets = site ? networksOf(site) : [];
  const network = nets.find((n) => n.name === chosen) ?? nets.find((n) => n.statistics) ?? nets[0];
  const rows = site && network ? hitCounters(site, network.name) : [];
  const mirror = site && network ? mirrorNetworkOf(site, network) : undefined;
  const never = rows.filter((r) => r.neverHit).length;
  const head = network
    ? [
        `${network.name}: statistics ${network.statistics ? 'on' : 'off'}, mirroring ` +
          `${network.portMirroring}${mirror ? ` → ${mirror.name}` : ''}; ${never} rule${never === 1 ? '' : 's'} never hit`,
        network.portMirroring === 'east_west'
          ? 'east_west mirroring is for short captures: turn it off when done (m).'
          : 'd disables, t tightens the selected rule; m turns mirroring off.',
      ]
    : ['No internal network to monitor.'];
  const table = useTable({
    rows,
    columns: COLUMNS,
    height: Math.max(2, height - head.length),
    filter,
    rowKey: (r) => String(r.rule.key),
  });
  useTableInput(table);
  const selected = table.selected;
  const ctx = {policy, secrets: new SecretBox()};
  const plan = (change: Parameters<typeof adjustAnswers>[1]) =>
    site && network ? WIZARDS.monitor.plan(site, adjustAnswers(network, change), ctx) : undefined;

  useActionHandler('monitor.network', () => {
    if (nets.length === 0 || !network) return;
    setChosen(nets[(nets.indexOf(network) + 1) % nets.length].name);
  });
  useActionHandler('monitor.disable', () => {
    if (!selected || !network) return;
    if (selected.rule.systemRule || selected.rule.owner)
      return shell.notify('warning', `${selected.rule.name} belongs to VergeOS and cannot be changed`);
    if (!selected.rule.enabled) return shell.notify('info', `${selected.rule.name} is already disabled`);
    const p = plan({disableRules: [selected.rule.name]});
    if (p)
      void runAdjustment(session, shell, p, `Disable rule ${sanitize(selected.rule.name)} on ${network.name}?`, {
        triggerKey: 'd',
      });
  });
  useActionHandler('monitor.tighten', () => {
    if (!selected || !network) return;
    if (selected.rule.systemRule || selected.rule.owner)
      return shell.notify('warning', `${selected.rule.name} belongs to VergeOS and cannot be changed`);
    shell.push('wizard.tighten', {network: network.name, rule: selected.rule.name});
  });
  useActionHandler('monitor.capture', () => {
    if (network) shell.push('wizard.capture', {network: network.name});
  });
  useActionHandler('monitor.mirrorOff', () => {
    if (!network) return;
    if (network.portMirroring === 'off' && !mirror)
      return shell.notify('info', `Mirroring is already off on ${network.name}`);
    const p = plan({mirroring: 'off', restart: true});
    if (p)
      void runAdjustment(session, shell, p, `Turn mirroring off on ${network.name} and restart it?`, {
        typeToConfirm: network.name,
        triggerKey: 'm',
      });
  });

  if (!site) return <Loading width={width} height={height} />;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Lines lines={head} width={width} tone={(i) => (i === 0 ? 'accent' : 'muted')} />
      <Table
        table={table}
        width={width}
        height={Math.max(2, height - head.length)}
        focused={active}
        emptyText={network ? `${network.name} has no rules` : 'No networks'}
      />
    </Box>
  );
}
