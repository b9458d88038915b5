// Readings of the tools' own output formats (iputils ping, traceroute, nc,
// nslookup, tcpdump, arp, nft): what they say, and "not recognised" instead
// of a guess when the text is something else.
import {describe, expect, it} from 'vitest';
import {
  parseArp,
  parseDns,
  parseNft,
  parsePing,
  parseTcpConnect,
  parseTcpdump,
  parseTrace,
  parseTraceroute,
  probeOutcome,
  parseAnswer,
} from '../../source/api/diag/index.js';
import {unansweredSyns} from '../../source/session/diag.js';

describe('ping', () => {
  it('reads counts, loss and rtt', () => {
    const text = `PING 10.10.2.21 (10.10.2.21) 56(84) bytes of data.
64 bytes from 10.10.2.21: icmp_seq=1 ttl=63 time=0.412 ms
64 bytes from 10.10.2.21: icmp_seq=2 ttl=63 time=0.390 ms

--- 10.10.2.21 ping statistics ---
2 packets transmitted, 2 received, 0% packet loss, time 1001ms
rtt min/avg/max/mdev = 0.390/0.401/0.412/0.011 ms
`;
    expect(parsePing(text)).toEqual({
      transmitted: 2,
      received: 2,
      lossPct: 0,
      errors: 0,
      rttMs: {min: 0.39, avg: 0.401, max: 0.412, mdev: 0.011},
    });
    expect(probeOutcome(parseAnswer('ping', text))).toBe('reached');
  });

  it('reads unreachable answers and total loss', () => {
    const text = `PING 10.10.2.99 (10.10.2.99) 56(84) bytes of data.
From 10.10.2.1 icmp_seq=1 Destination Host Unreachable
From 10.10.2.1 icmp_seq=2 Destination Host Unreachable

--- 10.10.2.99 ping statistics ---
2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1010ms
`;
    expect(parsePing(text)).toEqual({
      transmitted: 2,
      received: 0,
      errors: 2,
      lossPct: 100,
      unreachable: {from: '10.10.2.1', message: 'Destination Host Unreachable'},
    });
    expect(probeOutcome(parseAnswer('ping', text))).toBe('failed');
  });

  it('says when it does not recognise the text', () => {
    expect(parsePing('something else entirely')).toBeNull();
    expect(probeOutcome(parseAnswer('ping', 'something else entirely'))).toBe('n/a');
  });
});

describe('traceroute', () => {
  it('reads hops, silent hops and marks', () => {
    const text = `traceroute to 10.10.2.21 (10.10.2.21), 30 hops max, 60 byte packets
 1  100.96.0.12 (100.96.0.12)  0.321 ms  0.298 ms  0.287 ms
 2  * * *
 3  10.10.2.1  0.4 ms !X  0.3 ms !X  0.3 ms !X
`;
    const t = parseTraceroute(text)!;
    expect(t.target).toBe('10.10.2.21');
    expect(t.hops).toEqual([
      {hop: 1, address: '100.96.0.12', rttMs: [0.321, 0.298, 0.287]},
      {hop: 2, address: null, rttMs: []},
      {hop: 3, address: '10.10.2.1', rttMs: [0.4, 0.3, 0.3], mark: '!X'},
    ]);
    expect(t.reached).toBe(false);
    expect(parseTraceroute(`traceroute to a (1.1.1.1), 30 hops max\n 1  1.1.1.1  1.0 ms\n`)!.reached).toBe(true);
  });
});

describe('tcp connect', () => {
  it('tells open, refused, timed out, no route and unresolved apart', () => {
    expect(parseTcpConnect('Connection to 10.10.2.21 5432 port [tcp/postgresql] succeeded!\n').state).toBe('open');
    expect(parseTcpConnect('nc: connect to 10.10.2.21 port 3306 (tcp) failed: Connection refused\n').state).toBe(
      'refused',
    );
    expect(
      parseTcpConnect('nc: connect to 10.10.2.21 port 3306 (tcp) timed out: Operation now in progress\n').state,
    ).toBe('timeout');
    expect(parseTcpConnect('nc: connect to 10.10.9.9 port 22 (tcp) failed: No route to host\n').state).toBe('no-route');
    expect(parseTcpConnect('nc: getaddrinfo for host "x" port 22: Name or service not known\n').state).toBe(
      'unresolved',
    );
    expect(parseTcpConnect('¯\\_(ツ)_/¯').state).toBe('unknown');
  });
});

describe('nslookup', () => {
  it('reads answers, NXDOMAIN and time outs', () => {
    const ok = parseDns(
      'Server:\t\t127.0.0.1\nAddress:\t127.0.0.1#53\n\nNon-authoritative answer:\nName:\texample.com\nAddress: 93.184.216.34\n',
    );
    expect(ok).toEqual({
      answers: [{name: 'example.com', address: '93.184.216.34'}],
      nxdomain: false,
      timeout: false,
      server: '127.0.0.1',
    });
    expect(parseDns("** server can't find nope.example: NXDOMAIN\n").nxdomain).toBe(true);
    expect(parseDns(';; connection timed out; no servers could be reached\n').timeout).toBe(true);
  });
});

