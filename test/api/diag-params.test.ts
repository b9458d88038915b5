// Diagnostic parameters are checked before anything is sent: hosts, ports,
// counts, interfaces and capture filters.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {checkBpf} from '../../source/api/diag/bpf.js';
import {checkDiagParams, checkHost, checkPort, requestParams} from '../../source/api/diag/index.js';
import {propertyParams} from '../support/seed.js';

describe('hosts and ports', () => {
  it('accepts addresses and host names', () => {
    for (const h of ['10.10.2.21', 'db-01', 'web-01.web.demo.internal', 'example.com.', '2001:db8::1'])
      expect(checkHost(h)).toEqual({ok: true, value: h});
  });

  it('refuses what is neither, with the reason', () => {
    expect(checkHost('')).toMatchObject({ok: false, error: 'host is required (an IPv4 address or a host name)'});
    expect(checkHost('10.10.2.300')).toMatchObject({
      ok: false,
      error: 'host "10.10.2.300" is not a valid IPv4 address',
    });
    expect(checkHost('-oProxyCommand=x')).toMatchObject({
      ok: false,
      error: 'host "-oProxyCommand=x" must not start with "-"',
    });
    for (const h of ['db;reboot', 'a b', 'db$(id)', 'x_y.example', '-', 'web..01'])
      expect(checkHost(h).ok, h).toBe(false);
  });

  it('takes ports 1-65535 only', () => {
    expect(checkPort('5432')).toEqual({ok: true, value: 5432});
    for (const p of ['0', '65536', '22a', '-1', '', '1.5']) expect(checkPort(p).ok, p).toBe(false);
    expect(checkPort('70000')).toMatchObject({error: 'port "70000" is not a TCP port (a whole number 1–65535)'});
  });
});

describe('per query', () => {
  it('builds the request params each tool takes', () => {
    const tcp = checkDiagParams('tcp_connect', {host: 'db-01', port: '5432'});
    expect(tcp).toEqual({ok: true, value: {query: 'tcp_connect', host: 'db-01', port: 5432}});
    if (tcp.ok) expect(requestParams(tcp.value)).toEqual({host: 'db-01', port: 5432});
    expect(checkDiagParams('dns', {name: 'example.com'})).toEqual({
      ok: true,
      value: {query: 'dns', name: 'example.com'},
    });
    expect(checkDiagParams('tcpdump', {interface: 'eth0', count: '50', filter: 'tcp port 22'})).toEqual({
      ok: true,
      value: {query: 'tcpdump', interface: 'eth0', count: 50, filter: 'tcp port 22'},
    });
    expect(checkDiagParams('firewall', {})).toEqual({ok: true, value: {query: 'firewall'}});
  });

  it('names the field that is wrong', () => {
    expect(checkDiagParams('tcp_connect', {host: 'db-01', port: 'x'})).toMatchObject({ok: false, field: 'port'});
    expect(checkDiagParams('ping', {host: '10.0.0.1', count: '500'})).toMatchObject({
      ok: false,
      field: 'count',
      error: 'count "500" must be a whole number from 1 to 20',
    });
    expect(checkDiagParams('tcpdump', {interface: 'eth0; id'})).toMatchObject({ok: false, field: 'interface'});
    expect(checkDiagParams('tcpdump', {filter: 'port 22 and'})).toMatchObject({
      ok: false,
      field: 'filter',
      error: 'filter "port 22 and": the filter ends with an operator',
    });
  });
});

describe('capture filters', () => {
  it('accepts the usual primitives and combinations', () => {
    for (const f of [
      'tcp port 22',
      'host 10.10.1.11 and (port 80 or port 443)',
      'src net 10.10.0.0/16 && !icmp',
      'not arp',
      'dst portrange 1024-65535',
      'udp and dst port domain',
      'tcp src port 5432',
    ])
      expect(checkBpf(f), f).toBeNull();
  });

  it('refuses malformed filters and anything with shell or byte-offset syntax', () => {
    const cases: Record<string, string> = {
      'tcp port': '"port" needs a value',
      'port 99999': '"99999" is not a valid port',
      '(tcp': 'unbalanced "("',
      'tcp)': 'unbalanced ")"',
      'host 1.2.3.4 port 80': 'missing "and"/"or" before "port"',
      'and tcp': '"and" needs something on its left',
      'src tcp': '"tcp" cannot follow src/dst (use host, net, port or portrange)',
      foo: 'unknown word "foo" (expected host, net, port, portrange, src, dst, a protocol, and, or, not)',
      'net 10.0.0.0/40': '"10.0.0.0/40" is not a valid net',
    };
    for (const [f, why] of Object.entries(cases)) expect(checkBpf(f), f).toBe(why);
    for (const f of ["tcp'; reboot", 'tcp[13] & 2 != 0', 'port 22 | nc x', '$(id)', 'port `id`', 'port 22 > /tmp/x'])
      expect(checkBpf(f), f).toMatch(/only host\/net\/port\/portrange\/protocol primitives/);
  });

  it('never lets a filter with a shell metacharacter through (seeded)', () => {
    const meta = fc.constantFrom(';', "'", '"', '`', '$', '|', '&', '>', '<', '\\', '{', '[');
    fc.assert(
      fc.property(fc.string({maxLength: 20}), meta, fc.string({maxLength: 20}), (a, m, b) => {
        const f = `tcp port 22 ${a}${m}${b}`;
        // && and || are operators, not shell: only a lone | or & is refused as such
        if ((m === '|' || m === '&') && (`${a}${m}${b}`.includes(m + m) || a.endsWith(m) || b.startsWith(m))) return;
        expect(checkBpf(f)).not.toBeNull();
      }),
      propertyParams({numRuns: 300}),
    );
  });
});
