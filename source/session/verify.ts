// `why --verify` and `v` in the why view: after the static trace, ask the
// routers. A probe (tcp_connect or ping) goes from the source network's
// router towards the destination — it starts at the router, not at the VM,
// and vseg predicts that probe's own packet to compare like with like. When
// the probe cannot stand in for the traffic asked about (the deciding rules
// differ, or nothing can be probed), vseg turns on `trace` for just the
// deciding rules, applies, reads the router's packet trace for the traffic
// itself, and puts every flag back (through the flag journal, so a run that
// dies half-way is put right on the next start). On a disagreement it names
// the likely cause: a router stopped, rules pending, a router running an
// older ruleset (stale), a layer-2 pass-through, or something outside VergeOS.
import {applyRules} from '../api/apply-rules.js';
import type {VergeClient} from '../api/client.js';
import {parseNft, parsePing, parseTcpConnect, parseTrace, type DiagParams, type TraceEvent} from '../api/diag/index.js';
import {parseIpv4} from '../domain/ip.js';
import type {Key, Network, Rule, Site} from '../domain/model.js';
import {why, type HopTrace, type PolicyDefaults, type WhyResult} from '../policy/index.js';
import {openFlagRecord, type FlagChange} from '../store/flag-journal.js';
import {runDiag, type DiagRun} from './diag.js';
import {restoreFlags, type RestoreReport} from './flag-restore.js';

export type Observed = 'allow' | 'deny' | 'unknown';

export interface VerifyProbe {
  network: string;
  /** The router's own address: the probe's source. */
  source: string;
  query: 'tcp_connect' | 'ping';
  host: string;
  port?: number;
  command: string;
  key: string;
  /** What the tool said, in a word: open, refused, timeout, replies, no replies … */
  said: string;
  /** vseg's verdict for the probe's own packet (from the router's address). */
  predicted: 'allow' | 'deny' | 'unknown';
  observed: Observed;
  /** The probe meets the same deciding rules as the traffic asked about, so it can stand in for it. */
  representative: boolean;
  note: string;
}

export interface VerifyTrace {
  network: string;
  rules: {key: Key; name: string}[];
  /** Traced packets on those rules, and how many of them belong to the traffic asked about. */
  events: number;
  flowEvents: number;
  /** Verdicts the flow's packets got there. */
  verdicts: string[];
  lines: string[];
}

export type CauseKind = 'router-stopped' | 'rules-pending' | 'stale-router' | 'l2-pass-through' | 'outside-vergeos';

export interface VerifyCause {
  cause: CauseKind;
  detail: string;
  /** Read from VergeOS's nft comments, whose naming is not public. */
  guess?: boolean;
}

export interface VerifyResult {
  /** What the rules say about the traffic (the example that decides the answer). */
  predicted: 'allow' | 'deny';
  observed: Observed;
  /** False only when an observation contradicts a prediction (observed "unknown" contradicts nothing). */
  agrees: boolean;
  probe?: VerifyProbe;
  trace?: VerifyTrace[];
  causes: VerifyCause[];
  flags?: {changed: string[]; restored: RestoreReport};
  notes: string[];
}

export interface VerifyContext {
  client: VergeClient;
  host: string;
  profile: string;
  readOnly: boolean;
  journalDir: string;
}

/** The part of a connection verify works with. */
export function verifyContext(c: {
  client: VergeClient;
  host: string;
  readOnly: boolean;
  profile: {name: string} | null;
  paths: {journalDir: string};
}): VerifyContext {
  return {
    client: c.client,
    host: c.host,
    readOnly: c.readOnly,
    profile: c.profile?.name ?? '',
    journalDir: c.paths.journalDir,
  };
}

export interface VerifyOptions {
  /** 'auto' (default): trace the deciding rules when the probe cannot stand in; 'off': never change a flag. */
  trace?: 'auto' | 'off';
  timeoutS?: number;
  signal?: AbortSignal;
  onStep?: (text: string) => void;
  defaults?: PolicyDefaults;
  pollMs?: number;
  applyTimeoutMs?: number;
  /** For the flag journal: what is being verified. */
  reason?: string;
  /** Asked before any flag changes, with the changes in words and the calls; false: trace nothing. */
  confirmTrace?: (changes: string[], calls: {method: string; path: string; body?: unknown}[]) => Promise<boolean>;
}

function hopSignature(hops: readonly HopTrace[]): string {
  return hops.map((h) => `${h.networkKey}:${h.direction}:${h.action}:${h.rule?.key ?? 'default'}`).join('|');
}

