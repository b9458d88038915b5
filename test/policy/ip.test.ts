import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {
  IPV6_UNSUPPORTED,
  IntervalSet,
  cidrContains,
  cidrOverlaps,
  formatAddressSet,
  formatIpv4,
  freeBlocks,
  hostRange,
  nextFreeBlock,
  parseAddressList,
  parseAddressSpec,
  parseCidr,
  parseInterfaceAddress,
  parseIpv4,
  rangeToCidrs,
  validateAddressList,
  validateCidr,
  validateIp,
  validateRange,
} from '../../source/domain/ip.js';
import {propertyParams} from '../support/seed.js';

describe('IPv4 parse/format', () => {
  it('round-trips dotted quads', () => {
    fc.assert(
      fc.property(fc.integer({min: 0, max: 0xffffffff}), (n) => parseIpv4(formatIpv4(n)) === n),
      propertyParams(),
    );
  });

  it('refuses malformed addresses with a clear reason', () => {
    expect(parseIpv4('10.0.0')).toBeNull();
    expect(parseIpv4('10.0.0.256')).toBeNull();
    expect(validateIp('10.0.0.256')).toEqual({
      ok: false,
      error: '"10.0.0.256": each part must be 0–255 (256 is too large)',
    });
    expect(validateIp('010.0.0.1')).toEqual({
      ok: false,
      error: '"010.0.0.1": leading zeros are ambiguous (octal?); write 10.0.0.1',
    });
    expect(validateIp('web1')).toMatchObject({ok: false, error: expect.stringContaining('is not an IPv4 address')});
    expect(validateIp('')).toEqual({ok: false, error: 'an IP address is required'});
    expect(validateIp(' 192.0.2.1 ')).toEqual({ok: true, value: '192.0.2.1'});
  });

  it('says IPv6 is unsupported instead of mis-parsing it', () => {
    for (const v6 of ['fd00::1', '2001:db8::/32', '::1', 'fe80::1%eth0']) {
      expect(validateIp(v6)).toEqual({ok: false, error: IPV6_UNSUPPORTED});
      expect(parseAddressSpec(v6)).toEqual({ok: false, error: IPV6_UNSUPPORTED});
    }
    expect(validateCidr('2001:db8::/32')).toEqual({ok: false, error: IPV6_UNSUPPORTED});
  });
});

describe('CIDRs', () => {
  it('normalises host bits and flags them', () => {
    const c = parseCidr('10.0.0.5/24');
    expect(c).toMatchObject({ok: true, value: {text: '10.0.0.0/24', hostBitsSet: true, prefix: 24}});
    expect(validateCidr('10.0.0.5/24')).toEqual({
      ok: false,
      error: '"10.0.0.5/24" has host bits set; did you mean 10.0.0.0/24?',
    });
    expect(validateCidr('10.0.0.5/24', {normalize: true})).toEqual({ok: true, value: '10.0.0.0/24'});
    expect(validateCidr('10.0.0.0/33')).toEqual({ok: false, error: '"10.0.0.0/33": the prefix length must be 0–32'});
    expect(validateCidr('0.0.0.0/0')).toEqual({ok: true, value: '0.0.0.0/0'});
  });

  it('reads interface addresses (WireGuard style) without calling host bits an error', () => {
    expect(parseInterfaceAddress('192.168.255.1/24')).toEqual({
      ok: true,
      value: {address: '192.168.255.1', prefix: 24, network: '192.168.255.0/24'},
    });
  });

  it('answers overlap and containment', () => {
    expect(cidrOverlaps('10.0.0.0/24', '10.0.0.128/25')).toBe(true);
    expect(cidrOverlaps('10.0.0.0/25', '10.0.0.128/25')).toBe(false);
    expect(cidrContains('10.0.0.0/16', '10.0.3.0/24')).toBe(true);
    expect(cidrContains('10.0.3.0/24', '10.0.0.0/16')).toBe(false);
    expect(cidrContains('10.0.0.0/24', '10.0.0.7')).toBe(true);
    expect(cidrOverlaps('garbage', '10.0.0.0/8')).toBe(false);
  });

  it('covers a range with the fewest CIDRs', () => {
    expect(rangeToCidrs(parseIpv4('10.0.0.0')!, parseIpv4('10.0.0.255')!)).toEqual(['10.0.0.0/24']);
    expect(rangeToCidrs(parseIpv4('10.0.0.1')!, parseIpv4('10.0.0.6')!)).toEqual([
      '10.0.0.1/32',
      '10.0.0.2/31',
      '10.0.0.4/31',
      '10.0.0.6/32',
    ]);
    fc.assert(
      fc.property(fc.integer({min: 0, max: 0xffff}), fc.integer({min: 0, max: 0xffff}), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const set = IntervalSet.from(
          rangeToCidrs(lo, hi).map((c) => {
            const p = parseCidr(c);
            if (!p.ok) throw new Error(p.error);
            return [p.value.base, p.value.base + 2 ** (32 - p.value.prefix) - 1] as [number, number];
          }),
        );
        return set.equals(IntervalSet.range(lo, hi));
      }),
      propertyParams(),
    );
  });
});

