// IPv6 text forms as the rule and alias forms accept them: a real address or
// CIDR passes, anything else with colons in it is refused with a message.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {isIpv6Address, validateIpv6} from '../../source/domain/ip.js';
import {propertyParams} from '../support/seed.js';

const group = fc.integer({min: 0, max: 0xffff}).map((n) => n.toString(16));

describe('IPv6 addresses', () => {
  it('takes the full form and every :: compression of it', () => {
    fc.assert(
      fc.property(fc.array(group, {minLength: 8, maxLength: 8}), fc.nat(8), fc.nat(8), (groups, a, b) => {
        const [from, to] = [Math.min(a, b), Math.max(a, b)];
        expect(isIpv6Address(groups.join(':'))).toBe(true);
        if (to > from)
          expect(isIpv6Address(`${groups.slice(0, from).join(':')}::${groups.slice(to).join(':')}`)).toBe(true);
      }),
      propertyParams(),
    );
  });

  it('refuses what only looks like one', () => {
    for (const bad of [
      '',
      ':',
      '::::',
      ':::',
      '1:::2',
      '1::2::3',
      ':1::',
      '1::2:',
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9',
      '1::2:3:4:5:6:7:8',
      'g::1',
      '12345::',
      '::1.2.3.4.5',
      '1.2.3.4::',
      'fe80::1%eth0',
      ' :: 1',
    ]) {
      expect(isIpv6Address(bad), bad).toBe(false);
    }
    for (const ok of [
      '::',
      '::1',
      '1::',
      'fd00::10',
      'FD00::A',
      '::ffff:192.0.2.1',
      '64:ff9b::192.0.2.33',
      '1:2:3:4:5:6:1.2.3.4',
    ])
      expect(isIpv6Address(ok), ok).toBe(true);
  });

  it('CIDRs: prefix 0–128, written plainly', () => {
    expect(validateIpv6('2001:db8::/32')).toEqual({ok: true, value: '2001:db8::/32'});
    expect(validateIpv6('::/0').ok).toBe(true);
    expect(validateIpv6('fd00::/128').ok).toBe(true);
    expect(validateIpv6('fd00::/129')).toEqual({ok: false, error: '"fd00::/129": an IPv6 prefix length must be 0–128'});
    expect(validateIpv6('fd00::/064').ok).toBe(false);
    expect(validateIpv6('fd00::/')).toMatchObject({ok: false});
    expect(validateIpv6('::::/64')).toEqual({
      ok: false,
      error: '"::::/64" is not a valid IPv6 address or CIDR (e.g. fd00::10 or 2001:db8::/32)',
    });
  });
});
