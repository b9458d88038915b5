// How analysis results read for people, shared by the headless commands
// (`vseg why`, `vseg matrix`) and the console's Analyze views, which may not
// import each other: the why answer as a trace of lines (each with a kind the
// console colours; the text alone reads the same without colour), and short
// unique labels for the columns of a matrix grid. Text here carries API
// strings as they are: sanitize at the terminal.
import type {Key, Site} from '../domain/model.js';
import {defaultPseudoRule, DEFAULT_POLICY, type PolicyDefaults} from './defaults.js';
import type {MatrixCell, MatrixHop, MatrixOutcome} from './matrix.js';
import type {HopTrace, SkippedRule} from './trace.js';
import type {Direction, PacketText, RuleRef, RulesetChoice, Verdict} from './types.js';
import type {OutcomeView, WhyResult, WhyView} from './why.js';

export type TraceLineKind = 'allow' | 'deny' | 'partial' | 'heading' | 'hop' | 'detail' | 'note' | 'muted' | 'blank';

export interface TraceLine {
  kind: TraceLineKind;
  text: string;
  /** On the first line of a hop that was reached: what decided there, for a view to go to. */
  hop?: TraceHopRef;
}

/** A hop as a place to go: its network, and the rule that decided there (null: the default or nothing). */
export interface TraceHopRef {
  network: string;
  networkKey: Key;
  direction: Direction;
  rule: RuleRef | null;
  /** The network's default decided (no rule matched). */
  default: boolean;
  /** The router was stopped: no rule decided, the network did. */
  stopped: boolean;
}

function hopRef(h: HopTrace): TraceHopRef {
  const noRoute = h.action === 'no-route';
  return {
    network: h.network,
    networkKey: h.networkKey,
    direction: h.direction,
    rule: noRoute ? (h.route?.rule ?? null) : h.rule,
    default: !noRoute && h.default,
    stopped: h.route?.via === 'stopped',
  };
}

export interface TraceOptions {
  /** Which answer comes first (default: the one `why` chose, normally applied). */
  primary?: RulesetChoice;
  defaults?: PolicyDefaults;
  /** Skipped rules listed per hop before "… n more" (default 12). */
  maxSkipped?: number;
  /** Outcomes of a multi-outcome answer traced in detail (default 6). */
  maxOutcomes?: number;
  /** Wrap longer lines with a hanging indent (code points; default: no wrapping). */
  width?: number;
  /** Said after "… n more" where a list is cut (the CLI points at its JSON). */
  more?: string;
}

export function verdictWord(v: Verdict | 'n/a'): string {
  return v === 'n/a' ? 'N/A' : v.toUpperCase();
}

export function packetLine(p: PacketText): string {
  const port = (n: number | undefined) => (n === undefined ? '' : `:${n}`);
  return `${p.protocol} ${p.source}${port(p.sourcePort)} → ${p.destination}${port(p.destinationPort)}`;
}

/** `alias:7` → `alias:web-servers` where the key is known (rule fields keep keys; people read names). */
export function withAliasNames(site: Site, text: string): string {
  if (!text.includes('alias:')) return text;
  return text.replace(/alias:(\d+)/g, (whole, key: string) => {
    const a = site.aliases.find((x) => x.key === Number(key));
    return a ? `alias:${a.name}` : whole;
  });
}

/** "default: drop incoming on internal networks" (with "(site setting)" when a profile overrides it). */
export function defaultPhrase(
  site: Site,
  hop: Pick<HopTrace, 'networkKey' | 'direction' | 'action'>,
  defaults: PolicyDefaults = DEFAULT_POLICY,
): string {
  const net = site.networks.find((n) => n.key === hop.networkKey);
  const type = net?.type ?? 'internal';
  const pseudo = defaultPseudoRule({type}, 0, hop.direction, defaults);
  return `default: ${pseudo.action} ${hop.direction} on ${type} networks${pseudo.origin === 'site' ? ' (site setting)' : ''}`;
}

function ruleLabel(r: {position: number; name: string}): string {
  return `#${r.position} ${r.name}`;
}

