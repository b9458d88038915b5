// Rule edits: the form's field checks and the ChangePlans for create, edit,
// copy, delete, enable/disable, statistics/log, pin and move. Bodies use the
// `vnet_rules` field names; every step says which network it stages
// (`touchesNetwork`) so the console knows what needs Apply Rules.
import {
  PORT_PROTOCOLS,
  RULE_ACTIONS,
  RULE_DIRECTIONS,
  RULE_INTERFACES,
  RULE_PINS,
  RULE_PROTOCOLS,
  type RulePin,
} from '../../api/enums.js';
import type {Body, ChangePlan, Step} from '../changes/types.js';
import {looksLikeIpv6, parseAddressSpec, validateCidr, validateIp, validateIpv6} from '../ip.js';
import {compareRuleOrder, type Key, type Network, type Rule, type Site} from '../model.js';
import {parsePortSpec} from '../ports.js';
import {isClean, textOf} from '../text.js';
import {changedFields, checkName, flag, normaliseList, text, uniqueCopyName, type EditValues} from './common.js';
import {
  ADDRESS_HELPERS,
  aliasHolds,
  aliasKeysToNames,
  writeTokens,
  findAlias,
  findNetwork,
  findVmNic,
} from './rule-tokens.js';

/** Where a rule form edits: the site, the rule's network, and the rule when editing. */
export interface RuleContext {
  site: Site;
  vnet: Key;
  ruleKey?: Key;
}

export const PROTOCOL_LABELS: Readonly<Record<string, string>> = {
  tcp: 'tcp',
  udp: 'udp',
  tcpudp: 'tcp+udp',
  icmp: 'icmp',
  any: 'any',
  '89': 'ospf (89)',
  '2': 'igmp (2)',
  '47': 'gre (47)',
  '50': 'esp (50)',
  '51': 'ah (51)',
};
export const CT_STATES = ['new', 'established', 'related', 'untracked', 'invalid'] as const;
const DESCRIPTION_MAX = 2048;

export const RULE_OPTIONS = {
  action: RULE_ACTIONS,
  direction: RULE_DIRECTIONS,
  protocol: RULE_PROTOCOLS,
  interface: RULE_INTERFACES,
  pin: RULE_PINS,
} as const;

const usesPorts = (protocol: string) => (PORT_PROTOCOLS as readonly string[]).includes(protocol);
const protocolOf = (values: EditValues) => text(values, 'protocol') || 'any';
const actionOf = (values: EditValues) => text(values, 'action') || 'accept';

function networkOf(ctx: RuleContext): Network | undefined {
  return ctx.site.networks.find((n) => n.key === ctx.vnet);
}

function entries(value: string): {parts: string[]; error?: string} {
  const parts = value.split(',').map((p) => p.trim());
  const empty = parts.findIndex((p) => p === '');
  return empty >= 0 ? {parts, error: `entry ${empty + 1} is empty (stray comma?)`} : {parts};
}

// --- field checks -------------------------------------------------------------

export function validateRuleName(value: string, _values: EditValues, ctx: RuleContext): string | undefined {
  const bad = checkName(value, 'rule');
  if (bad) return bad;
  const name = value.trim().toLowerCase();
  const clash = ctx.site.rules.find(
    (r) => r.vnet === ctx.vnet && r.key !== ctx.ruleKey && r.name.toLowerCase() === name,
  );
  const network = networkOf(ctx)?.name ?? 'this network';
  return clash ? `${network} already has a rule named "${clash.name}"` : undefined;
}

/** A helper (router, vnetself…) or a reference to an alias, network or NIC, which only the site resolves. */
export function isReferenceToken(token: string): boolean {
  const lower = token.trim().toLowerCase();
  return (ADDRESS_HELPERS as readonly string[]).includes(lower) || /^(alias|vnet|vmnic):/.test(lower);
}

/** One port or port range (1–65535, low to high). */
export function validatePortToken(token: string): string | undefined {
  const p = parsePortSpec(token, 1);
  return p.ok ? undefined : p.error;
}

