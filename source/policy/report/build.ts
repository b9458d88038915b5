// The segmentation report as data: everything an auditor or a change board
// reads, computed once from a site snapshot — the topology (the same layout
// model as :map) with its lanes judged for the first service, the matrix of
// every chosen service, each network's rules in evaluation order with their
// lint findings and lifecycle, the contracts, the rules due for
// recertification and never hit, VPN endpoints, tenant isolation, and what
// is applied versus staged. html.ts and markdown.ts only print it.
import {dueRules, type DueRule, type HitsView} from '../../domain/lifecycle/due.js';
import {dayOf, lifecycleOf, type RuleLifecycle} from '../../domain/lifecycle/model.js';
import {siteMap, type SiteMap} from '../../domain/layout/topology.js';
import {
  compareRuleOrder,
  type IpsecTunnel,
  type Network,
  type Rule,
  type Site,
  type WireguardInterface,
} from '../../domain/model.js';
import {isManagedRule} from '../../domain/sitefile/from-site.js';
import type {ContractsSpec} from '../../domain/sitefile/contracts.js';
import {checkContracts, type ContractCheckOptions, type ContractReport} from '../contracts/check.js';
import {compileSite} from '../compile.js';
import {defaultPseudoRules, type DefaultPseudoRule, type PolicyDefaults} from '../defaults.js';
import {lint} from '../lint/index.js';
import type {Finding} from '../lint/types.js';
import {laneVerdicts} from '../map-verdicts.js';
import {matrix, type Matrix} from '../matrix.js';
import {formatService, parseService, type Service} from '../protocols.js';
import type {Verdict} from '../types.js';
import {pendingChanges, type PendingChanges} from '../verdict-diff.js';

export interface ReportRule {
  rule: Rule;
  position: number;
  lifecycle: RuleLifecycle;
  findings: Finding[];
}

export interface ReportNetwork {
  network: Network;
  rules: ReportRule[];
  defaults: DefaultPseudoRule[];
  /** Findings about the network that name no rule of it. */
  findings: Finding[];
  /** Where the live rules come from: current (= staged), baseline, unknown. */
  applied: 'current' | 'baseline' | 'unknown';
}

export interface ReportData {
  site: string;
  /** When the snapshot was taken (ms) and when the report was made. */
  loadedAt: number;
  generatedAt: number;
  services: string[];
  map: SiteMap;
  mapService: string;
  laneVerdicts: Array<Verdict | null>;
  matrices: Matrix[];
  networks: ReportNetwork[];
  findingCounts: {error: number; warning: number; info: number};
  contracts: {source: string; report: ContractReport} | null;
  due: DueRule[];
  neverHit: {days: number; since: number | null; rules: DueRule[]};
  pending: PendingChanges;
  vpn: {wireguard: WireguardInterface[]; ipsec: IpsecTunnel[]};
  tenants: Array<{name: string; isolate: boolean; status: string; blocks: string[]}>;
}

export interface ReportOptions {
  site: string;
  services?: readonly string[];
  defaults?: PolicyDefaults;
  contracts?: {spec: ContractsSpec; source: string; options?: ContractCheckOptions};
  hits?: HitsView & {since(): number | null};
  now?: number;
  /** Days ahead that count as "expiring" (default 30), days without a hit that count as "never hit" (default 30). */
  expiringDays?: number;
  unusedDays?: number;
}

export function buildReport(site: Site, options: ReportOptions): ReportData {
  const now = options.now ?? Date.now();
  const cs = compileSite(site);
  const services: Service[] = [];
  for (const text of options.services?.length ? options.services : ['any']) {
    const s = parseService(text);
    if (!s.ok) throw new Error(`--service ${text}: ${s.error}`);
    services.push(s.value);
  }
  const map = siteMap(site);
  const matrices = services.map((service) => matrix(cs, {service, ruleset: 'applied', defaults: options.defaults}));
  const findings = lint(cs, {ruleset: 'pending', defaults: options.defaults});
  const byRule = new Map<number, Finding[]>();
  const byNetwork = new Map<number, Finding[]>();
  for (const f of findings) {
    if (f.rules.length) for (const r of f.rules) byRule.set(r.key, [...(byRule.get(r.key) ?? []), f]);
    else if (f.networkKey !== undefined) byNetwork.set(f.networkKey, [...(byNetwork.get(f.networkKey) ?? []), f]);
  }
  const networks: ReportNetwork[] = [...site.networks]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((n) => {
      const rules = site.rules
        .filter((r) => r.vnet === n.key)
        .sort(compareRuleOrder)
        .map((rule, i) => ({
          rule,
          position: i + 1,
          lifecycle: lifecycleOf(site, rule),
          findings: byRule.get(rule.key) ?? [],
        }));
      const applied = cs.appliedSource(n.key);
      return {
        network: n,
        rules,
        defaults: defaultPseudoRules(n, rules.length, options.defaults),
        findings: byNetwork.get(n.key) ?? [],
        applied: applied === 'unknown' ? 'unknown' : applied === 'baseline' ? 'baseline' : 'current',
      };
    });
  const counts = {error: 0, warning: 0, info: 0};
  for (const f of findings) counts[f.severity]++;
  const today = dayOf(now);
  const hits = options.hits;
  const due = dueRules(site, {today, within: options.expiringDays ?? 30, hits, unusedDays: options.unusedDays, now});
  const unused = options.unusedDays ?? 30;
  const neverHit = hits
    ? dueRules(site, {today, within: -1_000_000, hits, unusedDays: unused, now}).filter(
        (d) => d.reasons.includes('never-hit') && isManagedRule(d.rule),
      )
    : [];
  return {
    site: options.site,
    loadedAt: site.loadedAt,
    generatedAt: now,
    services: services.map(formatService),
    map,
    mapService: formatService(services[0]),
    laneVerdicts: laneVerdicts(cs, map, services[0], {
      ruleset: 'applied',
      defaults: options.defaults,
      matrix: matrices[0],
    }),
    matrices,
    networks,
    findingCounts: counts,
    contracts: options.contracts
      ? {
          source: options.contracts.source,
          report: checkContracts(cs, options.contracts.spec, {
            ruleset: 'applied',
            defaults: options.defaults,
            now,
            ...options.contracts.options,
          }),
        }
      : null,
    due,
    neverHit: {days: unused, since: hits?.since() ?? null, rules: neverHit},
    pending: pendingChanges(cs, {defaults: options.defaults}),
    vpn: {
      wireguard: [...site.wireguards].sort((a, b) => a.name.localeCompare(b.name)),
      ipsec: [...site.ipsec].sort((a, b) => a.name.localeCompare(b.name)),
    },
    tenants: site.tenants.map((t) => ({
      name: t.name,
      isolate: t.isolate,
      status: t.status,
      blocks: site.blocks.filter((b) => b.tenant === t.key).map((b) => b.cidr),
    })),
  };
}