function ruleOf(h: HopTrace): string {
  return h.rule ? `rule "${h.rule.name}" (#${h.rule.position})` : 'its default';
}

function probeSaid(run: DiagRun): {said: string; observed: Observed} {
  if (run.answer.status === 'error') return {said: 'error', observed: 'unknown'};
  if (run.params.query === 'tcp_connect') {
    const s = parseTcpConnect(run.answer.result).state;
    if (s === 'open') return {said: 'open', observed: 'allow'};
    if (s === 'unknown' || s === 'unresolved') return {said: s, observed: 'unknown'};
    return {said: s, observed: 'deny'};
  }
  const p = parsePing(run.answer.result);
  if (!p || p.unresolved) return {said: 'not recognised', observed: 'unknown'};
  return p.received > 0
    ? {said: `${p.received}/${p.transmitted} replies`, observed: 'allow'}
    : {said: 'no replies', observed: 'deny'};
}

/**
 * The rules a router must be running: the applied set when vseg knows it;
 * otherwise (changes pending, live set unknown) the rules not modified since
 * the last Apply Rules — those went live with it. `complete` says whether
 * rules the router runs beyond these are out of place too.
 */
function liveRules(site: Site, n: Network): {rules: Rule[]; complete: boolean} | null {
  const a = site.applied.get(n.key);
  if (a && a.source !== 'unknown') return {rules: a.rules, complete: true};
  const staged = site.rules.filter((r) => r.vnet === n.key);
  if (!a && !n.needFwApply) return {rules: staged, complete: true};
  if (n.lastFwApply === null) return null;
  const applied = staged.filter((r) => r.modified !== null && r.modified <= n.lastFwApply!);
  return applied.length ? {rules: applied, complete: false} : null;
}

function inSet(set: {has(n: number): boolean}, ip: string | null): boolean {
  const n = ip === null ? null : parseIpv4(ip);
  return n !== null && set.has(n);
}

