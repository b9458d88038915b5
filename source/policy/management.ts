// The lockout guard for `vseg apply`: would the operator's console still
// reach the VergeOS API under the staged rules?
//
// Model (stated in README): the API answers on an address that belongs to
// some network — usually the external network's router IP or one of its IP
// aliases — so reaching it means entering that network through its router
// (incoming rules). The client is "outside" (any address in no network)
// unless its IP is given and falls in a network, in which case the path also
// leaves that network (its outgoing rules and routes). Evaluated exactly over
// the client set, so an unknown client gives allow / deny / partial.
import type {Site} from '../domain/model.js';
import {IntervalSet, formatIpv4, parseIpv4, type Parsed} from '../domain/ip.js';
import {compileSite, type CompiledSite} from './compile.js';
import type {PolicyDefaults} from './defaults.js';
import {evaluateCompiled, type FlowResult} from './evaluate.js';
import {cellOf, type MatrixOutcome} from './matrix.js';
import {PROTO_TCP} from './protocols.js';
import {locate, networkName} from './site-index.js';
import {OUTSIDE, type RuleRef, type Verdict} from './types.js';

export interface ManagementOptions {
  /** The address the API is reached at. */
  apiHost: string;
  /** The operator's address as the API sees it; unknown = any outside address. */
  clientIp?: string;
  /** TCP port of the API (443). */
  port?: number;
  defaults?: PolicyDefaults;
}

export interface AccessVerdict {
  verdict: Verdict;
  outcomes: MatrixOutcome[];
  /** The rules (or defaults) that stop the traffic, per deny outcome. */
  blocking: Array<{
    network: string;
    direction: string;
    action: string;
    rule: RuleRef | null;
    default: boolean;
    stopped?: boolean;
  }>;
}

export interface ManagementAccess {
  apiHost: string;
  /** The network whose address the API host is; null when vseg cannot place it. */
  apiNetwork: string | null;
  client: string;
  port: number;
  /** Under the live rules; null when they are unknown on the path. */
  applied: AccessVerdict | null;
  pending: AccessVerdict;
  /** Apply would cut the console off: the staged rules deny what the live ones allowed. */
  locksOut: boolean;
  /** `vseg apply` should refuse (locksOut), or at least warn (partial / unknown). */
  refuse: boolean;
  warn: boolean;
  message: string;
  model: string;
}

export const MANAGEMENT_MODEL =
  "The API address belongs to a network (usually the external network's router IP or an IP alias): reaching it crosses that " +
  "network's router inbound. The client is outside (any address in no network) unless its IP falls in an internal network, " +
  'whose outgoing rules and routes then apply too. Replies are assumed to pass by connection state.';

function accessOf(flow: FlowResult): AccessVerdict {
  const cell = cellOf(flow);
  const blocking: AccessVerdict['blocking'] = [];
  for (const o of cell.outcomes) {
    if (o.verdict !== 'deny') continue;
    const h = o.hops[o.hops.length - 1];
    if (h) blocking.push({...h});
  }
  return {verdict: flow.verdict, outcomes: cell.outcomes, blocking};
}

function describeBlock(a: AccessVerdict): string {
  const b = a.blocking[0];
  if (!b) return '';
  if (b.stopped) return ` (${b.network}: router stopped)`;
  if (b.action === 'no-route') return ` (${b.network} has no route)`;
  return b.rule
    ? ` (blocked by ${b.network} ${b.direction} rule "${b.rule.name}", #${b.rule.position})`
    : ` (blocked by ${b.network}'s default for ${b.direction} traffic)`;
}

export function managementAccess(site: Site | CompiledSite, opts: ManagementOptions): Parsed<ManagementAccess> {
  const cs = 'index' in site ? site : compileSite(site);
  const idx = cs.index;
  const api = parseIpv4(opts.apiHost);
  if (api === null)
    return {
      ok: false,
      error: `API host "${opts.apiHost}" is not an IPv4 address (give the address the API is reached at)`,
    };
  const port = opts.port ?? 443;
  let src: IntervalSet;
  let client: string;
  if (opts.clientIp !== undefined && opts.clientIp !== '') {
    const c = parseIpv4(opts.clientIp);
    if (c === null) return {ok: false, error: `client "${opts.clientIp}" is not an IPv4 address`};
    src = IntervalSet.point(c);
    client = formatIpv4(c);
  } else {
    src = idx.locationSets.get(OUTSIDE) ?? IntervalSet.EMPTY;
    client = 'outside';
  }
  const where = locate(idx, api);
  const base = {apiHost: formatIpv4(api), client, port, model: MANAGEMENT_MODEL};
  if (where === OUTSIDE || src.isEmpty) {
    const pending = {verdict: 'allow' as Verdict, outcomes: [], blocking: []};
    return {
      ok: true,
      value: {
        ...base,
        apiNetwork: null,
        applied: null,
        pending,
        locksOut: false,
        refuse: false,
        warn: true,
        message: `${formatIpv4(api)} is not an address of any network vseg knows: it cannot judge whether Apply keeps the API reachable`,
      },
    };
  }
  const q = {
    src,
    dst: IntervalSet.point(api),
    protocols: IntervalSet.point(PROTO_TCP),
    destinationPorts: IntervalSet.point(port),
  };
  const pendingFlow = evaluateCompiled(cs, q, {ruleset: 'pending', defaults: opts.defaults});
  const appliedFlow = evaluateCompiled(cs, q, {ruleset: 'applied', defaults: opts.defaults});
  const pending = accessOf(pendingFlow);
  const applied = appliedFlow.appliedUnknown.length ? null : accessOf(appliedFlow);
  const apiNetwork = networkName(idx, where);
  const target = `${formatIpv4(api)}:${port} (${apiNetwork})`;
  // Refuse only what the change introduces: if vseg already judges the live rules to block the API
  // while the operator is plainly connected, its model does not fit this site.
  const locksOut = pending.verdict === 'deny' && (applied === null || applied.verdict !== 'deny');
  let message: string;
  let warn = false;
  if (locksOut) {
    message = `Applying would lock the console out: ${client} could no longer reach ${target}${describeBlock(pending)}.`;
  } else if (pending.verdict === 'deny') {
    warn = true;
    message =
      `vseg judges ${target} unreachable from ${client} under both the live and the staged rules${describeBlock(pending)}; since you are ` +
      `connected, the site likely has a path vseg does not model.`;
  } else if (pending.verdict === 'partial') {
    warn = true;
    message = `After Apply, ${target} is reachable from some client addresses only${describeBlock(pending)}; pass the client IP to check yours.`;
  } else {
    message = `After Apply, ${target} stays reachable from ${client}.`;
  }
  if (applied === null && !locksOut) warn = true;
  return {ok: true, value: {...base, apiNetwork, applied, pending, locksOut, refuse: locksOut, warn, message}};
}
