// Real Curve25519 (x25519) key pairs from node:crypto, as WireGuard uses:
// 32-byte keys in standard base64. A seeded private key makes demo keys stable.
import {createPrivateKey, createPublicKey, randomBytes} from 'node:crypto';
import {validationError} from '../errors.js';

const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

export interface WgKeyPair {
  privateKey: string;
  publicKey: string;
}

function publicFromRaw(raw: Buffer): string {
  const key = createPrivateKey({key: Buffer.concat([PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8'});
  const jwk = createPublicKey(key).export({format: 'jwk'});
  return Buffer.from(jwk.x as string, 'base64url').toString('base64');
}

export function wgKeyPair(seedBytes?: Buffer): WgKeyPair {
  const raw = Buffer.from(seedBytes ?? randomBytes(32));
  // clamp as WireGuard does (RFC 7748)
  raw[0] = raw[0] & 248;
  raw[31] = (raw[31] & 127) | 64;
  return {privateKey: raw.toString('base64'), publicKey: publicFromRaw(raw)};
}

export function isWgKey(text: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(text) && Buffer.from(text, 'base64').length === 32;
}

/** The public key of a base64 private key; 422 when it is not a WireGuard key. */
export function wgPublicKey(field: string, privateKey: string): string {
  if (!isWgKey(privateKey)) throw validationError(field, 'not a valid WireGuard key (32 bytes, base64)');
  return publicFromRaw(Buffer.from(privateKey, 'base64'));
}
