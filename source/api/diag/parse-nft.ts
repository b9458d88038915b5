// Best-effort readings of `nft list ruleset` and `nft monitor trace`. How
// VergeOS names its tables, chains and comments is not public (VERGEOS-API.md
// §8.3): a rule is tied to a vseg rule only when its comment carries a rule
// key ("rule:7", "rule 7", "rule #7", "vnet_rules/7"), and every such tie is
// marked as a guess.

export interface NftRule {
  table: string;
  chain: string;
  line: string;
  /** Rule key read from the comment; null when the comment names none. */
  ruleKey: number | null;
  comment: string | null;
  verdict: string | null;
  packets: number | null;
  bytes: number | null;
  trace: boolean;
  log: boolean;
}

export interface NftSummary {
  tables: string[];
  chains: {table: string; chain: string; policy: string | null}[];
  rules: NftRule[];
}

const KEY_IN_COMMENT = /(?:rule[\s:#_-]*|vnet_rules\/)(\d+)\b/i;
const VERDICT = /\b(accept|drop|reject|jump \S+|goto \S+|return|dnat to \S+|snat to \S+|masquerade)(?=\s|$)/g;

function lastVerdict(body: string): string | null {
  let v: string | null = null;
  for (const m of body.matchAll(VERDICT)) v = m[1];
  return v;
}

export function ruleKeyOfComment(comment: string | null): number | null {
  if (!comment) return null;
  const m = KEY_IN_COMMENT.exec(comment);
  return m ? Number(m[1]) : null;
}

export function parseNft(text: string): NftSummary {
  const out: NftSummary = {tables: [], chains: [], rules: []};
  let table = '';
  let chain = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const t = /^table (\S+ \S+) \{$/.exec(line);
    if (t) {
      table = t[1];
      out.tables.push(table);
      continue;
    }
    const c = /^chain (\S+) \{$/.exec(line);
    if (c) {
      chain = c[1];
      out.chains.push({table, chain, policy: null});
      continue;
    }
    if (line === '}') continue;
    if (/^type \S+ hook/.test(line)) {
      const p = /policy (\w+);/.exec(line);
      if (p && out.chains.length) out.chains[out.chains.length - 1].policy = p[1];
      continue;
    }
    if (!chain) continue;
    const comment = /comment "((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? null;
    const body = comment === null ? line : line.replace(/comment "(?:[^"\\]|\\.)*"/, '');
    const counter = /counter packets (\d+) bytes (\d+)/.exec(body);
    out.rules.push({
      table,
      chain,
      line,
      ruleKey: ruleKeyOfComment(comment),
      comment,
      verdict: lastVerdict(body),
      packets: counter ? Number(counter[1]) : null,
      bytes: counter ? Number(counter[2]) : null,
      trace: /nftrace set 1/.test(body),
      log: /\blog\b/.test(body),
    });
  }
  return out;
}

export interface TracedPacket {
  proto: string | null;
  src: string | null;
  dst: string | null;
  sport: number | null;
  dport: number | null;
}

export interface TraceEvent {
  id: string;
  chain: string;
  packet: TracedPacket | null;
  /** The rule that gave the verdict (comment key), null for a chain policy or an unnamed rule. */
  ruleKey: number | null;
  comment: string | null;
  verdict: string | null;
}

function tracedPacket(text: string): TracedPacket {
  const get = (re: RegExp): string | null => re.exec(text)?.[1] ?? null;
  const num = (re: RegExp): number | null => {
    const v = get(re);
    return v === null ? null : Number(v);
  };
  return {
    proto:
      get(/ip protocol (\w+)/) ??
      (/\btcp\b/.test(text) ? 'tcp' : /\budp\b/.test(text) ? 'udp' : /icmp/.test(text) ? 'icmp' : null),
    src: get(/ip saddr (\S+)/),
    dst: get(/ip daddr (\S+)/),
    sport: num(/(?:tcp|udp|th) sport (\d+)/),
    dport: num(/(?:tcp|udp|th) dport (\d+)/),
  };
}

/** Groups `trace id …` lines by id: the packet seen and the verdict that ended its walk. */
export function parseTrace(text: string): TraceEvent[] {
  const byId = new Map<string, TraceEvent>();
  for (const raw of text.split('\n')) {
    const m = /^trace id (\w+) (\S+ \S+) (\S+) (packet:|rule|policy|verdict)\s*(.*)$/.exec(raw.trim());
    if (!m) continue;
    const [, id, , chain, kind, rest] = m;
    let e = byId.get(id);
    if (!e) byId.set(id, (e = {id, chain, packet: null, ruleKey: null, comment: null, verdict: null}));
    if (kind === 'packet:') {
      e.packet = tracedPacket(rest);
      continue;
    }
    const v = /\(verdict (\w+)/.exec(rest)?.[1] ?? (kind === 'policy' ? rest.trim().split(/\s+/)[0] : null);
    if (!v || v === 'continue' || v === 'jump' || v === 'goto') continue;
    const comment = /comment "((?:[^"\\]|\\.)*)"/.exec(rest)?.[1] ?? null;
    e.chain = chain;
    e.verdict = v;
    e.comment = comment;
    e.ruleKey = ruleKeyOfComment(comment);
  }
  return [...byId.values()];
}
