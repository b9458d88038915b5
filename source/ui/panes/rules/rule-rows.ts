// The rows of the rules pane, per network in evaluation order (pinned top,
// orderid, pinned bottom): the staged rules with their lint findings and
// applied-vs-pending marks, the rules Apply Rules would remove (still live),
// and the default pseudo-rules at the bottom of each ruleset.
import {appliedDiff, type RuleMark} from '../../../domain/edits/applied-diff.js';
import {aliasKeysToNames} from '../../../domain/edits/rule-tokens.js';
import {orderedRules, type Key, type Network, type Rule, type Site} from '../../../domain/model.js';
import {defaultPseudoRules, type DefaultPseudoRule, type Finding, type PolicyDefaults} from '../../../policy/index.js';
import type {Column} from '../../components/table/types.js';
import type {Glyphs} from '../../theme/tokens.js';

interface Base {
  id: string;
  network: Network;
}

export type RuleRow =
  | (Base & {
      kind: 'rule';
      rule: Rule;
      position: number;
      mark?: RuleMark;
      changedFields?: string[];
      findings: readonly Finding[];
    })
  | (Base & {kind: 'removed'; rule: Rule})
  | (Base & {kind: 'default'; pseudo: DefaultPseudoRule});

export function ruleRows(
  site: Site | null,
  networks: readonly Network[],
  findings: ReadonlyMap<Key, readonly Finding[]>,
  defaults: PolicyDefaults,
): RuleRow[] {
  if (!site) return [];
  const out: RuleRow[] = [];
  const byVnet = new Map<Key, Rule[]>();
  for (const r of site.rules) {
    const list = byVnet.get(r.vnet);
    if (list) list.push(r);
    else byVnet.set(r.vnet, [r]);
  }
  for (const network of networks) {
    const staged = byVnet.get(network.key) ?? [];
    const rules = orderedRules(staged);
    const diff = appliedDiff(site, network.key, staged);
    const changed = new Map(diff.changed.map((c) => [c.rule.key, c.fields as string[]]));
    rules.forEach((rule, i) => {
      out.push({
        kind: 'rule',
        id: `rule:${rule.key}`,
        network,
        rule,
        position: i + 1,
        mark: diff.marks.get(rule.key),
        changedFields: changed.get(rule.key),
        findings: findings.get(rule.key) ?? [],
      });
    });
    for (const rule of orderedRules(diff.removed))
      out.push({kind: 'removed', id: `removed:${rule.key}`, network, rule});
    if (network.type === 'port_mirror') continue;
    for (const pseudo of defaultPseudoRules(network, rules.length, defaults))
      out.push({kind: 'default', id: `default:${network.key}:${pseudo.direction}`, network, pseudo});
  }
  return out;
}

const SEVERITY_TONE = {error: 'danger', warning: 'warning', info: 'info'} as const;

function fields(row: RuleRow): {
  name: string;
  action: string;
  protocol: string;
  direction: string;
  source: string;
  sourcePorts: string;
  destination: string;
  destinationPorts: string;
} {
  if (row.kind === 'default') {
    const p = row.pseudo;
    return {
      name: p.name,
      action: p.action,
      protocol: 'any',
      direction: p.direction,
      source: 'any',
      sourcePorts: '',
      destination: 'any',
      destinationPorts: '',
    };
  }
  const r = row.rule;
  return {
    name: r.name,
    action: r.action,
    protocol: SHORT_PROTOCOLS[r.protocol] ?? r.protocol,
    direction: r.direction,
    source: r.sourceIp,
    sourcePorts: r.sourcePorts,
    destination: r.destinationIp,
    destinationPorts: r.destinationPorts,
  };
}

const SHORT_PROTOCOLS: Record<string, string> = {'89': 'ospf', '2': 'igmp', '47': 'gre', '50': 'esp', '51': 'ah'};

const DIR: Record<string, string> = {incoming: 'in', outgoing: 'out'};