export async function verifyWhy(
  ctx: VerifyContext,
  site: Site,
  result: WhyResult,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const step = options.onStep ?? (() => {});
  const notes: string[] = [];
  const outcome = result.outcomes[0];
  const predicted: 'allow' | 'deny' = outcome?.verdict ?? (result.verdict === 'allow' ? 'allow' : 'deny');
  const done = (r: Omit<VerifyResult, 'predicted' | 'notes' | 'causes'> & {causes?: VerifyCause[]}): VerifyResult => ({
    predicted,
    causes: [],
    notes,
    ...r,
  });
  if (!outcome) return done({observed: 'unknown', agrees: true});
  const flow = outcome.trace;
  if (flow.kind === 'same-network' || flow.kind === 'no-router' || flow.kind === 'layer2') {
    notes.push(
      flow.kind === 'layer2'
        ? 'This traffic passes at layer 2, past the routers (a pass-through to a tenant): no router can observe it.'
        : 'No VergeOS router is on the path, so no router can observe this traffic.',
    );
    return done({observed: 'unknown', agrees: true});
  }
  if (result.ruleset === 'pending')
    notes.push(
      `The live rules of ${result.unknownApplied.join(', ')} are unknown: the prediction used the staged rules.`,
    );

  // 1. The probe from the source side.
  let probe: VerifyProbe | undefined;
  const srcHop = flow.hops.find((h) => h.direction === 'outgoing');
  const srcNet = srcHop ? site.networks.find((n) => n.key === srcHop.networkKey) : undefined;
  const ex = outcome.example;
  let probeHops: HopTrace[] = [];
  if (!srcNet) notes.push('The traffic starts outside VergeOS: no router stands on its side to probe from.');
  else if (!srcNet.routerIp) notes.push(`${srcNet.name} has no router address to probe from.`);
  else {
    const tcp = ex.protocol === 'tcp' && ex.destinationPort !== undefined;
    const params: DiagParams = tcp
      ? {query: 'tcp_connect', host: ex.destination, port: ex.destinationPort!}
      : {query: 'ping', host: ex.destination, count: 3};
    const service = tcp ? `tcp/${ex.destinationPort}` : 'icmp';
    const probeWhy = why(
      site,
      {from: `ip:${srcNet.routerIp}`, to: `ip:${ex.destination}`, service},
      {defaults: options.defaults},
    );
    const probeOutcome = probeWhy.ok ? probeWhy.value.outcomes[0] : undefined;
    probeHops = probeOutcome?.trace.hops ?? [];
    const sameProtocol = tcp || ex.protocol === 'icmp';
    const representative = Boolean(probeOutcome) && sameProtocol && hopSignature(probeHops) === hopSignature(flow.hops);
    let note = `A router-originated probe stands in for ${result.query.from.text}: it starts at ${srcNet.name}'s router (${srcNet.routerIp}), not at the VM.`;
    if (!sameProtocol) note += ` There is no ${ex.protocol} probe; the ping checks the path only.`;
    else if (!representative && probeOutcome) {
      const diff = flow.hops.find((h, i) => hopSignature([h]) !== hopSignature(probeHops[i] ? [probeHops[i]] : []));
      const theirs = diff && probeHops.find((p) => p.networkKey === diff.networkKey && p.direction === diff.direction);
      note += diff
        ? ` Its packet is decided differently on ${diff.network} ${diff.direction} (${ruleOf(theirs ?? diff)} instead of ` +
          `${ruleOf(diff)}), so it cannot stand in for the traffic there.`
        : ' Its packet crosses other routers than the traffic.';
    }
    step(
      `probing ${params.query === 'tcp_connect' ? `${params.host}:${params.port}` : params.host} from ${srcNet.name}'s router`,
    );
    const run = await runDiag(ctx.client, {key: srcNet.key, name: srcNet.name, running: srcNet.running}, params, {
      timeoutS: options.timeoutS,
      signal: options.signal,
      pollMs: options.pollMs,
    });
    const {said, observed} = probeSaid(run);
    if (run.answer.status === 'error') notes.push(run.summary[0]);
    probe = {
      network: srcNet.name,
      source: srcNet.routerIp,
      query: params.query,
      host: params.host,
      ...(params.query === 'tcp_connect' ? {port: params.port} : {}),
      command: run.answer.command,
      key: run.answer.key,
      said,
      predicted: probeOutcome ? probeOutcome.verdict : 'unknown',
      observed,
      representative,
      note,
    };
  }

  // 2. The packet trace of the deciding rules, when the probe cannot stand in.
  let traces: VerifyTrace[] | undefined;
  let flags: VerifyResult['flags'];
  const needTrace = !probe || !probe.representative || probe.observed === 'unknown';
  const probeContradicts =
    probe && probe.observed !== 'unknown' && probe.predicted !== 'unknown' && probe.observed !== probe.predicted;
  let traceObserved: Observed = 'unknown';
  if (needTrace && !probeContradicts && options.trace !== 'off') {
    const r = await traceDecidingRules(ctx, site, result, flow.hops, options, notes);
    traces = r.traces;
    flags = r.flags;
    traceObserved = r.observed;
  } else if (needTrace && options.trace === 'off')
    notes.push('Tracing was not asked for (--no-trace): the traffic itself was not observed.');

  const observed: Observed = probe?.representative && probe.observed !== 'unknown' ? probe.observed : traceObserved;
  const agrees = !probeContradicts && (observed === 'unknown' || observed === predicted);
  const causes = agrees ? [] : await likelyCauses(ctx, site, result, [...flow.hops, ...probeHops], options, notes);
  return done({
    observed,
    agrees,
    ...(probe ? {probe} : {}),
    ...(traces ? {trace: traces} : {}),
    ...(flags ? {flags} : {}),
    causes,
  });
}