/**
 * One address token: IPv4 IP, CIDR or range, a valid IPv6 address or CIDR
 * (VergeOS rules may hold them; the analysis notes it ignores them), or a
 * helper/reference that resolves in the site.
 */
export function validateAddressToken(token: string, site: Site): string | undefined {
  const lower = token.toLowerCase();
  if ((ADDRESS_HELPERS as readonly string[]).includes(lower)) return undefined;
  if (lower.startsWith('alias:')) {
    const ref = token.slice(6).trim();
    const alias = findAlias(site, ref);
    if (!alias) return `alias "${ref}" does not exist`;
    if (!aliasHolds(alias, 'address')) return `alias "${alias.name}" holds no address`;
    return undefined;
  }
  if (lower.startsWith('vnet:')) {
    const ref = token.slice(5).trim();
    const net = findNetwork(site, ref);
    if (!net) return `network "${ref}" does not exist`;
    return net.cidr ? undefined : `network "${net.name}" has no address block`;
  }
  if (lower.startsWith('vmnic:')) {
    const ref = token.slice(6).trim();
    const {vm, nic} = findVmNic(site, ref);
    if (!vm) return `no VM for "${ref}" (expected vmnic:<vm>.<nic>)`;
    if (!nic)
      return `VM "${vm.name}" has no NIC "${ref.slice(vm.name.length + 1)}" (it has ${vm.nics.map((n) => n.name).join(', ') || 'none'})`;
    return undefined;
  }
  if (looksLikeIpv6(token)) {
    const v6 = validateIpv6(token);
    return v6.ok ? undefined : v6.error;
  }
  if (token.includes('/')) {
    const c = validateCidr(token);
    return c.ok ? undefined : c.error;
  }
  const spec = parseAddressSpec(token);
  return spec.ok ? undefined : spec.error;
}

/** Source / destination: empty = any; a comma list of addresses and references. */
export function validateAddressField(value: string, _values: EditValues, ctx: RuleContext): string | undefined {
  if (value.trim() === '') return undefined;
  const {parts, error} = entries(value);
  if (error) return error;
  for (const part of parts) {
    const bad = validateAddressToken(part, ctx.site);
    if (bad) return bad;
  }
  return undefined;
}

/** Source / destination / target ports: only for tcp, udp and tcpudp; numbers, ranges, port aliases. */
export function validatePortsField(value: string, values: EditValues, ctx: RuleContext): string | undefined {
  if (value.trim() === '') return undefined;
  const protocol = protocolOf(values);
  if (!usesPorts(protocol))
    return `ports need protocol tcp, udp or tcp+udp (it is ${PROTOCOL_LABELS[protocol] ?? protocol})`;
  const {parts, error} = entries(value);
  if (error) return error;
  for (const part of parts) {
    if (part.toLowerCase().startsWith('alias:')) {
      const ref = part.slice(6).trim();
      const alias = findAlias(ctx.site, ref);
      if (!alias) return `alias "${ref}" does not exist`;
      if (!aliasHolds(alias, 'port')) return `alias "${alias.name}" holds no port`;
      continue;
    }
    const bad = validatePortToken(part);
    if (bad) return bad;
  }
  return undefined;
}

/** translate and route rules need a target; filter rules take none. */
export function validateTarget(value: string, values: EditValues, ctx: RuleContext): string | undefined {
  const action = actionOf(values);
  const t = value.trim();
  if (action !== 'translate' && action !== 'route')
    return t === '' ? undefined : 'only translate and route rules use a target';
  if (t === '') {
    return action === 'route'
      ? "a route needs a target: the next hop, e.g. the other network's DMZ IP"
      : 'a translate rule needs a target address';
  }
  if (action === 'route') {
    if (t.includes(',')) return 'a route has one next hop';
    const ip = validateIp(t);
    return ip.ok ? undefined : ip.error;
  }
  return validateAddressField(value, values, ctx);
}

export function validateTargetPorts(value: string, values: EditValues, ctx: RuleContext): string | undefined {
  if (value.trim() === '') return undefined;
  if (actionOf(values) !== 'translate') return 'only translate rules rewrite ports';
  return validatePortsField(value, values, ctx);
}

