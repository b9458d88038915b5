// Users, API keys, session tokens and lockout (VERGEOS-API.md §1.3).
// A user locks after `lockoutThreshold` bad passwords (Basic or token login);
// a locked user's password, tokens and API keys all get 401 until restart.
import {createHash, randomBytes, timingSafeEqual} from 'node:crypto';
import {realClock, type SimClock} from './clock.js';

export type AuthKind = 'basic' | 'apikey' | 'token' | 'none';

interface User {
  password: string;
  failures: number;
  locked: boolean;
}

interface Session {
  user: string;
  lastUsed: number;
}

export type AuthResult = {ok: true; user: string; kind: AuthKind} | {ok: false; kind: AuthKind; err: string};

export const LOGIN_REQUIRED = 'Login required';
export const ACCOUNT_LOCKED = 'Login required: account locked after too many failed logins';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(sha256(a), 'hex');
  const y = Buffer.from(sha256(b), 'hex');
  return timingSafeEqual(x, y);
}

export class Auth {
  private readonly users = new Map<string, User>();
  private readonly tokens = new Map<string, Session>();
  /** sha256(key) → user; keys themselves are not kept */
  private readonly apiKeys = new Map<string, string>();

  constructor(
    private lockoutThreshold: number,
    /** idle expiry of session tokens, ms */
    public tokenIdleMs: number,
    private readonly clock: SimClock = realClock,
  ) {}

  addUser(name: string, password: string): void {
    this.users.set(name, {password, failures: 0, locked: false});
  }

  unlock(name: string): void {
    const u = this.users.get(name);
    if (u) {
      u.locked = false;
      u.failures = 0;
    }
  }

  /** Checks a password; counts failures and locks at the threshold. */
  login(name: string, password: string): {ok: true} | {ok: false; err: string} {
    const u = this.users.get(name);
    if (!u) return {ok: false, err: LOGIN_REQUIRED};
    if (u.locked) return {ok: false, err: ACCOUNT_LOCKED};
    if (!sameSecret(u.password, password)) {
      u.failures++;
      if (u.failures >= this.lockoutThreshold) u.locked = true;
      return {ok: false, err: u.locked ? ACCOUNT_LOCKED : LOGIN_REQUIRED};
    }
    u.failures = 0;
    return {ok: true};
  }

  createToken(user: string): string {
    const tok = randomBytes(20).toString('hex');
    this.tokens.set(tok, {user, lastUsed: this.clock.now()});
    return tok;
  }

  deleteToken(tok: string): boolean {
    return this.tokens.delete(tok);
  }

  expireTokens(): void {
    this.tokens.clear();
  }

  createApiKey(user: string): string {
    if (!this.users.has(user)) this.addUser(user, randomBytes(16).toString('hex'));
    const key = randomBytes(32).toString('base64url');
    this.apiKeys.set(sha256(key), user);
    return key;
  }

  /** Persisted API keys (hashes only). */
  dumpApiKeys(): [string, string][] {
    return [...this.apiKeys];
  }

  loadApiKeys(entries: [string, string][]): void {
    for (const [hash, user] of entries) {
      if (!this.users.has(user)) this.addUser(user, randomBytes(16).toString('hex'));
      this.apiKeys.set(hash, user);
    }
  }

  private checkUser(user: string, kind: AuthKind): AuthResult {
    if (this.users.get(user)?.locked) return {ok: false, kind, err: ACCOUNT_LOCKED};
    return {ok: true, user, kind};
  }

  private byApiKey(key: string): AuthResult | null {
    const user = this.apiKeys.get(sha256(key));
    return user === undefined ? null : this.checkUser(user, 'apikey');
  }

  private byToken(tok: string): AuthResult | null {
    const s = this.tokens.get(tok);
    if (!s) return null;
    const now = this.clock.now();
    if (now - s.lastUsed > this.tokenIdleMs) {
      this.tokens.delete(tok);
      return null;
    }
    s.lastUsed = now;
    return this.checkUser(s.user, 'token');
  }

  /** Authenticates a request from its headers. */
  authenticate(headers: {authorization?: string; token?: string}): AuthResult {
    if (headers.token) {
      const t = headers.token.trim();
      return this.byToken(t) ?? this.byApiKey(t) ?? {ok: false, kind: 'token', err: LOGIN_REQUIRED};
    }
    const auth = headers.authorization?.trim() ?? '';
    const basic = /^Basic\s+(\S+)$/i.exec(auth);
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return {ok: false, kind: 'basic', err: LOGIN_REQUIRED};
      const user = decoded.slice(0, colon);
      const result = this.login(user, decoded.slice(colon + 1));
      return result.ok ? {ok: true, user, kind: 'basic'} : {ok: false, kind: 'basic', err: result.err};
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(auth);
    if (bearer) return this.byApiKey(bearer[1]) ?? {ok: false, kind: 'apikey', err: LOGIN_REQUIRED};
    return {ok: false, kind: 'none', err: LOGIN_REQUIRED};
  }
}
