// The three ways VergeOS accepts credentials. Secrets stay in this closure:
// they are never logged, never put in an error message and never written out.

export type AuthConfig =
  | {kind: 'basic'; user: string; password: string}
  | {kind: 'apiKey'; key: string}
  /** Password exchanged once for a session token (`POST /api/sys/tokens`). */
  | {kind: 'token'; user: string; password: string}
  | {kind: 'none'};

export type AuthKind = AuthConfig['kind'];

export interface AuthState {
  readonly kind: AuthKind;
  readonly user: string | undefined;
  /** Headers for a data request; empty before a token session is opened. */
  headers(): Record<string, string>;
  /** The session token, when one is open. */
  token(): string | undefined;
  setToken(token: string | undefined): void;
  /** Credentials for `POST /api/sys/tokens` (token auth only). */
  loginBody(): {login: string; password: string} | undefined;
  /** Every secret this state holds, so callers can scrub them from any text. */
  secrets(): string[];
}

export function createAuthState(config: AuthConfig): AuthState {
  let token: string | undefined;
  const user = config.kind === 'basic' || config.kind === 'token' ? config.user : undefined;
  return {
    kind: config.kind,
    user,
    headers(): Record<string, string> {
      switch (config.kind) {
        case 'basic':
          return {authorization: `Basic ${Buffer.from(`${config.user}:${config.password}`).toString('base64')}`};
        case 'apiKey':
          return {authorization: `Bearer ${config.key}`};
        case 'token':
          return token ? {'x-yottabyte-token': token} : {};
        case 'none':
          return {};
      }
    },
    token: () => token,
    setToken(value) {
      token = value;
    },
    loginBody() {
      return config.kind === 'token' ? {login: config.user, password: config.password} : undefined;
    },
    secrets() {
      const s: string[] = [];
      if (config.kind === 'basic' || config.kind === 'token') s.push(config.password);
      if (config.kind === 'basic') s.push(Buffer.from(`${config.user}:${config.password}`).toString('base64'));
      if (config.kind === 'apiKey') s.push(config.key);
      if (token) s.push(token);
      return s.filter((x) => x.length > 0);
    },
  };
}

/**
 * Replaces every known secret in a text by a mask, for logs and error messages:
 * as it is, and as a server quoting a request would write it (JSON-escaped,
 * URL-encoded). Longest first, so a secret containing another is masked whole.
 */
export function scrub(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length < 4) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
    forms.add(encodeURIComponent(s));
  }
  let out = text;
  for (const f of [...forms].sort((a, b) => b.length - a.length)) if (out.includes(f)) out = out.split(f).join('••••');
  return out;
}