/** ct_state: empty, or a comma list of new, established, related, untracked, invalid. */
export function validateCtState(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  const {parts, error} = entries(value);
  if (error) return error;
  const bad = parts.find((p) => !(CT_STATES as readonly string[]).includes(p.toLowerCase()));
  return bad ? `"${bad}" is not a connection state (${CT_STATES.join(', ')})` : undefined;
}

export function validateDescription(value: string): string | undefined {
  if (value.length > DESCRIPTION_MAX) return `at most ${DESCRIPTION_MAX} characters`;
  return isClean(value) ? undefined : 'control characters are not allowed';
}

/** Every check of the rule form, by field name (what the console's form wires up). */
/**
 * The throttle expression's format is not public (TS network-rule types: "Throttle
 * expression"): vseg sends it as typed, but only plain rate text — no quotes, no control
 * or shell characters, at most 64 characters.
 */
export function validateThrottle(v: string): string | undefined {
  const t = v.trim();
  if (t === '') return undefined;
  if (t.length > 64) return 'at most 64 characters';
  if (!/^[A-Za-z0-9 ./:,_-]+$/.test(t)) return 'letters, digits, spaces and . / : , _ - only (e.g. 100/second)';
  return undefined;
}

export const RULE_CHECKS: Readonly<
  Record<string, (value: string, values: EditValues, ctx: RuleContext) => string | undefined>
> = {
  name: validateRuleName,
  source: validateAddressField,
  sourcePorts: validatePortsField,
  destination: validateAddressField,
  destinationPorts: validatePortsField,
  target: validateTarget,
  targetPorts: validateTargetPorts,
  ctState: (v) => validateCtState(v),
  description: (v) => validateDescription(v),
  throttle: (v) => validateThrottle(v),
};

/** All field errors of a form (empty when it can be sent). */
export function ruleFormErrors(values: EditValues, ctx: RuleContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, check] of Object.entries(RULE_CHECKS)) {
    const error = check(text(values, field), values, ctx);
    if (error) out[field] = error;
  }
  for (const [field, options] of Object.entries(RULE_OPTIONS)) {
    const v = text(values, field);
    if (v !== '' && !(options as readonly string[]).includes(v))
      out[field] = `"${v}" is not one of ${options.join(', ')}`;
  }
  return out;
}

// --- form values ↔ API bodies -------------------------------------------------

/** Initial values of the form: a new rule, or an existing one (aliases shown by name). */
export function ruleFormValues(site: Site, rule?: Rule): Record<string, string | boolean> {
  if (!rule) {
    return {
      name: '',
      action: 'accept',
      direction: 'incoming',
      protocol: 'tcp',
      source: '',
      sourcePorts: '',
      destination: '',
      destinationPorts: '',
      target: '',
      targetPorts: '',
      interface: 'auto',
      ctState: '',
      pin: 'no',
      enabled: true,
      log: false,
      statistics: false,
      trace: false,
      throttle: '',
      dropThrottle: false,
      description: '',
    };
  }
  const show = (v: string) => aliasKeysToNames(v, site);
  return {
    name: rule.name,
    action: rule.action,
    direction: rule.direction,
    protocol: rule.protocol || 'any',
    source: show(rule.sourceIp),
    sourcePorts: show(rule.sourcePorts),
    destination: show(rule.destinationIp),
    destinationPorts: show(rule.destinationPorts),
    target: show(rule.targetIp),
    targetPorts: show(rule.targetPorts),
    interface: rule.interface || 'auto',
    ctState: rule.ctState,
    pin: rule.pin,
    enabled: rule.enabled,
    log: rule.log,
    statistics: rule.statistics,
    trace: rule.trace,
    throttle: rule.throttle ?? '',
    dropThrottle: rule.dropThrottle ?? false,
    description: rule.description,
  };
}

