// Best-effort readings of tcpdump lines (-nn, with or without -i any's
// interface and direction columns) and `arp -an` rows.

export interface CapturedPacket {
  time: string;
  iface?: string;
  dir?: 'In' | 'Out' | 'M' | 'B' | 'P';
  proto: 'tcp' | 'udp' | 'icmp' | 'other';
  src: string;
  sport?: number;
  dst: string;
  dport?: number;
  /** tcp flags as tcpdump prints them: S, S., ., P., R, F. … */
  flags?: string;
  length?: number;
  raw: string;
}

export interface CaptureSummary {
  packets: CapturedPacket[];
  /** "N packets captured", when printed. */
  captured: number | null;
  /** Lines that looked like packets but could not be read. */
  unread: number;
}

function hostPort(text: string): {addr: string; port?: number} {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})(?:\.(\d+))?$/.exec(text);
  if (m) return {addr: m[1], ...(m[2] ? {port: Number(m[2])} : {})};
  const dot = text.lastIndexOf('.');
  return dot > 0 && /^\d+$/.test(text.slice(dot + 1))
    ? {addr: text.slice(0, dot), port: Number(text.slice(dot + 1))}
    : {addr: text};
}

const LINE = /^(\d{2}:\d{2}:\d{2}\.\d+)\s+(?:(\S+)\s+(In|Out|M|B|P)\s+)?IP6?\s+(\S+)\s+>\s+(\S+?):\s+(.*)$/;

export function parseTcpdump(text: string): CaptureSummary {
  const packets: CapturedPacket[] = [];
  let unread = 0;
  for (const raw of text.split('\n')) {
    if (!/^\d{2}:\d{2}:\d{2}\./.test(raw)) continue;
    const m = LINE.exec(raw);
    if (!m) {
      unread++;
      continue;
    }
    const src = hostPort(m[4]);
    const dst = hostPort(m[5]);
    const rest = m[6];
    const flags = /Flags \[([^\]]+)\]/.exec(rest)?.[1];
    const length = /length (\d+)/.exec(rest);
    const proto: CapturedPacket['proto'] = flags
      ? 'tcp'
      : /^ICMP/.test(rest)
        ? 'icmp'
        : /UDP|^\d+[+*]? /.test(rest)
          ? 'udp'
          : 'other';
    packets.push({
      time: m[1],
      ...(m[2] ? {iface: m[2], dir: m[3] as CapturedPacket['dir']} : {}),
      proto,
      src: src.addr,
      ...(src.port !== undefined ? {sport: src.port} : {}),
      dst: dst.addr,
      ...(dst.port !== undefined ? {dport: dst.port} : {}),
      ...(flags ? {flags} : {}),
      ...(length ? {length: Number(length[1])} : {}),
      raw,
    });
  }
  const c = /^(\d+) packets? captured/m.exec(text);
  return {packets, captured: c ? Number(c[1]) : null, unread};
}

export interface ArpRow {
  ip: string;
  /** Null when incomplete (nothing answered). */
  mac: string | null;
  iface: string;
  host: string | null;
}

export function parseArp(text: string): ArpRow[] {
  const rows: ArpRow[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\S+) \((\d{1,3}(?:\.\d{1,3}){3})\) at (\S+)(?: \[\w+\])?(?: PERM)? on (\S+)/.exec(line.trim());
    if (!m) continue;
    rows.push({host: m[1] === '?' ? null : m[1], ip: m[2], mac: m[3] === '<incomplete>' ? null : m[3], iface: m[4]});
  }
  return rows;
}
