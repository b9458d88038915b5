import {describe, expect, it} from 'vitest';
import {
  ALL_PORTS,
  formatPortSet,
  looksLikePortSpec,
  parsePortList,
  validatePort,
  validatePortList,
  validatePortRange,
} from '../../source/domain/ports.js';

describe('ports', () => {
  it('reads the forms VergeOS stores; empty is any port', () => {
    const any = parsePortList('');
    expect(any).toMatchObject({ok: true, value: {any: true}});
    expect(any.ok && any.value.set.equals(ALL_PORTS)).toBe(true);
    const p = parsePortList('80, 443,1024-65535');
    expect(p.ok && p.value.set.toString()).toBe('80,443,1024-65535');
    expect(p.ok && p.value.any).toBe(false);
  });

  it('validates form input with clear messages', () => {
    expect(validatePort('22')).toEqual({ok: true, value: 22});
    expect(validatePort('0')).toEqual({ok: false, error: 'port 0 is out of range (1–65535)'});
    expect(validatePort('70000')).toEqual({ok: false, error: 'port 70000 is out of range (1–65535)'});
    expect(validatePort('ssh')).toEqual({ok: false, error: '"ssh" is not a port number'});
    expect(validatePortRange('2000-1000')).toEqual({
      ok: false,
      error: '"2000-1000": the port range starts after it ends',
    });
    expect(validatePortList('80,,443')).toEqual({ok: false, error: 'entry 2 is empty (stray comma?)'});
    expect(validatePortList('')).toEqual({ok: true, value: ''});
    expect(validatePortList('', {required: true})).toEqual({ok: false, error: 'at least one port is required'});
    expect(validatePortList(' 443 , 8000-8010')).toEqual({ok: true, value: '443,8000-8010'});
  });

  it('tells port specs from addresses (for alias entries)', () => {
    expect(looksLikePortSpec('443')).toBe(true);
    expect(looksLikePortSpec('1000-2000')).toBe(true);
    expect(looksLikePortSpec('10.0.0.1')).toBe(false);
    expect(looksLikePortSpec('10.0.0.1-10.0.0.5')).toBe(false);
  });

  it('formats sets', () => {
    expect(formatPortSet(ALL_PORTS)).toBe('any');
    const p = parsePortList('22,80-81');
    expect(p.ok && formatPortSet(p.value.set)).toBe('22,80-81');
  });
});
