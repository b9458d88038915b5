import {describe, expect, it} from 'vitest';
import {VergeError, serverMessageFrom} from '../../source/api/errors.js';
import {scrub, createAuthState} from '../../source/api/auth.js';
import {formatFingerprint, normaliseFingerprint} from '../../source/api/fingerprint.js';

describe('server messages', () => {
  it('reads err, error, message and plain text', () => {
    expect(serverMessageFrom('{"err":"Invalid argument"}')).toBe('Invalid argument');
    expect(serverMessageFrom('{"error":"nope"}')).toBe('nope');
    expect(serverMessageFrom('{"message":"m"}')).toBe('m');
    expect(serverMessageFrom('Bad Gateway')).toBe('Bad Gateway');
    expect(serverMessageFrom('')).toBe('');
    expect(serverMessageFrom('x'.repeat(400))).toHaveLength(301);
  });
  // PSVergeOS has met {"err": true, "message": "..."}: a flag in the key that usually holds the words.
  // Each line fails for a plausible wrong reading: taking err as the text ("true"), stopping at err
  // and showing the raw body, not trimming the message, or letting an empty message hide error.
  it('reads the message of a PSVergeOS {"err": true} body, not the flag', () => {
    expect(serverMessageFrom('{"err":true,"message":"bad"}')).toBe('bad');
    expect(serverMessageFrom('{"message":"  name exists\\n","err":true}')).toBe('name exists');
    expect(serverMessageFrom('{"err":true,"error":"locked","message":""}')).toBe('locked');
    // Nothing but the flag: the body itself, not a made-up sentence.
    expect(serverMessageFrom('{"err":true}')).toBe('{"err":true}');
  });
  it('describes a failure with the operation, the server words and the call', () => {
    const e = new VergeError({
      kind: 'http',
      status: 422,
      method: 'POST',
      path: '/api/v4/vnet_rules',
      message: 'the server said "name exists"',
      operation: 'create rule allow-web',
    });
    expect(e.describe()).toBe(
      'Could not create rule allow-web: the server said "name exists" (422 on POST /api/v4/vnet_rules)',
    );
    expect(e.withOperation('other').operation).toBe('create rule allow-web');
  });
});

describe('secrets handling', () => {
  it('scrubs every secret the auth state holds, including the Basic header form', () => {
    const auth = createAuthState({kind: 'basic', user: 'admin', password: 'hunter22'});
    const header = auth.headers()['authorization'];
    const text = `failed with hunter22 and ${header}`;
    const out = scrub(text, auth.secrets());
    expect(out).not.toContain('hunter22');
    expect(out).not.toContain(header.slice(6));
  });
  it('sends each scheme its own header', () => {
    expect(createAuthState({kind: 'apiKey', key: 'k-123456'}).headers()).toEqual({authorization: 'Bearer k-123456'});
    const t = createAuthState({kind: 'token', user: 'u', password: 'p'});
    expect(t.headers()).toEqual({});
    t.setToken('abc');
    expect(t.headers()).toEqual({'x-yottabyte-token': 'abc'});
    expect(t.loginBody()).toEqual({login: 'u', password: 'p'});
  });
});

describe('fingerprints', () => {
  const hex = 'ab'.repeat(32);
  it('accepts colon, plain and sha256: forms', () => {
    expect(normaliseFingerprint(formatFingerprint(hex))).toBe(hex);
    expect(normaliseFingerprint(`sha256:${hex.toUpperCase()}`)).toBe(hex);
    expect(() => normaliseFingerprint('abc')).toThrow(/64 hexadecimal/);
  });
});