/** The rule's writable fields as VergeOS names them. */
export function ruleApiBody(rule: Rule): Body {
  return {
    name: rule.name,
    description: rule.description,
    action: rule.action,
    direction: rule.direction,
    protocol: rule.protocol || 'any',
    interface: rule.interface || 'auto',
    ct_state: rule.ctState,
    source_ip: rule.sourceIp,
    source_ports: rule.sourcePorts,
    destination_ip: rule.destinationIp,
    destination_ports: rule.destinationPorts,
    target_ip: rule.targetIp,
    target_ports: rule.targetPorts,
    pin: rule.pin,
    enabled: rule.enabled,
    log: rule.log,
    statistics: rule.statistics,
    trace: rule.trace,
    throttle: rule.throttle ?? '',
    drop_throttle: rule.dropThrottle ?? false,
  };
}

/** The address and port fields of a body as vseg writes them (see writeTokens). */
function withWrittenTokens(body: Body, site: Site): Body {
  const out: Body = {...body};
  for (const k of ['source_ip', 'source_ports', 'destination_ip', 'destination_ports', 'target_ip', 'target_ports']) {
    const v = out[k];
    if (typeof v === 'string') out[k] = writeTokens(v, site);
  }
  return out;
}

/** Form values → body; alias names become `alias:<key>`, name-based tokens addresses, lists lose their spaces. */
export function ruleBody(values: EditValues, site: Site): Body {
  const action = actionOf(values);
  const ref = (field: string) => writeTokens(normaliseList(text(values, field)), site);
  const list = (field: string) => normaliseList(text(values, field));
  const nat = action === 'translate' || action === 'route';
  return {
    name: text(values, 'name'),
    description: text(values, 'description'),
    action,
    direction: text(values, 'direction') || 'incoming',
    protocol: protocolOf(values),
    interface: text(values, 'interface') || 'auto',
    ct_state: list('ctState').toLowerCase(),
    source_ip: ref('source'),
    source_ports: ref('sourcePorts'),
    destination_ip: ref('destination'),
    destination_ports: ref('destinationPorts'),
    target_ip: nat ? ref('target') : '',
    target_ports: action === 'translate' ? ref('targetPorts') : '',
    pin: text(values, 'pin') || 'no',
    enabled: flag(values, 'enabled'),
    log: flag(values, 'log'),
    statistics: flag(values, 'statistics'),
    trace: flag(values, 'trace'),
    throttle: text(values, 'throttle').trim(),
    drop_throttle: flag(values, 'dropThrottle'),
  };
}

function requireValid(values: EditValues, ctx: RuleContext): void {
  const errors = Object.entries(ruleFormErrors(values, ctx));
  if (errors.length) throw new Error(`the rule form has errors: ${errors.map(([f, e]) => `${f}: ${e}`).join('; ')}`);
}

function netName(site: Site, vnet: Key): string {
  return site.networks.find((n) => n.key === vnet)?.name ?? `network ${vnet}`;
}

/** A system rule belongs to VergeOS: say so instead of sending a change it refuses. */
export function ruleRefusal(rule: Rule): string | undefined {
  if (!rule.systemRule) return undefined;
  return `"${rule.name}" is a system rule${rule.owner ? ` (made for ${rule.owner})` : ''}: VergeOS does not let it be changed or deleted`;
}

function guard(rule: Rule): void {
  const refusal = ruleRefusal(rule);
  if (refusal) throw new Error(refusal);
}

export function createRulePlan(values: EditValues, ctx: RuleContext): ChangePlan {
  requireValid(values, ctx);
  const body = ruleBody(values, ctx.site);
  const net = netName(ctx.site, ctx.vnet);
  return {
    title: `Create rule ${net}/${textOf(body['name'])}`,
    steps: [
      {
        kind: 'create',
        id: `create rule ${net}/${textOf(body['name'])}`,
        title: `Create rule ${net}/${textOf(body['name'])}`,
        table: 'vnet_rules',
        body: {vnet: ctx.vnet, ...body},
        identity: {vnet: ctx.vnet, name: body['name']!},
        touchesNetwork: ctx.vnet,
        knownNew: true,
      },
    ],
  };
}