export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  const units = ['k', 'M', 'G', 'T'];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 10 ? Math.round(v) : v.toFixed(1)}${units[u]}`;
}

/** Flags in fixed places: enabled, pin, statistics, log, system. */
export function flagText(rule: Rule, glyphs: Pick<Glyphs, 'sortAsc' | 'sortDesc'>, ascii: boolean): string {
  const enabled = rule.enabled ? (ascii ? '+' : '✓') : ascii ? '-' : '✗';
  const pin = rule.pin === 'top' ? glyphs.sortAsc : rule.pin === 'bottom' ? glyphs.sortDesc : ascii ? '.' : '·';
  const dot = ascii ? '.' : '·';
  const lock = rule.systemRule ? (ascii ? '#' : '🔒') : '';
  return `${enabled}${pin}${rule.statistics ? 'S' : dot}${rule.log ? 'L' : dot}${lock}`;
}

/** Rows measured for content widths: enough to be representative, few enough to stay instant on 10,000 rules. */
const MEASURED_ROWS = 2000;

/**
 * The rules table's columns. Widths follow the content: addresses and ports
 * get what their longest value needs (up to a cap) before the name takes the
 * spare room, and the name gives up width first when the terminal is narrow.
 * `wide` (the w key) lifts the caps and lets the extra columns go so that
 * names, addresses and ports show whole.
 */
export function ruleColumns(
  site: Site | null,
  opts: {
    glyphs: Glyphs;
    ascii: boolean;
    allNetworks: boolean;
    width: number;
    rows?: readonly RuleRow[];
    wide?: boolean;
  },
): Column<RuleRow>[] {
  const wide = opts.wide ?? false;
  const show = (v: string) => (site ? aliasKeysToNames(v, site) : v);
  const measured = (opts.rows ?? []).slice(0, MEASURED_ROWS);
  const longest = (header: string, cell: (r: RuleRow) => string) =>
    measured.reduce((n, r) => Math.max(n, [...cell(r)].length), header.length);
  // `keep`: cut below this only as a last resort — extra columns (hits, flags, source ports) go first.
  const fitted = (header: string, cell: (r: RuleRow) => string, min: number, cap: number, keep = min) => {
    const need = longest(header, cell);
    const content = Math.max(Math.min(min, need), Math.min(wide ? 60 : cap, need));
    return {width: content, minWidth: wide ? content : Math.min(keep, content)};
  };
  const cell = {
    name: (r: RuleRow) => fields(r).name,
    source: (r: RuleRow) => show(fields(r).source) || 'any',
    destination: (r: RuleRow) => show(fields(r).destination) || 'any',
    sourcePorts: (r: RuleRow) => show(fields(r).sourcePorts),
    destinationPorts: (r: RuleRow) => show(fields(r).destinationPorts),
  };
  const cols: Column<RuleRow>[] = [
    {
      id: 'position',
      header: '#',
      format: (r) => (r.kind === 'rule' ? String(r.position) : r.kind === 'default' ? String(r.pseudo.position) : ''),
      width: 3,
      align: 'right',
      priority: 2,
      sortable: false,
    },
    {
      id: 'mark',
      header: opts.ascii ? '~' : '±',
      width: 1,
      priority: 2,
      sortable: false,
      filterable: false,
      format: (r) =>
        r.kind === 'removed'
          ? '-'
          : r.kind === 'rule'
            ? r.mark === 'added'
              ? '+'
              : r.mark === 'changed'
                ? '~'
                : ' '
            : ' ',
    },
    {
      id: 'lint',
      header: '!',
      width: 1,
      priority: 2,
      sortable: false,
      filterable: false,
      kind: 'status',
      format: () => '',
      tone: (r) => (r.kind === 'rule' && r.findings[0] ? SEVERITY_TONE[r.findings[0].severity] : undefined),
    },
    {
      id: 'name',
      header: 'NAME',
      format: cell.name,
      // A name keeps 16 cells (24 on a wide terminal) before the addresses take the rest.
      ...fitted('NAME', cell.name, opts.width >= 110 ? 24 : 16, 40),
      grow: true,
      priority: 0,
      // Squeezed before the addresses and ports: they are what a rule matches.
      shrink: 2,
      sortable: false,
    },
    {
      id: 'action',
      header: 'ACTION',
      format: (r) => fields(r).action,
      // translate and reject need more than accept: the content decides, as for the addresses.
      ...fitted('ACTION', (r) => fields(r).action, 6, 9, 6),
      priority: 0,
      sortable: false,
    },
    {
      id: 'protocol',
      header: 'PROTO',
      format: (r) => fields(r).protocol,
      width: 6,
      minWidth: 5,
      priority: wide ? 2 : 1,
      sortable: false,
    },
    {
      id: 'direction',
      header: 'DIR',
      format: (r) => DIR[fields(r).direction] ?? fields(r).direction,
      width: 3,
      priority: wide ? 2 : 1,
      sortable: false,
    },
    {
      id: 'source',
      header: 'SOURCE',
      format: cell.source,
      ...fitted('SOURCE', cell.source, 9, 32, 20),
      priority: wide ? 0 : 1,
      sortable: false,
    },
    {
      id: 'sourcePorts',
      header: 'SPORT',
      format: cell.sourcePorts,
      ...fitted('SPORT', cell.sourcePorts, 5, 12),
      priority: 5,
      sortable: false,
    },
    {
      id: 'destination',
      header: 'DESTINATION',
      format: cell.destination,
      ...fitted('DESTINATION', cell.destination, 9, 32, 20),
      priority: wide ? 0 : 1,
      sortable: false,
    },
    {
      id: 'destinationPorts',
      header: 'DPORT',
      format: cell.destinationPorts,
      ...fitted('DPORT', cell.destinationPorts, 5, 24, 12),
      priority: wide ? 0 : 1,
      sortable: false,
    },
    {
      id: 'flags',
      header: 'FLAGS',
      format: (r) => (r.kind === 'default' ? '' : flagText(r.rule, opts.glyphs, opts.ascii)),
      width: 6,
      priority: 3,
      sortable: false,
      filterable: false,
    },
    {
      id: 'hits',
      header: 'HITS',
      width: 11,
      align: 'right',
      priority: 4,
      sortable: false,
      filterable: false,
      format: (r) =>
        r.kind === 'rule' && r.rule.statistics ? `${formatCount(r.rule.packets)}p ${formatCount(r.rule.bytes)}B` : '',
    },
  ];
  if (opts.allNetworks)
    cols.splice(3, 0, {
      id: 'network',
      header: 'NETWORK',
      format: (r) => r.network.name,
      width: 10,
      minWidth: 6,
      priority: 0,
      sortable: false,
    });
  return cols;
}
