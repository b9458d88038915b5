// TLS trust for a VergeOS site. Self-signed certificates are the common case, so
// besides the system CAs an operator can name a CA file, pin the certificate's
// SHA-256 fingerprint (trust on first use, as SSH does), or — flagged in the
// UI — switch verification off. Built on an undici Agent so the same
// connection pool serves every request to the site.
import {readFileSync} from 'node:fs';
import {isIP} from 'node:net';
import tls, {type PeerCertificate, type TLSSocket} from 'node:tls';
import {Agent, buildConnector} from './undici.js';
import {VergeError} from './errors.js';
import type {SiteUrl} from './url.js';

import {formatFingerprint, normaliseFingerprint, type TlsTrust} from './fingerprint.js';

export interface CertificateInfo {
  fingerprint: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  altNames: string;
  /** Whether the system CAs (or the given CA) vouch for it and the name matches. */
  trusted: boolean;
  trustError?: string;
}

function describeName(name: PeerCertificate['subject'] | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

export function certificateInfo(socket: TLSSocket): CertificateInfo {
  const cert = socket.getPeerCertificate();
  return {
    fingerprint: (cert.fingerprint256 ?? '').replace(/:/g, '').toLowerCase(),
    subject: describeName(cert.subject),
    issuer: describeName(cert.issuer),
    validFrom: cert.valid_from ?? '',
    validTo: cert.valid_to ?? '',
    altNames: cert.subjectaltname ?? '',
    trusted: socket.authorized,
    trustError: socket.authorized ? undefined : String(socket.authorizationError ?? 'unknown'),
  };
}

function readCa(trust: Extract<TlsTrust, {mode: 'ca'}>): string {
  if (trust.caPem) return trust.caPem;
  if (!trust.caFile) throw new VergeError({kind: 'invalid-input', message: 'No CA file given.'});
  try {
    return readFileSync(trust.caFile, 'utf8');
  } catch (error) {
    throw new VergeError({
      kind: 'invalid-input',
      message: `Cannot read the CA file ${trust.caFile}: ${(error as Error).message}`,
    });
  }
}

/**
 * Connects once without verification to show the operator what the server
 * presents (fingerprint, subject, validity) and whether it would be trusted.
 */
export function probeCertificate(
  site: SiteUrl,
  options: {caPem?: string; timeoutMs?: number} = {},
): Promise<CertificateInfo> {
  const url = new URL(site.origin);
  const port = Number(url.port || 443);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: site.hostname,
      port,
      servername: isIP(site.hostname) ? undefined : site.hostname,
      rejectUnauthorized: false,
      ca: options.caPem ? [...tls.rootCertificates, options.caPem] : undefined,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new VergeError({
          kind: 'timeout',
          message: `No TLS answer from ${site.host} within ${options.timeoutMs ?? 8000} ms.`,
        }),
      );
    }, options.timeoutMs ?? 8000);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const info = certificateInfo(socket);
      // Node's authorized flag covers the chain; check the name as well.
      if (info.trusted) {
        const nameError = tls.checkServerIdentity(site.hostname, socket.getPeerCertificate());
        if (nameError) {
          info.trusted = false;
          info.trustError = nameError.message;
        }
      }
      socket.end();
      resolve(info);
    });
    socket.once('error', (error: Error) => {
      clearTimeout(timer);
      reject(new VergeError({kind: 'network', message: `Cannot reach ${site.host}: ${error.message}`, cause: error}));
    });
  });
}

/** An undici Agent enforcing the trust mode. */
export function createAgent(site: SiteUrl, trust: TlsTrust, options: {connectTimeoutMs?: number} = {}): Agent {
  const common = {timeout: options.connectTimeoutMs ?? 10_000, keepAlive: true};
  if (!site.secure) return new Agent({connect: common, keepAliveTimeout: 10_000});
  switch (trust.mode) {
    case 'system':
      return new Agent({connect: {...common, rejectUnauthorized: true}});
    case 'ca':
      return new Agent({connect: {...common, rejectUnauthorized: true, ca: [...tls.rootCertificates, readCa(trust)]}});
    case 'insecure':
      return new Agent({connect: {...common, rejectUnauthorized: false}});
    case 'pin': {
      const expected = normaliseFingerprint(trust.fingerprint);
      // No TLS session resumption: a resumed session carries no certificate to
      // compare with the pin.
      const base = buildConnector({...common, rejectUnauthorized: false, maxCachedSessions: 0});
      return new Agent({
        connect: (opts, callback) => {
          base(opts, (error, socket) => {
            if (error || !socket) return callback(error ?? new Error('connect failed'), null);
            const info = certificateInfo(socket as TLSSocket);
            if (info.fingerprint !== expected) {
              socket.destroy();
              const mismatch = new VergeError({
                kind: 'tls-mismatch',
                message:
                  `The certificate of ${site.host} changed: pinned ${formatFingerprint(expected)}, ` +
                  `presented ${formatFingerprint(info.fingerprint)} (${info.subject}, valid to ${info.validTo}). ` +
                  'Refusing to connect. If the change is expected, trust the new certificate with `vseg login`.',
                details: {expected, presented: info.fingerprint, certificate: info},
              });
              return callback(mismatch, null);
            }
            callback(null, socket);
          });
        },
      });
    }
  }
}

const UNTRUSTED_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
]);

/** Recognises a certificate verification failure somewhere in an error's cause chain. */
export function tlsFailureCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 6; depth++) {
    const code = (e as {code?: unknown}).code;
    if (typeof code === 'string' && UNTRUSTED_CODES.has(code)) return code;
    e = (e as {cause?: unknown}).cause;
  }
  return undefined;
}
