// Contracts against the naive per-packet reference, on random small sites:
// enumerating the whole universe of the zones must agree with the set-based
// verdict of every statement, and every witness must itself break the
// statement. This is what "checked exactly, not sampled" means.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parseIpv4} from '../../source/domain/ip.js';
import type {ContractsSpec, StatementKind} from '../../source/domain/sitefile/contracts.js';
import {checkContracts} from '../../source/policy/contracts/index.js';
import {DPORT_REPS, PROTO_REPS, SPORT_REPS, addressSetArb, buildSite, defaultsArb, siteSeed} from './arbitrary.js';
import {refEvaluate} from './reference.js';
import {propertyParams} from '../support/seed.js';

const ip = (s: string) => parseIpv4(s)!;
const hasPorts = (p: number) => p === 6 || p === 17;
const PROTOCOL_NUMBERS: Record<string, number> = {
  icmp: 1,
  igmp: 2,
  tcp: 6,
  udp: 17,
  gre: 47,
  esp: 50,
  ah: 51,
  ospf: 89,
};

/** Services whose port boundaries lie within the universe's representative ports. */
const SERVICES = ['tcp/3', 'tcp/1-4', 'udp/5', 'icmp', 'tcp', '47', 'tcpudp/2'] as const;

function inService(service: string, proto: number, dport: number): boolean {
  const [p, ports] = service.split('/');
  const protos = p === 'tcp' ? [6] : p === 'udp' ? [17] : p === 'tcpudp' ? [6, 17] : p === 'icmp' ? [1] : [Number(p)];
  if (!protos.includes(proto)) return false;
  if (ports === undefined) return true;
  const [lo, hi] = ports.split('-').map(Number);
  return dport >= lo && dport <= (hi ?? lo);
}

const statementArb = fc.record({
  kind: fc.constantFrom<StatementKind>('never', 'allowOnly', 'mustReach'),
  services: fc.uniqueArray(fc.constantFrom(...SERVICES), {minLength: 1, maxLength: 3}),
});

describe('contracts vs the naive reference', () => {
  // Each run enumerates the universe of both zones (up to 6 × 6 addresses × 137 protocol/port
  // representatives) until the first breaking packet: ~1 s for 200 runs on an idle core.
  it('a statement holds exactly when no packet of the zones breaks it, and every witness breaks it', () => {
    fc.assert(
      fc.property(
        siteSeed,
        defaultsArb,
        addressSetArb,
        addressSetArb,
        statementArb,
        fc.constantFrom<'applied' | 'pending'>('applied', 'pending'),
        (seed, defaults, srcs, dsts, st, ruleset) => {
          const site = buildSite(seed);
          const services = st.kind === 'never' ? [] : st.services;
          const spec: ContractsSpec = {
            zones: {a: {members: srcs, except: []}, b: {members: dsts, except: []}},
            statements: [
              {
                name: 's',
                from: ['a'],
                to: ['b'],
                kind: st.kind,
                services,
                logged: false,
                described: false,
                maxAge: '',
                notUnusedFor: '',
              },
            ],
          };
          const breaks = (proto: number, dport: number, verdict: 'allow' | 'deny'): boolean => {
            const covered = services.some((s) => inService(s, proto, dport));
            if (st.kind === 'never') return verdict === 'allow';
            if (st.kind === 'allowOnly') return verdict === 'allow' && !covered;
            return verdict === 'deny' && covered;
          };
          // The statement holds exactly when no packet of the universe breaks it: the first
          // breaking packet settles it, the rest of the universe cannot change the answer.
          const srcIps = srcs.map(ip);
          const dstIps = dsts.map(ip);
          const brokenBySome = (): boolean => {
            for (const s of srcIps)
              for (const d of dstIps)
                for (const p of PROTO_REPS)
                  for (const sp of hasPorts(p) ? SPORT_REPS : [0])
                    for (const dp of hasPorts(p) ? DPORT_REPS : [0]) {
                      const ref = refEvaluate(
                        site,
                        {proto: p, src: s, dst: d, sport: sp, dport: dp},
                        ruleset,
                        defaults,
                      );
                      if (breaks(p, dp, ref.verdict)) return true;
                    }
            return false;
          };
          const expected = !brokenBySome();

          const report = checkContracts(site, spec, {ruleset, defaults});
          const result = report.statements[0];
          expect(result.status).toBe(expected ? 'pass' : 'fail');
          for (const v of result.violations) {
            const w = v.witness!;
            const p = PROTOCOL_NUMBERS[w.example.protocol] ?? Number(w.example.protocol.replace('proto-', ''));
            const ref = refEvaluate(
              site,
              {
                proto: p,
                src: ip(w.example.source),
                dst: ip(w.example.destination),
                sport: w.example.sourcePort ?? 0,
                dport: w.example.destinationPort ?? 0,
              },
              ruleset,
              defaults,
            );
            expect(ref.verdict).toBe(w.verdict);
            expect(breaks(p, w.example.destinationPort ?? 0, ref.verdict)).toBe(true);
          }
        },
      ),
      propertyParams({numRuns: 200}),
    );
  });
});
