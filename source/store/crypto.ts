// node:crypto on demand: the store's modules are in the console's first frame,
// and loading node:crypto there costs ~10 ms for a file name nobody needs yet.
import {createRequire} from 'node:module';

type Crypto = typeof import('node:crypto');
let loaded: Crypto | undefined;
const crypto = (): Crypto => (loaded ??= createRequire(import.meta.url)('node:crypto') as Crypto);

/** `bytes` random bytes as hex (temp-file and record names). */
export function randomHex(bytes: number): string {
  return crypto().randomBytes(bytes).toString('hex');
}

export function sha256Hex(text: string): string {
  return crypto().createHash('sha256').update(text).digest('hex');
}
