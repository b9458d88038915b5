// A self-signed certificate generated at start, without dependencies: an
// ECDSA P-256 key from node:crypto and a DER encoding of the certificate
// (CN=vseg-simulator, SAN IP:127.0.0.1 + DNS:localhost, valid now-1d..now+365d).
import {createHash, generateKeyPairSync, randomBytes, sign} from 'node:crypto';
import {isIP} from 'node:net';
import {
  bitString,
  boolean,
  explicit,
  implicit,
  integer,
  octetString,
  oid,
  sequence,
  set,
  time,
  utf8String,
} from './der.js';

export interface SelfSigned {
  certPem: string;
  keyPem: string;
  der: Buffer;
  /** SHA-256 of the DER, 64 lowercase hex characters */
  fingerprint: string;
}

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const DAY = 24 * 60 * 60 * 1000;

function name(cn: string): Buffer {
  return sequence(set(sequence(oid('2.5.4.3'), utf8String(cn))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  throw new Error(`only IPv4 SANs are supported: ${ip}`);
}

/** The raw public key bits inside a SubjectPublicKeyInfo (for key identifiers). */
function publicKeyBits(spki: Buffer): Buffer {
  // SPKI = SEQUENCE { AlgorithmIdentifier, BIT STRING }; the BIT STRING is last
  // and, for P-256, 66 bytes long (tag, length, unused-bits byte, 65-byte point).
  return spki.subarray(spki.length - 65);
}

export function selfSignedCertificate(
  options: {commonName?: string; ips?: string[]; dnsNames?: string[]; now?: Date} = {},
): SelfSigned {
  const {privateKey, publicKey} = generateKeyPairSync('ec', {namedCurve: 'P-256'});
  const spki = publicKey.export({type: 'spki', format: 'der'});
  const now = options.now ?? new Date();
  const cn = options.commonName ?? 'vseg-simulator';
  const keyId = createHash('sha1').update(publicKeyBits(spki)).digest();
  const san = sequence(
    ...(options.ips ?? ['127.0.0.1']).map((ip) => implicit(7, ipBytes(ip))),
    ...(options.dnsNames ?? ['localhost']).map((d) => implicit(2, Buffer.from(d, 'ascii'))),
  );
  const serial = randomBytes(16);
  serial[0] = serial[0] & 0x7f;
  const algorithm = sequence(oid(ECDSA_WITH_SHA256));
  const tbs = sequence(
    explicit(0, integer(2)), // v3
    integer(serial),
    algorithm,
    name(cn),
    sequence(time(new Date(now.getTime() - DAY)), time(new Date(now.getTime() + 365 * DAY))),
    name(cn),
    spki,
    explicit(
      3,
      sequence(
        extension('2.5.29.19', true, sequence(boolean(true))), // basicConstraints CA:TRUE (self-signed root)
        extension('2.5.29.15', true, bitString(Buffer.from([0x84]), 2)), // keyUsage digitalSignature, keyCertSign
        extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage serverAuth
        extension('2.5.29.14', false, octetString(keyId)), // subjectKeyIdentifier
        extension('2.5.29.35', false, sequence(implicit(0, keyId))), // authorityKeyIdentifier
        extension('2.5.29.17', false, san),
      ),
    ),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return {
    certPem: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({type: 'pkcs8', format: 'pem'}) as string,
    der,
    fingerprint: createHash('sha256').update(der).digest('hex'),
  };
}