async function traceDecidingRules(
  ctx: VerifyContext,
  site: Site,
  result: WhyResult,
  hops: readonly HopTrace[],
  options: VerifyOptions,
  notes: string[],
): Promise<{traces?: VerifyTrace[]; flags?: VerifyResult['flags']; observed: Observed}> {
  const step = options.onStep ?? (() => {});
  if (ctx.readOnly) {
    notes.push('Read-only: vseg does not turn on tracing, so the traffic itself was not observed.');
    return {observed: 'unknown'};
  }
  const decided = hops.filter((h) => h.rule !== null);
  for (const h of hops)
    if (!h.rule) notes.push(`${h.network} ${h.direction} decides by its default, which no rule's trace can show.`);
  const usable: {hop: HopTrace; rule: Rule; net: Network}[] = [];
  for (const h of decided) {
    const net = site.networks.find((n) => n.key === h.networkKey);
    const rule = site.rules.find((r) => r.key === h.rule!.key);
    if (!net || !rule) continue;
    if (!net.running) notes.push(`${net.name}'s router is not running: nothing to trace there.`);
    else if (net.needFwApply)
      notes.push(
        `${net.name} has staged changes: turning trace on needs Apply Rules, which would make them live too — not traced.`,
      );
    else usable.push({hop: h, rule, net});
  }
  if (usable.length === 0) return {observed: 'unknown'};
  const changes: FlagChange[] = usable
    .filter((u) => !u.rule.trace)
    .map((u) => ({
      vnet: u.net.key,
      network: u.net.name,
      rule: u.rule.key,
      ruleName: u.rule.name,
      field: 'trace',
      before: false,
      after: true,
    }));
  if (changes.length && options.confirmTrace) {
    const words = changes.map(
      (c) =>
        `turn trace on for rule "${c.ruleName}" on ${c.network}, apply its rules, read the trace, then turn it off and apply again`,
    );
    const calls = [
      ...changes.map((c) => ({method: 'PUT', path: `/api/v4/vnet_rules/${c.rule}`, body: {trace: true}})),
      ...[...new Set(changes.map((c) => c.vnet))].map((vnet) => ({
        method: 'POST',
        path: '/api/v4/vnet_actions',
        body: {vnet, action: 'refresh'},
      })),
    ];
    if (!(await options.confirmTrace(words, calls))) {
      notes.push('Tracing declined: the traffic itself was not observed.');
      return {observed: 'unknown'};
    }
  }
  const quietSince: Record<string, number> = {};
  for (const c of changes)
    quietSince[String(c.vnet)] = Math.max(
      0,
      ...site.rules.filter((r) => r.vnet === c.vnet).map((r) => r.modified ?? 0),
    );
  const record = changes.length
    ? openFlagRecord(ctx.journalDir, {
        host: ctx.host,
        profile: ctx.profile,
        reason:
          options.reason ?? `why --verify ${result.query.from.text} → ${result.query.to.text} ${result.query.service}`,
        changes,
        quietSince,
      })
    : null;
  const traces: VerifyTrace[] = [];
  let restored: RestoreReport | undefined;
  try {
    for (const c of changes) {
      step(`turning trace on for rule "${c.ruleName}" (${c.network})`);
      await ctx.client.update(
        'vnet_rules',
        c.rule,
        {trace: true},
        {signal: options.signal, operation: `turn trace on for rule "${c.ruleName}"`},
      );
    }
    for (const vnet of new Set(changes.map((c) => c.vnet))) {
      const name = changes.find((c) => c.vnet === vnet)!.network;
      step(`applying rules on ${name}`);
      await applyRules(ctx.client, vnet, {signal: options.signal, timeoutMs: options.applyTimeoutMs});
    }
    for (const net of new Set(usable.map((u) => u.net))) {
      step(`reading the packet trace on ${net.name}`);
      const run = await runDiag(
        ctx.client,
        {key: net.key, name: net.name, running: net.running},
        {query: 'trace'},
        {
          timeoutS: options.timeoutS,
          signal: options.signal,
          pollMs: options.pollMs,
        },
      );
      const mine = usable.filter((u) => u.net === net);
      const events = run.answer.status === 'complete' ? parseTrace(run.answer.result) : [];
      const onRules = events.filter((e) => e.ruleKey !== null && mine.some((u) => u.rule.key === e.ruleKey));
      const flowEvents = onRules.filter((e) =>
        belongs(
          e,
          result,
          mine.map((u) => u.hop),
        ),
      );
      traces.push({
        network: net.name,
        rules: mine.map((u) => ({key: u.rule.key, name: u.rule.name})),
        events: onRules.length,
        flowEvents: flowEvents.length,
        verdicts: [...new Set(flowEvents.map((e) => e.verdict ?? '?'))],
        lines: run.answer.result
          .split('\n')
          .filter((l) => l.trim() !== '')
          .slice(-6),
      });
    }
  } finally {
    if (record) {
      step('putting the trace flags back');
      restored = await restoreFlags(ctx.client, ctx.journalDir, record, {applyTimeoutMs: options.applyTimeoutMs});
    }
  }
  // The flow's packets: any drop or reject on a deciding rule is a deny; an
  // accept at the last hop (the destination's router) means it got through.
  const verdictsAt = (h: HopTrace): string[] =>
    traces.find((t) => t.network === h.network && t.rules.some((r) => r.key === h.rule?.key))?.verdicts ?? [];
  let observed: Observed = 'unknown';
  if (usable.some((u) => verdictsAt(u.hop).some((v) => v === 'drop' || v === 'reject'))) observed = 'deny';
  else {
    const last = hops[hops.length - 1];
    if (last.rule && usable.some((u) => u.hop === last) && verdictsAt(last).includes('accept')) observed = 'allow';
  }
  if (observed === 'unknown' && traces.every((t) => t.flowEvents === 0))
    notes.push('No packet of this traffic was traced while trace was on: it may not be in use right now.');
  return {
    traces,
    observed,
    ...(record
      ? {flags: {changed: changes.map((c) => `trace on rule "${c.ruleName}" (${c.network})`), restored: restored!}}
      : {}),
  };
}

