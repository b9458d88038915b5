// Key pairs made here must be real WireGuard (X25519) keys: the public key
// must be the one the private key implies, checked independently of our own
// derivation with a Diffie–Hellman agreement.
import {createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {
  generateWireguardKeyPair,
  isWireguardKey,
  wireguardKeyError,
  wireguardPublicKey,
} from '../../../source/domain/wireguard-keys.js';

const b64url = (b64: string) => Buffer.from(b64, 'base64').toString('base64url');

describe('WireGuard keys', () => {
  it('are 32-byte base64 keys, clamped like wg genkey, and different every time', () => {
    const pairs = Array.from({length: 20}, () => generateWireguardKeyPair());
    for (const {privateKey, publicKey} of pairs) {
      expect(isWireguardKey(privateKey)).toBe(true);
      expect(isWireguardKey(publicKey)).toBe(true);
      const raw = Buffer.from(privateKey, 'base64');
      expect(raw).toHaveLength(32);
      expect(raw[0] & 7).toBe(0);
      expect(raw[31] & 0x80).toBe(0);
      expect(raw[31] & 0x40).toBe(0x40);
    }
    expect(new Set(pairs.map((p) => p.privateKey)).size).toBe(20);
  });

  it('the public key belongs to the private key (a DH agreement with another party matches)', () => {
    for (let i = 0; i < 10; i++) {
      const ours = generateWireguardKeyPair();
      const other = generateKeyPairSync('x25519');
      // Only `d` is used to compute; `x` is carried as given.
      const ourPrivate = createPrivateKey({
        key: {kty: 'OKP', crv: 'X25519', d: b64url(ours.privateKey), x: b64url(ours.publicKey)},
        format: 'jwk',
      });
      const ourPublic = createPublicKey({key: {kty: 'OKP', crv: 'X25519', x: b64url(ours.publicKey)}, format: 'jwk'});
      const a = diffieHellman({privateKey: ourPrivate, publicKey: other.publicKey});
      const b = diffieHellman({privateKey: other.privateKey, publicKey: ourPublic});
      expect(a.equals(b)).toBe(true);
      expect(wireguardPublicKey(ours.privateKey)).toBe(ours.publicKey);
    }
  });

  it('derives the public key of a known private key (RFC 7748 §6.1)', () => {
    const alicePrivate = Buffer.from(
      '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a',
      'hex',
    ).toString('base64');
    const alicePublic = Buffer.from('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a', 'hex').toString(
      'base64',
    );
    expect(wireguardPublicKey(alicePrivate)).toBe(alicePublic);
  });

  it('tells why a pasted key is not one', () => {
    expect(wireguardKeyError('')).toBe('a public key is required');
    expect(wireguardKeyError('abc')).toContain('44 characters');
    // 44 characters but 33 bytes' worth of bits in the last character.
    expect(wireguardKeyError(`${'A'.repeat(42)}B=`)).toContain('not a WireGuard key');
    expect(wireguardKeyError(generateWireguardKeyPair().publicKey)).toBeUndefined();
    expect(() => wireguardPublicKey('nope')).toThrow();
  });
});
