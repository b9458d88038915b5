// A structural check of a tcpdump (pcap) filter before it is sent to a
// router: known primitives with their arguments, and/or/not, balanced
// parentheses. It is deliberately narrower than pcap: byte-offset
// expressions (tcp[13] & 2 != 0) and anything with quotes or shell
// characters are refused, so the text the router's tcpdump gets is plain.

const QUALIFIED = new Set(['host', 'net', 'port', 'portrange']);
const DIRS = new Set(['src', 'dst']);
const PROTOS = new Set(['tcp', 'udp', 'icmp', 'ip', 'ip6', 'arp', 'icmp6', 'vlan', 'esp', 'ah', 'gre']);
const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;

function validIp(t: string): boolean {
  return IPV4.test(t) && t.split('.').every((o) => Number(o) <= 255);
}

function validNet(t: string): boolean {
  const [ip, len] = t.split('/');
  if (len === undefined) return validIp(ip) || /^(\d{1,3})(\.\d{1,3}){0,2}$/.test(ip);
  return validIp(ip) && /^\d{1,2}$/.test(len) && Number(len) <= 32;
}

function validPort(t: string, range: boolean): boolean {
  const m = range ? /^(\d{1,5})-(\d{1,5})$/.exec(t) : /^(\d{1,5})$/.exec(t);
  if (!m) return !range && /^[a-z][a-z0-9-]*$/.test(t); // service names: ssh, https …
  const lo = Number(m[1]);
  const hi = Number(m[2] ?? m[1]);
  return lo <= 65535 && hi <= 65535 && lo <= hi;
}

/** Null when the filter is acceptable, else what is wrong with it. */
export function checkBpf(text: string): string | null {
  if (/[;'"`$\\<>{}[\]]/.test(text) || /(^|[^|])\|(?!\|)/.test(text) || /(^|[^&])&(?!&)/.test(text))
    return 'only host/net/port/portrange/protocol primitives joined with and, or, not and parentheses are accepted';
  const tokens = text.match(/\(|\)|&&|\|\||!|[^\s()!&|]+/g) ?? [];
  let depth = 0;
  let expectOperand = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].toLowerCase();
    if (t === '(') {
      if (!expectOperand) return 'missing "and"/"or" before "("';
      depth++;
      continue;
    }
    if (t === ')') {
      if (expectOperand) return 'an expression is missing before ")"';
      if (--depth < 0) return 'unbalanced ")"';
      continue;
    }
    if (t === 'and' || t === 'or' || t === '&&' || t === '||') {
      if (expectOperand) return `"${tokens[i]}" needs something on its left`;
      expectOperand = true;
      continue;
    }
    if (t === 'not' || t === '!') {
      if (!expectOperand) return `missing "and"/"or" before "${tokens[i]}"`;
      continue;
    }
    // a primitive: [proto] [src|dst] (host|net|port|portrange) VALUE, or a protocol alone
    if (!expectOperand) {
      // pcap allows "tcp port 80" as one primitive; also implicit "and" is not allowed here
      return `missing "and"/"or" before "${tokens[i]}"`;
    }
    let j = i;
    let word = t;
    if (
      PROTOS.has(word) &&
      j + 1 < tokens.length &&
      (DIRS.has(tokens[j + 1].toLowerCase()) || QUALIFIED.has(tokens[j + 1].toLowerCase()))
    )
      word = tokens[++j].toLowerCase();
    if (DIRS.has(word)) {
      if (j + 1 >= tokens.length) return `"${word}" needs host, net, port or portrange after it`;
      word = tokens[++j].toLowerCase();
      if (!QUALIFIED.has(word)) return `"${tokens[j]}" cannot follow src/dst (use host, net, port or portrange)`;
    }
    if (QUALIFIED.has(word)) {
      const value = tokens[j + 1];
      if (value === undefined) return `"${word}" needs a value`;
      const ok =
        word === 'host'
          ? validIp(value) || /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(value)
          : word === 'net'
            ? validNet(value)
            : validPort(value, word === 'portrange');
      if (!ok) return `"${value}" is not a valid ${word === 'portrange' ? 'port range (a-b)' : word}`;
      j++;
    } else if (!PROTOS.has(word)) {
      return `unknown word "${tokens[j]}" (expected host, net, port, portrange, src, dst, a protocol, and, or, not)`;
    }
    i = j;
    expectOperand = false;
  }
  if (depth !== 0) return 'unbalanced "("';
  if (expectOperand) return tokens.length ? 'the filter ends with an operator' : null;
  return null;
}
