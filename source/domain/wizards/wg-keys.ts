// Keys a wizard generates on this machine: WireGuard key pairs come from the
// shared domain/wireguard-keys.ts (a peer's private key never travels to
// VergeOS); IPsec pre-shared keys are made here.
import {randomBytes} from 'node:crypto';
import {generateWireguardKeyPair, isWireguardKey, type WireguardKeyPair} from '../wireguard-keys.js';

export type WgKeyPair = WireguardKeyPair;
export const generateWgKeyPair = generateWireguardKeyPair;
export const isWgKey = isWireguardKey;

/** 32 random bytes, base64url without padding: 43 characters any IPsec stack accepts in quotes. */
export function generatePsk(): string {
  return randomBytes(32).toString('base64url');
}
