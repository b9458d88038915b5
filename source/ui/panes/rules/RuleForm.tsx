// New / edit rule: every vnet_rules field, checked as it is typed (nothing is
// sent until the whole form is valid), with Ctrl+P on address and port
// fields to insert a network, VM NIC, alias, router or vnetself.
import {Box} from 'ink';
import {useMemo} from 'react';
import {
  CT_STATES,
  PROTOCOL_LABELS,
  RULE_CHECKS,
  RULE_OPTIONS,
  createRulePlan,
  ruleFormValues,
  updateRulePlan,
  type RuleContext,
} from '../../../domain/edits/rules.js';
import {ruleFieldHelpers} from '../../../domain/edits/rule-tokens.js';
import type {Key, Site} from '../../../domain/model.js';
import type {ViewProps} from '../../app/views.js';
import type {FieldDef, FormValues, PickerItem} from '../../components/form/fields.js';
import {NoteLine} from '../core/DataAge.js';
import {useSession, useSite} from '../../data/session.js';
import {EditForm} from '../core/EditForm.js';
import {lastError, runPlan} from '../core/run-plan.js';
import {RULE_SECTIONS} from './RulesList.js';

export interface RuleFormParams {
  vnet: Key;
  /** The rule to edit; absent for a new one. */
  key?: Key;
}

const PIN_LABELS: Record<string, string> = {no: 'not pinned', top: 'pinned to the top', bottom: 'pinned to the bottom'};
const options = (values: readonly string[], labels: Record<string, string> = {}) =>
  values.map((v) => ({value: v, label: labels[v] ?? v}));

export function ruleFields(site: Site, ctx: RuleContext): FieldDef[] {
  const initial = ruleFormValues(
    site,
    ctx.ruleKey === undefined ? undefined : site.rules.find((r) => r.key === ctx.ruleKey),
  );
  const check = (name: string) => (value: string, values: FormValues) => RULE_CHECKS[name](value ?? '', values, ctx);
  const text = (name: string, label: string, hint: string, placeholder?: string): FieldDef => ({
    kind: 'text',
    name,
    label,
    hint,
    placeholder,
    initial: String(initial[name] ?? ''),
    validate: check(name),
  });
  const select = (name: keyof typeof RULE_OPTIONS, label: string, labels?: Record<string, string>): FieldDef => ({
    kind: 'select',
    name,
    label,
    options: options(RULE_OPTIONS[name], labels),
    initial: String(initial[name]),
  });
  const toggle = (name: string, label: string, hint: string): FieldDef => ({
    kind: 'toggle',
    name,
    label,
    hint,
    initial: initial[name] === true,
  });
  const pick = 'Ctrl+P inserts a network, VM NIC, alias, router or vnetself';
  return [
    text('name', 'Name', 'Unique on this network'),
    select('action', 'Action'),
    select('direction', 'Direction'),
    select('protocol', 'Protocol', PROTOCOL_LABELS),
    text('source', 'Source', `Empty = any. IP, CIDR, range, comma list. ${pick}`, 'any'),
    text(
      'sourcePorts',
      'Source ports',
      'Empty = any. 22, 80,443, 1024-65535 or a port alias (Ctrl+P); tcp/udp only',
      'any',
    ),
    text('destination', 'Destination', `Empty = any. ${pick}`, 'any'),
    text(
      'destinationPorts',
      'Destination ports',
      'Empty = any. 22, 80,443, 8000-8100 or a port alias (Ctrl+P); tcp/udp only',
      'any',
    ),
    text(
      'target',
      'Target',
      "translate: the new address; route: the next hop (another network's DMZ IP, Ctrl+P)",
      'none',
    ),
    text('targetPorts', 'Target ports', 'translate only: the new port(s)', 'none'),
    select('interface', 'Interface'),
    text('ctState', 'Connection state', `Empty = any. Comma list of ${CT_STATES.join(', ')}`, 'any'),
    select('pin', 'Pin', PIN_LABELS),
    toggle('enabled', 'Enabled', 'Disabled rules stay in the list and are skipped'),
    toggle('log', 'Log', 'Log the packets this rule matches'),
    toggle('statistics', 'Statistics', 'Count packets and bytes this rule matches'),
    toggle('trace', 'Trace', 'Trace the packets this rule matches (troubleshooting)'),
    text('description', 'Description', 'Free text'),
  ];
}

export function RuleFormView({params, width, height, active, shell}: ViewProps<RuleFormParams>) {
  const snapshot = useSite(RULE_SECTIONS);
  const session = useSession();
  const site = snapshot.site;
  const network = site?.networks.find((n) => n.key === params.vnet);
  const rule = params.key === undefined ? undefined : site?.rules.find((r) => r.key === params.key);
  const fields = useMemo(
    () => (site ? ruleFields(site, {site, vnet: params.vnet, ruleKey: params.key}) : []),
    [site, params.vnet, params.key],
  );
  const helpers = useMemo((): Record<string, readonly PickerItem[]> => {
    if (!site) return {};
    const h = ruleFieldHelpers(site, params.vnet);
    return {
      source: h.address,
      destination: h.address,
      sourcePorts: h.ports,
      destinationPorts: h.ports,
      target: h.target,
    };
  }, [site, params.vnet]);

  if (!site || !network || (params.key !== undefined && !rule)) {
    const text = !site
      ? 'Loading…'
      : !network
        ? 'That network is gone (refresh with r)'
        : 'That rule is gone (refresh with r)';
    return (
      <Box width={width} height={height}>
        <NoteLine width={width} text={text} />
      </Box>
    );
  }

  const submit = async (values: FormValues): Promise<string | undefined> => {
    // The site may have changed while the form was open: build against the newest snapshot.
    const now = session.getSnapshot().site ?? site;
    const current = rule ? now.rules.find((r) => r.key === rule.key) : undefined;
    if (rule && !current) return `rule ${rule.name} was deleted meanwhile`;
    let plan;
    try {
      plan = current ? updateRulePlan(current, values, now) : createRulePlan(values, {site: now, vnet: params.vnet});
    } catch (error) {
      return (error as Error).message;
    }
    const ok = await runPlan(shell, session, plan);
    if (!ok) return lastError(session, 'the change was not made');
    shell.pop();
    return undefined;
  };

  return (
    <EditForm
      // Re-created when the edited rule changes identity, never on a refresh.
      key={`${params.vnet}:${params.key ?? 'new'}`}
      title={rule ? `Edit rule ${network.name}/${rule.name}` : `New rule on ${network.name}`}
      fields={fields}
      helpers={helpers}
      submitLabel={rule ? 'Save' : 'Create'}
      onSubmit={submit}
      onCancel={() => shell.pop()}
      width={width}
      height={height}
      isActive={active}
    />
  );
}