function skippedLines(site: Site, skipped: readonly SkippedRule[], max: number, more: string): string[] {
  const out: string[] = [];
  // Rules of the other direction (and disabled ones) are noise in a trace: one line each kind.
  const grouped = new Map<string, SkippedRule[]>();
  const single: SkippedRule[] = [];
  for (const s of skipped) {
    if (s.field === 'direction' || s.field === 'disabled') {
      const k = s.field === 'disabled' ? 'disabled' : s.detail.replace(/ rule$/, ' rules');
      const list = grouped.get(k);
      if (list) list.push(s);
      else grouped.set(k, [s]);
    } else single.push(s);
  }
  for (const s of single.slice(0, max)) {
    const what = s.field === 'route' || s.field === 'translate' ? s.detail : `${s.field}: ${s.detail}`;
    out.push(`skipped ${ruleLabel(s)} — ${withAliasNames(site, what)}`);
  }
  if (single.length > max) out.push(`… ${single.length - max} more skipped rules${more}`);
  for (const [why, rules] of grouped) {
    const names = rules
      .slice(0, 4)
      .map((r) => `#${r.position}`)
      .join(' ');
    out.push(
      `skipped ${names}${rules.length > 4 ? ` +${rules.length - 4}` : ''} — ${why === 'disabled' ? 'disabled' : `${why} (other direction)`}`,
    );
  }
  return out;
}

function hopLines(site: Site, h: HopTrace, index: number, opts: TraceOptions, unreached = false): TraceLine[] {
  const lines: TraceLine[] = [];
  const max = opts.maxSkipped ?? 12;
  const decided =
    h.action === 'no-route'
      ? (h.route?.detail ?? 'no path')
      : h.rule
        ? `rule ${ruleLabel(h.rule)}`
        : defaultPhrase(site, h, opts.defaults);
  const head = unreached
    ? `   not reached: ${h.network} ${h.direction} would ${h.action}`
    : `${String(index).padStart(2)}. ${h.network} ${h.direction}: ${h.action.toUpperCase()}`;
  lines.push({kind: unreached ? 'muted' : 'hop', text: `${head} — ${withAliasNames(site, decided)}`});
  const detail = (text: string) => lines.push({kind: unreached ? 'muted' : 'detail', text: `    ${text}`});
  if (unreached) return lines;
  for (const s of skippedLines(site, h.skipped, max, opts.more ?? '')) detail(s);
  for (const m of h.matched) {
    const what = m.alias
      ? `alias ${m.alias.name}, entry ${m.alias.entry}${m.alias.label ? ` (${m.alias.label})` : ''}`
      : withAliasNames(site, m.describe);
    detail(`matched ${m.field}: ${what}`);
  }
  if (h.action === 'no-route')
    detail(
      `filter: ${h.filter.action} by ` +
        `${h.filter.rule ? `rule ${ruleLabel(h.filter.rule)}` : defaultPhrase(site, {...h, action: h.filter.action}, opts.defaults)}`,
    );
  else if (h.route) detail(`route: ${h.route.detail}`);
  if (h.nat) detail(`NAT: ${h.nat.field} ${h.nat.from} → ${h.nat.to} by rule ${ruleLabel(h.nat.rule)}`);
  for (const n of h.notes) detail(`note: ${n}`);
  return lines;
}

function traceOf(site: Site, o: OutcomeView, opts: TraceOptions, indent = ''): TraceLine[] {
  const t = o.trace;
  const lines: TraceLine[] = [];
  if (t.hops.length === 0) {
    lines.push({
      kind: 'detail',
      text: `${indent}   no router is crossed: ${
        t.kind === 'same-network'
          ? `both ends are on ${t.fromName}`
          : t.kind === 'layer2'
            ? `layer-2 pass-through (${t.notes[0] ?? 'to a tenant'})`
            : 'neither end is in a VergeOS network'
      }`,
    });
    return lines;
  }
  t.hops.forEach((h, i) =>
    pushAll(
      lines,
      hopLines(site, h, i + 1, opts).map((l, j) => ({
        ...l,
        text: indent + l.text,
        ...(j === 0 ? {hop: hopRef(h)} : {}),
      })),
    ),
  );
  for (const h of t.unreached)
    pushAll(
      lines,
      hopLines(site, h, 0, opts, true).map((l) => ({...l, text: indent + l.text})),
    );
  for (const n of t.notes) lines.push({kind: 'note', text: `${indent}    note: ${n}`});
  return lines;
}