describe('ranges and lists', () => {
  it('parses ranges, refusing reversed ones', () => {
    expect(validateRange('10.0.0.10 - 10.0.0.20')).toEqual({ok: true, value: '10.0.0.10-10.0.0.20'});
    expect(validateRange('10.0.0.20-10.0.0.10')).toEqual({
      ok: false,
      error: '"10.0.0.20-10.0.0.10": the range starts after it ends',
    });
  });

  it('parses comma lists of IPs, CIDRs and ranges into one set', () => {
    const p = parseAddressList('10.0.0.1, 10.0.1.0/30,10.0.0.2-10.0.0.3');
    expect(p.ok && p.value.set.toString((lo, hi) => `${formatIpv4(lo)}-${formatIpv4(hi)}`)).toBe(
      '10.0.0.1-10.0.0.3,10.0.1.0-10.0.1.3',
    );
    expect(validateAddressList('10.0.0.1,')).toEqual({ok: false, error: 'entry 2 is empty (stray comma?)'});
    expect(validateAddressList('10.0.0.1 , 10.0.0.0/8')).toEqual({ok: true, value: '10.0.0.1,10.0.0.0/8'});
    expect(validateAddressList('10.0.0.1,fd00::1')).toEqual({ok: false, error: IPV6_UNSUPPORTED});
  });

  it('formats sets compactly', () => {
    const p = parseAddressList('10.0.0.0/24,10.0.2.5,10.0.3.1-10.0.3.9');
    expect(p.ok && formatAddressSet(p.value.set)).toBe('10.0.0.0/24,10.0.2.5,10.0.3.1-10.0.3.9');
    expect(formatAddressSet(IntervalSet.range(0, 0xffffffff))).toBe('any');
  });
});

describe('IntervalSet', () => {
  const DOMAIN = 64;
  const setArb = fc
    .array(fc.tuple(fc.integer({min: 0, max: DOMAIN - 1}), fc.integer({min: 0, max: 6})), {maxLength: 6})
    .map((xs) => IntervalSet.from(xs.map(([lo, len]) => [lo, Math.min(DOMAIN - 1, lo + len)] as [number, number])));
  const bits = (s: IntervalSet) => Array.from({length: DOMAIN}, (_, i) => s.has(i));
  const fromBits = (b: boolean[]) => IntervalSet.from(b.flatMap((on, i) => (on ? [[i, i] as [number, number]] : [])));

  it('agrees with a bitset on every operation', () => {
    fc.assert(
      fc.property(setArb, setArb, (a, b) => {
        const A = bits(a);
        const B = bits(b);
        expect(a.union(b).equals(fromBits(A.map((x, i) => x || B[i])))).toBe(true);
        expect(a.intersect(b).equals(fromBits(A.map((x, i) => x && B[i])))).toBe(true);
        expect(a.subtract(b).equals(fromBits(A.map((x, i) => x && !B[i])))).toBe(true);
        expect(a.complement(DOMAIN - 1).equals(fromBits(A.map((x) => !x)))).toBe(true);
        expect(a.overlaps(b)).toBe(A.some((x, i) => x && B[i]));
        expect(a.covers(b)).toBe(B.every((x, i) => !x || A[i]));
        expect(a.size()).toBe(A.filter(Boolean).length);
        expect([...a.members()]).toEqual(A.flatMap((x, i) => (x ? [i] : [])));
        // Normalised: no two intervals touch, so equal sets have equal bounds.
        for (let i = 2; i < a.b.length; i += 2) expect(a.b[i]).toBeGreaterThan(a.b[i - 1] + 1);
        for (const r of a.representatives()) expect(a.has(r)).toBe(true);
      }),
      propertyParams(),
    );
  });
});

describe('allocation helpers', () => {
  it('finds the next free block avoiding existing networks', () => {
    expect(nextFreeBlock('10.10.0.0/16', 24, ['10.10.0.0/24', '10.10.1.0/24', '10.10.3.0/24'])).toEqual({
      ok: true,
      value: '10.10.2.0/24',
    });
    expect(nextFreeBlock('10.10.0.0/16', 24, ['10.10.0.0/23', '10.10.2.7'])).toEqual({ok: true, value: '10.10.3.0/24'});
    expect(freeBlocks('10.10.0.0/22', 24, ['10.10.1.0/24'], 3)).toEqual({
      ok: true,
      value: ['10.10.0.0/24', '10.10.2.0/24', '10.10.3.0/24'],
    });
    expect(nextFreeBlock('10.10.0.0/23', 24, ['10.10.0.0/23'])).toEqual({
      ok: false,
      error: 'no free /24 left in 10.10.0.0/23',
    });
    expect(nextFreeBlock('10.10.0.0/24', 16, [])).toEqual({
      ok: false,
      error: 'a /16 block does not fit in 10.10.0.0/24',
    });
  });

  it('never returns a block that overlaps what it must avoid', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({min: 0, max: 255}), fc.integer({min: 22, max: 30})), {maxLength: 8}),
        fc.integer({min: 20, max: 28}),
        (taken, prefix) => {
          const avoid = taken.map(([third, p]) => `10.20.${third}.0/${p}`);
          const r = nextFreeBlock('10.20.0.0/16', prefix, avoid);
          if (!r.ok) return true;
          return avoid.every((a) => !cidrOverlaps(a, r.value)) && cidrContains('10.20.0.0/16', r.value);
        },
      ),
      propertyParams(),
    );
  });

  it('gives usable host ranges', () => {
    expect(hostRange('10.0.0.0/24')).toEqual({ok: true, value: {first: '10.0.0.1', last: '10.0.0.254', count: 254}});
    expect(hostRange('10.0.0.8/31')).toEqual({ok: true, value: {first: '10.0.0.8', last: '10.0.0.9', count: 2}});
  });
});
