// The intent the rules wizard leaves behind, as contract statements: every
// flow the operator asked for must keep working (must reach), and with the
// default-deny posture, between two whole networks (or a network and the
// outside) nothing but the asked-for services may pass (allow only). Saved
// with the site's contracts after the wizard ran, so later changes are
// checked against what the operator set up, not only the rules it produced.
import type {Site} from '../model.js';
import type {ContractsSpec, StatementSpec} from '../sitefile/contracts.js';
import {resolveFlowEndpoint, type FlowEndpoint} from './endpoints.js';

export interface FlowIntent {
  from: string;
  to: string;
  protocol: string;
  ports: string;
}

/** A flow's services as `vseg why` writes them: one per port spec; tcpudp as both. */
export function flowServices(f: Pick<FlowIntent, 'protocol' | 'ports'>): string[] {
  const specs = f.ports
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const protocols = f.protocol === 'tcpudp' ? ['tcp', 'udp'] : [f.protocol];
  if (specs.length === 0 || !['tcp', 'udp', 'tcpudp'].includes(f.protocol)) return protocols;
  return protocols.flatMap((p) => specs.map((s) => `${p}/${s}`));
}

function statement(p: Pick<StatementSpec, 'name' | 'from' | 'to' | 'kind' | 'services'>): StatementSpec {
  return {logged: false, described: false, maxAge: '', notUnusedFor: '', ...p};
}

/** A whole network or the outside: the only endpoints an "allow only" speaks for. */
function wholeZone(e: FlowEndpoint): string | null {
  if (e.kind === 'outside') return 'outside';
  if (e.kind === 'network') return e.whyText;
  return null;
}

export function flowContracts(site: Site, flows: readonly FlowIntent[], defaultDeny: boolean): ContractsSpec {
  const resolved = flows.flatMap((f) => {
    const from = resolveFlowEndpoint(site, f.from);
    const to = resolveFlowEndpoint(site, f.to);
    return from.ok && to.ok ? [{flow: f, from: from.value, to: to.value}] : [];
  });
  const statements: StatementSpec[] = [];
  const must = new Map<string, {from: string; to: string; services: string[]}>();
  for (const r of resolved) {
    const key = `${r.from.whyText}\u0000${r.to.whyText}`;
    const entry = must.get(key) ?? {from: r.from.whyText, to: r.to.whyText, services: []};
    for (const s of flowServices(r.flow)) if (!entry.services.includes(s)) entry.services.push(s);
    must.set(key, entry);
  }
  for (const m of must.values())
    statements.push(
      statement({
        name: `rules wizard: ${m.from} reaches ${m.to} on ${m.services.join(', ')}`,
        from: [m.from],
        to: [m.to],
        kind: 'mustReach',
        services: m.services,
      }),
    );
  if (defaultDeny) {
    // Between whole zones, only what some flow asked for (flows of VMs inside them included).
    const only = new Map<string, {from: string; to: string; services: string[]}>();
    const inside = (zone: string, e: FlowEndpoint) =>
      zone === 'outside'
        ? e.kind === 'outside' || e.parts.some((p) => p.network === null)
        : e.parts.some((p) => p.network !== null && `net:${p.network.name}` === zone) || e.whyText === zone;
    for (const r of resolved) {
      const a = wholeZone(r.from);
      const b = wholeZone(r.to);
      if (a === null || b === null) continue;
      only.set(`${a}\u0000${b}`, {from: a, to: b, services: []});
    }
    for (const o of only.values()) {
      for (const r of resolved)
        if (inside(o.from, r.from) && inside(o.to, r.to))
          for (const s of flowServices(r.flow)) if (!o.services.includes(s)) o.services.push(s);
      if (o.services.includes('any')) continue;
      statements.push(
        statement({
          name: `rules wizard: only ${o.services.join(', ')} from ${o.from} to ${o.to}`,
          from: [o.from],
          to: [o.to],
          kind: 'allowOnly',
          services: o.services,
        }),
      );
    }
  }
  return {zones: {}, statements};
}