/** push(...items) without the spread: a trace over 100,000 skipped rules would overflow the stack. */
function pushAll<T>(to: T[], items: readonly T[]): void {
  for (const item of items) to.push(item);
}

function viewLines(site: Site, v: WhyView, opts: TraceOptions): TraceLine[] {
  const lines: TraceLine[] = [];
  const maxOutcomes = opts.maxOutcomes ?? 6;
  if (v.outcomes.length === 1) {
    const o = v.outcomes[0];
    lines.push({kind: 'muted', text: `Packet ${packetLine(o.example)}`});
    pushAll(lines, traceOf(site, o, opts));
  } else if (v.outcomes.length > 1) {
    lines.push({
      kind: 'muted',
      text: `${v.outcomes.length} outcomes (addresses and ports that end the same way are grouped; one example each):`,
    });
    v.outcomes.slice(0, maxOutcomes).forEach((o, i) => {
      lines.push({
        kind: o.verdict,
        text: `Outcome ${i + 1}: ${verdictWord(o.verdict)}  ${packetLine(o.example)}  (${o.from} → ${o.to})`,
      });
      lines.push({kind: 'detail', text: `   ${withAliasNames(site, o.reason)}`});
      pushAll(lines, traceOf(site, o, opts, '  '));
    });
    if (v.outcomes.length > maxOutcomes)
      lines.push({kind: 'muted', text: `… ${v.outcomes.length - maxOutcomes} more outcomes${opts.more ?? ''}`});
  }
  return lines;
}

function rulesetWords(choice: RulesetChoice): string {
  return choice === 'applied'
    ? 'applied rules (live on the routers)'
    : 'staged rules (as they will be after Apply Rules)';
}

/**
 * The why answer as lines: verdict and reason, endpoints, per hop the
 * deciding rule or default, the skipped rules with the first field that did
 * not match, what matched (alias entry, helper), route and NAT; then the
 * other ruleset's answer when it differs, and the notes.
 */
export function whyLines(site: Site, r: WhyResult, opts: TraceOptions = {}): TraceLine[] {
  const wantPending = opts.primary === 'pending';
  const primary: WhyView = wantPending && r.pending ? r.pending : r;
  const primaryChoice: RulesetChoice = wantPending || r.ruleset === 'pending' ? 'pending' : 'applied';
  const other: WhyView | undefined = wantPending ? (r.pending ? r : undefined) : r.pending;
  const otherChoice: RulesetChoice = primaryChoice === 'applied' ? 'pending' : 'applied';
  const lines: TraceLine[] = [];
  lines.push({
    kind: primary.verdict,
    text: `${verdictWord(primary.verdict)}  ${r.query.from.ref} → ${r.query.to.ref}  ${r.query.service}`,
  });
  lines.push({kind: 'heading', text: withAliasNames(site, primary.reason)});
  lines.push({
    kind: 'muted',
    text:
      `Judged on the ` +
      `${rulesetWords(primaryChoice)}${r.appliedState === 'baseline' || r.appliedState === 'mixed' ? '; live rules as vseg last saw them applied' : ''}`,
  });
  lines.push({kind: 'muted', text: `From ${r.query.from.label}`});
  lines.push({kind: 'muted', text: `To   ${r.query.to.label}`});
  lines.push({kind: 'blank', text: ''});
  pushAll(lines, viewLines(site, primary, opts));
  if (other) {
    const label = otherChoice === 'pending' ? 'Pending (after Apply Rules)' : 'Applied (live now)';
    lines.push({kind: 'blank', text: ''});
    lines.push({
      kind: other.verdict,
      text: `${label}: ${verdictWord(other.verdict)} — ${withAliasNames(site, other.reason)}`,
    });
    pushAll(lines, viewLines(site, other, opts));
  }
  const notes =
    primary === r
      ? r.notes
      : [
          ...new Set([
            ...r.query.from.notes,
            ...r.query.to.notes,
            ...primary.notes,
            ...r.notes.filter((n) => /Apply Rules would change/.test(n)),
          ]),
        ];
  if (notes.length) {
    lines.push({kind: 'blank', text: ''});
    for (const n of notes)
      lines.push({
        kind: /Apply Rules would change this verdict/.test(n) ? 'partial' : 'note',
        text: `note: ${withAliasNames(site, n)}`,
      });
  }
  return opts.width ? wrapLines(lines, opts.width) : lines;
}