function belongs(e: TraceEvent, result: WhyResult, hops: readonly HopTrace[]): boolean {
  const p = e.packet;
  if (!p) return false;
  const src = inSet(result.query.from.set, p.src);
  const dst = inSet(result.query.to.set, p.dst) || hops.some((h) => h.packet.destination === p.dst);
  const port = hops[0]?.packet.destinationPort;
  const service = result.query.service;
  const portOk =
    !/\/\d+$/.test(service) ||
    port === undefined ||
    p.dport === port ||
    hops.some((h) => h.packet.destinationPort === p.dport);
  return src && dst && portOk;
}

async function likelyCauses(
  ctx: VerifyContext,
  site: Site,
  result: WhyResult,
  hops: readonly HopTrace[],
  options: VerifyOptions,
  notes: string[],
): Promise<VerifyCause[]> {
  const causes: VerifyCause[] = [];
  const nets = [
    ...new Map(hops.map((h) => [h.networkKey, site.networks.find((n) => n.key === h.networkKey)])).values(),
  ].filter((n): n is Network => n !== undefined);
  for (const n of nets)
    if (!n.running)
      causes.push({
        cause: 'router-stopped',
        detail: `${n.name}'s router is ${n.status || 'not running'}: it forwards nothing, whatever its rules say.`,
      });
  for (const n of nets) {
    if (!n.running) continue;
    const expected = liveRules(site, n);
    if (!expected) continue;
    (options.onStep ?? (() => {}))(`reading the ruleset ${n.name}'s router runs`);
    try {
      const run = await runDiag(
        ctx.client,
        {key: n.key, name: n.name, running: n.running},
        {query: 'firewall'},
        {
          timeoutS: options.timeoutS,
          signal: options.signal,
          pollMs: options.pollMs,
        },
      );
      if (run.answer.status !== 'complete') continue;
      const nft = parseNft(run.answer.result);
      const seen = new Set(nft.rules.map((r) => r.ruleKey).filter((k): k is number => k !== null));
      if (seen.size === 0) {
        notes.push(
          `${n.name}'s ruleset names no rule keys in its comments, so vseg cannot compare it with the applied rules.`,
        );
        continue;
      }
      const want = expected.rules.filter((r) => r.enabled && r.action !== 'route');
      const missing = want.filter((r) => !seen.has(r.key));
      const known = new Set(site.rules.map((r) => r.key));
      const extra = expected.complete ? [...seen].filter((k) => !want.some((r) => r.key === k)) : [];
      if (missing.length || extra.length) {
        const parts = [
          ...missing.map((r) => `missing #${r.key} "${r.name}"`),
          ...extra.map((k) =>
            known.has(k)
              ? `runs #${k} "${site.rules.find((r) => r.key === k)!.name}", which is not in the applied set`
              : `runs #${k}, which the API no longer has`,
          ),
        ];
        causes.push({
          cause: 'stale-router',
          detail:
            `${n.name}'s router runs a ruleset that is not the applied one (${parts.join('; ')}): VergeOS reported ` +
            'Apply Rules done, but the router did not load it; restart the network with its rules applied and verify again',
          guess: true,
        });
      }
    } catch (error) {
      notes.push(`Could not read ${n.name}'s ruleset: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // Only where vseg had to predict with the staged rules: a known live set is what the router runs.
  for (const n of nets)
    if (result.unknownApplied.includes(n.name))
      causes.push({
        cause: 'rules-pending',
        detail:
          `${n.name} has staged rule changes and vseg does not know its live rules: it predicted with the staged ` +
          'ones, which the router does not run until Apply Rules.',
      });
  for (const l of site.layer2) {
    if (!l.enabled) continue;
    const n = nets.find((x) => x.key === l.vnet);
    const tenant = site.tenants.find((t) => t.key === l.tenant)?.name ?? `tenant ${l.tenant}`;
    if (n)
      causes.push({
        cause: 'l2-pass-through',
        detail: `${n.name} is passed through to ${tenant} at layer 2: traffic between them bypasses ${n.name}'s router and its rules.`,
      });
  }
  if (causes.length === 0)
    causes.push({
      cause: 'outside-vergeos',
      detail:
        result.outcomes[0]?.verdict === 'allow'
          ? "Something outside VergeOS stops it: the host's own firewall, the service not listening, or a device on the way."
          : 'Traffic passes where every rule vseg can read blocks it: a rule made outside the API, or a device VergeOS does not manage.',
    });
  return causes;
}