function update(rule: Rule, site: Site, body: Body, what: string, title?: string): ChangePlan {
  const net = netName(site, rule.vnet);
  const steps: Step[] =
    Object.keys(body).length === 0
      ? []
      : [
          {
            kind: 'update',
            id: `update rule ${net}/${rule.name}`,
            title: title ?? `Update rule ${net}/${rule.name} (${what})`,
            table: 'vnet_rules',
            key: rule.key,
            body,
            touchesNetwork: rule.vnet,
          },
        ];
  return {title: title ?? `Update rule ${net}/${rule.name}`, steps};
}

/** Only the fields that changed; no step at all when nothing did. */
export function updateRulePlan(rule: Rule, values: EditValues, site: Site): ChangePlan {
  guard(rule);
  requireValid(values, {site, vnet: rule.vnet, ruleKey: rule.key});
  const body = changedFields(ruleApiBody(rule), ruleBody(values, site));
  return update(rule, site, body, Object.keys(body).join(', '));
}

/** A copy named `<name>-copy` (unique in its network), appended to its pin group. */
export function copyRulePlan(rule: Rule, site: Site): ChangePlan {
  guard(rule);
  const net = netName(site, rule.vnet);
  const name = uniqueCopyName(
    rule.name,
    site.rules.filter((r) => r.vnet === rule.vnet).map((r) => r.name),
  );
  return {
    title: `Copy rule ${net}/${rule.name}`,
    steps: [
      {
        kind: 'create',
        id: `create rule ${net}/${name}`,
        title: `Create rule ${net}/${name} (copy of ${rule.name})`,
        table: 'vnet_rules',
        body: {vnet: rule.vnet, ...withWrittenTokens(ruleApiBody(rule), site), name},
        identity: {vnet: rule.vnet, name},
        touchesNetwork: rule.vnet,
        knownNew: true,
      },
    ],
  };
}

export type RuleToggle = 'enabled' | 'statistics' | 'log';

/** One field, flipped: a single PUT. */
export function toggleRulePlan(rule: Rule, field: RuleToggle, site: Site): ChangePlan {
  guard(rule);
  const next = !rule[field];
  const net = netName(site, rule.vnet);
  const verb =
    field === 'enabled'
      ? next
        ? 'Enable'
        : 'Disable'
      : `${next ? 'Turn on' : 'Turn off'} ${field === 'log' ? 'logging' : 'statistics'} of`;
  return update(rule, site, {[field]: next}, field, `${verb} rule ${net}/${rule.name}`);
}

export function pinRulePlan(rule: Rule, pin: RulePin, site: Site): ChangePlan {
  guard(rule);
  const net = netName(site, rule.vnet);
  const title = pin === 'no' ? `Unpin rule ${net}/${rule.name}` : `Pin rule ${net}/${rule.name} to the ${pin}`;
  return update(rule, site, rule.pin === pin ? {} : {pin}, 'pin', title);
}

export function deleteRulePlan(rule: Rule, site: Site): ChangePlan {
  guard(rule);
  const net = netName(site, rule.vnet);
  return {
    title: `Delete rule ${net}/${rule.name}`,
    steps: [
      {
        kind: 'delete',
        id: `delete rule ${net}/${rule.name}`,
        title: `Delete rule ${net}/${rule.name}`,
        table: 'vnet_rules',
        key: rule.key,
        touchesNetwork: rule.vnet,
      },
    ],
  };
}

// --- moving -------------------------------------------------------------------

function orderAfter(rules: readonly Rule[], orderids: ReadonlyMap<Key, number>): Key[] {
  return rules
    .map((r) => (orderids.has(r.key) ? {...r, orderid: orderids.get(r.key)!} : r))
    .sort(compareRuleOrder)
    .map((r) => r.key);
}

const sameOrder = (a: readonly Key[], b: readonly Key[]) => a.length === b.length && a.every((k, i) => k === b[i]);