/** Wraps each line at spaces to `width` code points; continuation lines keep the indent plus two. */
export function wrapLines(lines: readonly TraceLine[], width: number): TraceLine[] {
  const out: TraceLine[] = [];
  const w = Math.max(20, width);
  for (const line of lines) {
    let text = line.text;
    if ([...text].length <= w) {
      out.push(line);
      continue;
    }
    const indent = ' '.repeat(Math.min(/^ */.exec(text)![0].length + 2, Math.floor(w / 2)));
    let first = true;
    while ([...text].length > w) {
      const chars = [...text];
      const room = chars.slice(0, w + 1).join('');
      let cut = room.lastIndexOf(' ');
      if (cut <= indent.length) cut = w;
      out.push({
        kind: line.kind,
        text: chars.slice(0, cut).join('').trimEnd(),
        ...(first && line.hop ? {hop: line.hop} : {}),
      });
      text = indent + chars.slice(cut).join('').trimStart();
      first = false;
    }
    if (!first || text.trim()) out.push({kind: line.kind, text});
  }
  return out;
}

/**
 * Short unique labels of at most `width` characters for grid columns: the
 * name when it fits, else a prefix, else a prefix with a number.
 */
export function shortLabels(names: readonly string[], width: number): string[] {
  const w = Math.max(1, width);
  let labels = names.map((n) => [...n].slice(0, w).join(''));
  const clash = (ls: string[]) => ls.some((l, i) => ls.indexOf(l) !== i);
  if (!clash(labels)) return labels;
  labels = labels.map((l, i) => {
    if (labels.filter((x) => x === l).length === 1) return l;
    const n = String(i + 1);
    return n.length >= w ? n.slice(-w) : [...names[i]].slice(0, w - n.length).join('') + n;
  });
  return clash(labels) ? names.map((_, i) => String(i + 1).slice(-w)) : labels;
}

/** What decided one outcome of a matrix cell: the stopping hop of a deny, every hop of an allow. */
export function outcomeDecider(o: MatrixOutcome): string {
  const hop = (h: MatrixHop) =>
    h.stopped
      ? `${h.network}: router stopped`
      : h.action === 'no-route'
        ? `${h.network} ${h.direction} has no route`
        : `${h.network} ${h.direction} ${h.action}s by ${h.rule ? `#${h.rule.position} ${h.rule.name}` : 'default'}`;
  if (o.hops.length === 0) return 'no router on the path';
  if (o.verdict === 'deny') return hop(o.hops[o.hops.length - 1]);
  return o.hops.map(hop).join(', ');
}

/** One line per cell for lists: the distinct deciders, deny first, at most `max`. */
export function cellSummary(cell: MatrixCell, max = 2): string {
  if (cell.verdict === 'n/a') return 'not applicable';
  const seen: string[] = [];
  for (const o of cell.outcomes) {
    const text = `${cell.verdict === 'partial' ? `${o.verdict}: ` : ''}${outcomeDecider(o)}`;
    if (!seen.includes(text)) seen.push(text);
  }
  const shown = seen.slice(0, max).join('; ');
  return seen.length > max ? `${shown}; +${seen.length - max} more` : shown;
}

/** Grid symbols: readable without colour. */
export const MATRIX_SYMBOLS: Readonly<Record<Verdict | 'n/a', string>> = {
  allow: 'A',
  deny: '·',
  partial: '~',
  'n/a': '-',
};
export const MATRIX_LEGEND = 'A allow  · deny  ~ partial  - n/a';
