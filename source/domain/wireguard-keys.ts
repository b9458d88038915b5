// WireGuard key pairs made on the operator's machine, so a peer's private key
// never has to travel to VergeOS: only the public key is sent. Keys are raw
// 32-byte Curve25519 values in standard base64, as `wg genkey`/`wg pubkey`
// print them.
import {createPrivateKey, createPublicKey, generateKeyPairSync} from 'node:crypto';

export interface WireguardKeyPair {
  privateKey: string;
  publicKey: string;
}

const KEY_PATTERN = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

/** A WireGuard key as text: 32 bytes in standard base64 (44 characters ending in "="). */
export function isWireguardKey(text: string): boolean {
  return KEY_PATTERN.test(text.trim());
}

/** Why a pasted key is not usable, or undefined when it is. */
export function wireguardKeyError(text: string): string | undefined {
  const t = text.trim();
  if (t === '') return 'a public key is required';
  if (t.length !== 44) return `a WireGuard key is 44 characters of base64 (this is ${t.length})`;
  if (!isWireguardKey(t)) return 'not a WireGuard key (32 bytes in base64, ending in "=")';
  return undefined;
}

const fromB64url = (s: string) => Buffer.from(s, 'base64url');

export function generateWireguardKeyPair(): WireguardKeyPair {
  const jwk = generateKeyPairSync('x25519').privateKey.export({format: 'jwk'});
  const raw = fromB64url(jwk.d!);
  // The clamped form is what `wg genkey` prints; X25519 clamps anyway, so the
  // public key is the same either way.
  raw[0] = raw[0] & 0xf8;
  raw[31] = (raw[31] & 0x7f) | 0x40;
  const privateKey = raw.toString('base64');
  raw.fill(0);
  return {privateKey, publicKey: fromB64url(jwk.x!).toString('base64')};
}

// PKCS#8 wrapping of a raw X25519 private key (RFC 8410): SEQUENCE { version 0,
// AlgorithmIdentifier { OID 1.3.101.110 }, OCTET STRING { OCTET STRING key } }.
// node:crypto takes no raw X25519 private keys, and a JWK needs the public half.
const X25519_PKCS8_HEADER = Buffer.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
]);

/** The public key of a base64 private key (what `wg pubkey` does). */
export function wireguardPublicKey(privateKey: string): string {
  if (!isWireguardKey(privateKey)) throw new Error('not a WireGuard private key');
  const der = Buffer.concat([X25519_PKCS8_HEADER, Buffer.from(privateKey.trim(), 'base64')]);
  const key = createPrivateKey({key: der, format: 'der', type: 'pkcs8'});
  der.fill(0);
  return fromB64url(createPublicKey(key).export({format: 'jwk'}).x!).toString('base64');
}
