// A place that can keep a secret between runs. Today that is only the OS
// keyring; the other sources (environment, a 0600 file, stdin, a prompt) are
// read-only and handled by resolveSecret().

export type SecretKind = 'password' | 'apiKey';

/** Where the secret of a connection came from (shown in the header and `vseg info`, never the value). */
export type SecretSource = 'keyring' | 'env' | 'file' | 'stdin' | 'prompt';

export interface Availability {
  ok: boolean;
  /** One line: why the store cannot be used (or which backend it uses when ok). */
  reason?: string;
}

export interface SecretStore {
  /** Short identifier: "keyring". */
  readonly name: string;
  /** What it is, for humans: "Secret Service keyring (D-Bus)". Precise once available() ran. */
  describe(): string;
  /** Whether set() would work here. Never throws, never hangs (bounded). */
  available(): Promise<Availability>;
  /** The secret of an account (`<profile>:<password|apiKey>`), or undefined. Throws SecretStoreError. */
  get(account: string): Promise<string | undefined>;
  set(account: string, secret: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
}

/** A store failed; the message is one line, safe to show (it never contains the secret). */
export class SecretStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretStoreError';
  }
}

export const SECRET_ENV: Record<SecretKind, string> = {
  password: 'VSEG_PASSWORD',
  apiKey: 'VSEG_API_KEY',
};

export function kindWord(kind: SecretKind): string {
  return kind === 'password' ? 'password' : 'API key';
}
