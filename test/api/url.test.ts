import {describe, expect, it} from 'vitest';
import {apiPath, parseSiteUrl} from '../../source/api/url.js';

describe('site URLs', () => {
  it('accepts a bare host, a UI address with a route, and a port', () => {
    expect(parseSiteUrl('vergeos.lab').origin).toBe('https://vergeos.lab');
    expect(parseSiteUrl('https://vergeos.lab/#/dashboard').origin).toBe('https://vergeos.lab');
    const u = parseSiteUrl('https://10.0.0.5:8443/');
    expect(u).toMatchObject({
      origin: 'https://10.0.0.5:8443',
      host: '10.0.0.5:8443',
      hostname: '10.0.0.5',
      secure: true,
    });
    expect(parseSiteUrl('http://127.0.0.1:9000').secure).toBe(false);
    expect(parseSiteUrl('[::1]:9443').hostname).toBe('::1');
  });
  it('refuses credentials in the URL, other schemes and garbage', () => {
    expect(() => parseSiteUrl('https://admin:pw@host')).toThrow(/never in the URL/);
    expect(() => parseSiteUrl('ftp://host')).toThrow(/Unsupported scheme/);
    expect(() => parseSiteUrl('   ')).toThrow(/empty/);
    expect(() => parseSiteUrl('https://exa mple')).toThrow(/not a valid/);
  });
  it('builds table paths under /api/v4', () => {
    expect(apiPath('vnets')).toBe('/api/v4/vnets');
    expect(apiPath('vnets', 5, 'apply')).toBe('/api/v4/vnets/5/apply');
    expect(apiPath('vnets', '$table')).toBe('/api/v4/vnets/%24table');
  });
});
