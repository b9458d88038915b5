// Secrets a wizard needs for one session: IPsec pre-shared keys and WireGuard
// peer keys, generated here or supplied by the operator (VSEG_SECRET_<NAME> or
// --secrets, like `vseg apply`). They live in memory only: answers and drafts
// hold names, never values, and every value is announced to `onSecret` so the
// audit log and the draft guard can mask or refuse it.
import {secretEnvName, type SecretSource} from '../sitefile/secrets.js';
import {generatePsk, generateWgKeyPair, type WgKeyPair} from './wg-keys.js';

export class SecretBox {
  private readonly psks = new Map<string, {value: string; generated: boolean}>();
  private readonly keys = new Map<string, WgKeyPair>();

  constructor(
    private readonly supplied: Pick<SecretSource, 'get'> = {get: () => undefined},
    private readonly onSecret: (value: string) => void = () => {},
  ) {}

  /** A supplied secret by name (VSEG_SECRET_<NAME>), or undefined. */
  provided(name: string): string | undefined {
    const v = this.supplied.get(name);
    if (v !== undefined && v !== '') this.onSecret(v);
    return v === '' ? undefined : v;
  }

  /** The pre-shared key named `name`: supplied, else generated once per session. */
  psk(name: string): {value: string; generated: boolean} {
    const known = this.psks.get(name);
    if (known) return known;
    const given = this.provided(name);
    const entry = given !== undefined ? {value: given, generated: false} : {value: generatePsk(), generated: true};
    this.onSecret(entry.value);
    this.psks.set(name, entry);
    return entry;
  }

  /** A WireGuard key pair for `name`, generated once per session. */
  wgKeys(name: string): WgKeyPair {
    const known = this.keys.get(name);
    if (known) return known;
    const pair = generateWgKeyPair();
    this.onSecret(pair.privateKey);
    this.keys.set(name, pair);
    return pair;
  }

  /** Whether a key pair was generated for `name` in this session. */
  hasKeys(name: string): boolean {
    return this.keys.has(name);
  }

  /** For planToChangePlan: secrets by the names the wizard's site file uses. */
  source(): SecretSource {
    return {
      get: (name) => this.psks.get(name)?.value ?? this.provided(name),
      hint: (name) => `set ${secretEnvName(name)}`,
    };
  }
}
