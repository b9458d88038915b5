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
import {LIFECYCLE_LABELS, withLifecycle} from '../../../domain/edits/rule-lifecycle.js';
import {LIFECYCLE_KINDS, lifecycleOf, validateLifecycleValue} from '../../../domain/lifecycle/model.js';
import type {ViewProps} from '../../app/views.js';
import type {FieldDef, FormValues, PickerItem} from '../../components/form/fields.js';
import {NoteLine} from '../core/DataAge.js';
import {useSession, useSite} from '../../data/session.js';
import {EditForm, type EditContext, type SubmitResult} from '../core/EditForm.js';
import {keptNotice, mergeFormEdit} from '../core/merge-edit.js';
import {lastError, runPlan} from '../core/run-plan.js';
import {RULE_SECTIONS} from './RulesList.js';

export interface RuleFormParams {
  vnet: Key;
  /** The rule to edit; absent for a new one. */
  key?: Key;
  /** Values to start from instead of the rule's own (:recertify's tighten). */
  initial?: Readonly<Record<string, string>>;
}

const PIN_LABELS: Record<string, string> = {no: 'not pinned', top: 'pinned to the top', bottom: 'pinned to the bottom'};
const options = (values: readonly string[], labels: Record<string, string> = {}) =>
  values.map((v) => ({value: v, label: labels[v] ?? v}));

export function ruleFields(site: Site, ctx: RuleContext, start: Readonly<Record<string, string>> = {}): FieldDef[] {
  const rule = ctx.ruleKey === undefined ? undefined : site.rules.find((r) => r.key === ctx.ruleKey);
  const initial: Record<string, string | boolean> = {
    ...ruleFormValues(site, rule),
    ...(rule ? lifecycleOf(site, rule) : {}),
    ...start,
  };
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
    toggle('trace', 'Trace', 'Trace the packets this rule matches (troubleshooting; :diag trace reads it)'),
    text('throttle', 'Throttle', "VergeOS's throttle expression (rate limit); empty = none. Sent as typed", 'none'),
    toggle('dropThrottle', 'Drop throttled', 'Drop what the throttle holds back instead of delaying it'),
    text('description', 'Description', 'Free text: the reason for the rule'),
    ...LIFECYCLE_KINDS.map((k): FieldDef => ({
      kind: 'text',
      name: k,
      label: LIFECYCLE_LABELS[k].label,
      hint: LIFECYCLE_LABELS[k].hint,
      placeholder: k === 'expires' || k === 'reviewed' ? 'YYYY-MM-DD' : 'none',
      initial: String(initial[k] ?? ''),
      validate: (value: string) => validateLifecycleValue(k, (value ?? '').trim()),
    })),
    {
      kind: 'text',
      name: 'override',
      label: 'Override reason',
      hint: 'Only when the change breaks a contract: why it must (written to the audit log)',
      placeholder: 'none',
      initial: '',
    },
  ];
}

/** The rule's lifecycle lives in the tags. */
const FORM_SECTIONS = [...RULE_SECTIONS, 'tags'] as const;

export function RuleFormView({params, width, height, active, shell}: ViewProps<RuleFormParams>) {
  const snapshot = useSite(FORM_SECTIONS);
  const session = useSession();
  const site = snapshot.site?.sections.has('tags') ? snapshot.site : null;
  const network = site?.networks.find((n) => n.key === params.vnet);
  const rule = params.key === undefined ? undefined : site?.rules.find((r) => r.key === params.key);
  const fields = useMemo(
    () => (site ? ruleFields(site, {site, vnet: params.vnet, ruleKey: params.key}, params.initial) : []),
    [site, params.vnet, params.key, params.initial],
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

  const submit = async (values: FormValues, edit: EditContext): Promise<SubmitResult> => {
    if (!rule) {
      const now = session.getSnapshot().site ?? site;
      let plan;
      try {
        plan = withLifecycle(
          createRulePlan(values, {site: now, vnet: params.vnet}),
          now,
          {vnet: params.vnet, name: String(values['name'] ?? '').trim()},
          values,
        );
      } catch (error) {
        return (error as Error).message;
      }
      const override = String(values['override'] ?? '').trim() || undefined;
      if (!(await runPlan(shell, session, plan, {override}))) return lastError(session, 'the change was not made');
      shell.pop();
      return undefined;
    }
    // Someone may have changed the rule while the form was open: only what the operator changed is sent.
    const merged = await mergeFormEdit(session, {
      sections: RULE_SECTIONS,
      find: (s) => s.rules.find((r) => r.key === rule.key),
      fields: (s, r) => ruleFields(s, {site: s, vnet: r.vnet, ruleKey: r.key}),
      base: edit.base,
      mine: values,
      choices: edit.choices,
    });
    if (merged.kind === 'gone') return `rule ${rule.name} was deleted meanwhile`;
    if (merged.kind === 'conflicts') return {conflicts: merged.conflicts};
    let plan;
    try {
      plan = updateRulePlan(merged.row, merged.values, merged.site);
      plan = withLifecycle(
        plan,
        merged.site,
        {key: merged.row.key, vnet: params.vnet, name: String(merged.values['name'] ?? '').trim()},
        merged.values,
      );
    } catch (error) {
      return (error as Error).message;
    }
    // The contract gate refuses a change that breaks a contract unless a reason is given (audited).
    const override = String(values['override'] ?? '').trim() || undefined;
    if (!(await runPlan(shell, session, plan, {override}))) return lastError(session, 'the change was not made');
    const kept = keptNotice(`rule ${rule.name}`, merged.kept);
    if (kept) shell.notify('warning', kept);
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