/**
 * Moves a rule one place up or down inside its pin group with as few PUTs as
 * possible: swap two `orderid`s, else renumber the moved rule alone, else
 * renumber the group. Each candidate is checked against VergeOS's ordering
 * (pin, orderid, key) before it is proposed. System rules never change.
 */
export function moveRulePlan(rule: Rule, direction: 'up' | 'down', site: Site): {plan: ChangePlan} | {refusal: string} {
  const refusal = ruleRefusal(rule);
  if (refusal) return {refusal};
  const rules = site.rules.filter((r) => r.vnet === rule.vnet).sort(compareRuleOrder);
  const group = rules.filter((r) => r.pin === rule.pin);
  const i = group.findIndex((r) => r.key === rule.key);
  const j = direction === 'up' ? i - 1 : i + 1;
  if (i < 0) return {refusal: `rule "${rule.name}" is not in the snapshot any more; refresh (r)`};
  if (j < 0 || j >= group.length) {
    const where = direction === 'up' ? 'first' : 'last';
    const pinned =
      rule.pin === 'no'
        ? ` unpinned rule; pinned rules stay ${direction === 'up' ? 'above' : 'below'} it`
        : ` rule pinned to the ${rule.pin}`;
    return {refusal: `"${rule.name}" is already the ${where}${pinned}`};
  }
  const other = group[j];
  const desired = rules.map((r) => r.key);
  const at = desired.indexOf(rule.key);
  const to = desired.indexOf(other.key);
  desired[at] = other.key;
  desired[to] = rule.key;

  const candidates: Array<Map<Key, number>> = [];
  if (!other.systemRule && other.orderid !== rule.orderid)
    candidates.push(
      new Map([
        [rule.key, other.orderid],
        [other.key, rule.orderid],
      ]),
    );
  const step = direction === 'up' ? -1 : 1;
  for (const x of [other.orderid, other.orderid + step]) if (x >= 0) candidates.push(new Map([[rule.key, x]]));
  if (!group.some((r) => r.systemRule)) {
    const renumbered = new Map<Key, number>();
    const inGroup = desired.filter((k) => group.some((g) => g.key === k));
    const base = Math.max(0, Math.min(...group.map((g) => g.orderid)));
    inGroup.forEach((k, n) => {
      const current = group.find((g) => g.key === k)!;
      if (current.orderid !== base + n) renumbered.set(k, base + n);
    });
    candidates.push(renumbered);
  }
  const chosen = candidates.find((c) => sameOrder(orderAfter(rules, c), desired));
  if (!chosen) return {refusal: `"${rule.name}" cannot pass the system rule "${other.name}" (VergeOS keeps its order)`};

  const net = netName(site, rule.vnet);
  const byKey = new Map(rules.map((r) => [r.key, r]));
  const title = `Move rule ${net}/${rule.name} ${direction}`;
  const steps: Step[] = [...chosen].map(([key, orderid]) => ({
    kind: 'update',
    id: `order rule ${net}/${byKey.get(key)!.name}`,
    title: `Set the order of rule ${net}/${byKey.get(key)!.name} to ${orderid}`,
    table: 'vnet_rules',
    key,
    body: {orderid},
    touchesNetwork: rule.vnet,
  }));
  return {plan: {title, steps}};
}

// --- display --------------------------------------------------------------------

/** One line: "accept incoming tcp alias:admins → any:22" (aliases by name). */
export function describeRule(rule: Rule, site: Site): string {
  const show = (v: string) => aliasKeysToNames(v, site);
  const side = (ip: string, ports: string) => `${show(ip) || 'any'}${ports ? `:${show(ports)}` : ''}`;
  const target =
    rule.action === 'translate' || rule.action === 'route' ? ` ⇒ ${side(rule.targetIp, rule.targetPorts)}` : '';
  const proto = PROTOCOL_LABELS[rule.protocol] ?? rule.protocol;
  return (
    `${rule.action} ${rule.direction} ${proto} ${side(rule.sourceIp, rule.sourcePorts)} → ` +
    `${side(rule.destinationIp, rule.destinationPorts)}${target}${rule.enabled ? '' : ' (disabled)'}`
  );
}