describe('tcpdump', () => {
  it('reads -i any lines with interface and direction, and plain ones', () => {
    const text = `tcpdump: verbose output suppressed, use -v[v]... for full protocol decode
listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes
10:00:00.000100 eth1  In  IP 10.10.1.11.51234 > 10.10.2.21.3306: Flags [S], seq 1, win 64240, length 0
10:00:00.000200 IP 10.10.1.11.40000 > 1.1.1.1.53: 4242+ A? example.com. (29)
10:00:00.000300 eth0  Out IP 10.10.3.1 > 10.10.1.11: ICMP echo request, id 1, seq 1, length 64
10:00:00.000400 garbage line
3 packets captured
`;
    const c = parseTcpdump(text);
    expect(c.captured).toBe(3);
    expect(c.unread).toBe(1);
    expect(c.packets.map((p) => Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'raw')))).toEqual([
      {
        time: '10:00:00.000100',
        iface: 'eth1',
        dir: 'In',
        proto: 'tcp',
        src: '10.10.1.11',
        sport: 51234,
        dst: '10.10.2.21',
        dport: 3306,
        flags: 'S',
        length: 0,
      },
      {time: '10:00:00.000200', proto: 'udp', src: '10.10.1.11', sport: 40000, dst: '1.1.1.1', dport: 53},
      {
        time: '10:00:00.000300',
        iface: 'eth0',
        dir: 'Out',
        proto: 'icmp',
        src: '10.10.3.1',
        dst: '10.10.1.11',
        length: 64,
      },
    ]);
  });

  it('counts SYNs that never got a SYN-ACK', () => {
    const {packets} = parseTcpdump(
      [
        '10:00:00.000001 IP 10.0.0.1.1000 > 10.0.0.2.22: Flags [S], seq 1, length 0',
        '10:00:00.000002 IP 10.0.0.2.22 > 10.0.0.1.1000: Flags [S.], seq 1, length 0',
        '10:00:00.000003 IP 10.0.0.1.1001 > 10.0.0.2.3306: Flags [S], seq 1, length 0',
        '10:00:01.000003 IP 10.0.0.1.1001 > 10.0.0.2.3306: Flags [S], seq 1, length 0',
      ].join('\n'),
    );
    expect(unansweredSyns(packets)).toBe(1);
  });
});

describe('arp', () => {
  it('reads complete and incomplete entries', () => {
    expect(
      parseArp('? (10.10.1.11) at 52:54:00:12:34:56 [ether] on eth0\nweb-02 (10.10.1.12) at <incomplete> on eth0\n'),
    ).toEqual([
      {host: null, ip: '10.10.1.11', mac: '52:54:00:12:34:56', iface: 'eth0'},
      {host: 'web-02', ip: '10.10.1.12', mac: null, iface: 'eth0'},
    ]);
  });
});

describe('nft ruleset and trace', () => {
  const ruleset = `table inet filter {
	chain forward {
		type filter hook forward priority filter; policy drop;
		ct state established,related accept
		ip saddr { 10.10.1.11, 10.10.1.12 } tcp dport 5432 counter packets 12 bytes 720 accept comment "rule:7 Allow PostgreSQL"
		ip daddr 10.10.1.0/24 log prefix "x: " drop comment "blocks web"
	}
}
`;
  it('reads chains, policies, counters, verdicts and rule keys named in comments', () => {
    const n = parseNft(ruleset);
    expect(n.tables).toEqual(['inet filter']);
    expect(n.chains).toEqual([{table: 'inet filter', chain: 'forward', policy: 'drop'}]);
    expect(n.rules.map((r) => [r.ruleKey, r.verdict, r.packets, r.log])).toEqual([
      [null, 'accept', null, false],
      [7, 'accept', 12, false],
      [null, 'drop', null, true],
    ]);
  });

  it('groups trace lines by id and keeps the verdict and the rule that gave it', () => {
    const packet =
      'ip saddr 10.10.1.11 ip daddr 10.10.2.21 ip protocol tcp tcp sport 5000 tcp dport 5432 tcp flags == syn';
    const events = parseTrace(`trace id 0a0b0c0d inet filter forward packet: iif "eth1" ${packet}
trace id 0a0b0c0d inet filter forward rule iifname "eth1" jump incoming (verdict jump incoming)
trace id 0a0b0c0d inet filter incoming rule ip saddr 10.10.1.11 tcp dport 5432 accept comment "rule:7 x" (verdict accept)
trace id 11111111 inet filter incoming policy drop
`);
    expect(events).toEqual([
      {
        id: '0a0b0c0d',
        chain: 'incoming',
        packet: {proto: 'tcp', src: '10.10.1.11', dst: '10.10.2.21', sport: 5000, dport: 5432},
        ruleKey: 7,
        comment: 'rule:7 x',
        verdict: 'accept',
      },
      {id: '11111111', chain: 'incoming', packet: null, ruleKey: null, comment: null, verdict: 'drop'},
    ]);
  });
});
