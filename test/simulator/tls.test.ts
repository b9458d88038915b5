import {X509Certificate, createHash} from 'node:crypto';
import https from 'node:https';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {integer, oid, time} from '../../source/simulator/tls/der.js';
import {start} from './helpers.js';

function httpsGet(
  url: string,
  options: https.RequestOptions,
): Promise<{status: number; body: string; fingerprint: string}> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, options, (res) => {
      const cert = (res.socket as import('node:tls').TLSSocket).getPeerCertificate();
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({status: res.statusCode ?? 0, body, fingerprint: cert.fingerprint256}));
    });
    req.on('error', reject);
  });
}

describe('DER encoding', () => {
  it('encodes integers, OIDs and times', () => {
    expect(integer(2).toString('hex')).toBe('020102');
    expect(integer(Buffer.from([0x80])).toString('hex')).toBe('02020080');
    expect(integer(Buffer.from([0, 0, 1])).toString('hex')).toBe('020101');
    expect(oid('1.2.840.10045.4.3.2').toString('hex')).toBe('06082a8648ce3d040302');
    expect(
      time(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))
        .toString('ascii')
        .slice(2),
    ).toBe('260102030405Z');
    expect(time(new Date(Date.UTC(2051, 0, 2, 3, 4, 5)))[0]).toBe(0x18);
  });
});

describe('TLS', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await start({seed: 'empty', tls: true});
  });
  afterAll(() => sim.close());

  it('serves HTTPS with a self-signed certificate whose fingerprint is exposed', () => {
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.certPem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    const cert = new X509Certificate(sim.certPem as string);
    expect(cert.subject).toBe('CN=vseg-simulator');
    expect(cert.issuer).toBe('CN=vseg-simulator');
    expect(cert.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const now = Date.now();
    expect(new Date(cert.validFrom).getTime()).toBeLessThan(now - 23 * 3600 * 1000);
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(now + 364 * 24 * 3600 * 1000);
    expect(sim.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(cert.fingerprint256.replaceAll(':', '').toLowerCase()).toBe(sim.fingerprint);
    expect(createHash('sha256').update(cert.raw).digest('hex')).toBe(sim.fingerprint);
  });

  it('verifies with the certificate as CA, by IP and by name', async () => {
    const byIp = await httpsGet(`${sim.url}/version.json`, {ca: sim.certPem as string});
    expect(byIp.status).toBe(200);
    expect(JSON.parse(byIp.body).name).toBe('VergeOS');
    expect(byIp.fingerprint.replaceAll(':', '').toLowerCase()).toBe(sim.fingerprint);
    // connect to 127.0.0.1, verify the certificate for the name "localhost"
    const byName = await httpsGet(`${sim.url}/version.json`, {ca: sim.certPem as string, servername: 'localhost'});
    expect(byName.status).toBe(200);
  });

  it('is refused without the CA (self-signed) and when the name does not match', async () => {
    await expect(httpsGet(`${sim.url}/version.json`, {})).rejects.toThrow(/self[- ]signed/i);
    await expect(
      httpsGet(`${sim.url}/version.json`, {ca: sim.certPem as string, servername: 'example.test'}),
    ).rejects.toThrow(/altnames|does not match/i);
  });

  it('a plain HTTP simulator has no certificate', async () => {
    const plain = await start({seed: 'empty'});
    expect(plain.fingerprint).toBeNull();
    expect(plain.certPem).toBeNull();
    expect(plain.url).toMatch(/^http:\/\//);
    await plain.close();
  });
});
