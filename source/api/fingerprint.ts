// Certificate trust as the operator states it, and SHA-256 fingerprints in the
// forms operators paste. Apart from tls.ts (which pulls in undici) so that
// flags can be checked before the HTTP stack loads.
import {VergeError} from './errors.js';

export type TlsTrust =
  | {mode: 'system'}
  | {mode: 'ca'; caFile?: string; caPem?: string}
  | {mode: 'pin'; fingerprint: string}
  | {mode: 'insecure'};

/** "AB:CD:…" or "abcd…" or "sha256:abcd…" → 64 lowercase hex digits. */
export function normaliseFingerprint(input: string): string {
  const hex = input
    .trim()
    .replace(/^sha256[:=]/i, '')
    .replace(/[:\s]/g, '')
    .toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new VergeError({
      kind: 'invalid-input',
      message: 'A SHA-256 fingerprint is 64 hexadecimal digits (colons allowed).',
    });
  }
  return hex;
}

/** Colon-separated upper-case form, as browsers and openssl print it. */
export function formatFingerprint(hex: string): string {
  return hex.toUpperCase().match(/.{2}/g)?.join(':') ?? hex;
}
