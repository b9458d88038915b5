import {readFileSync, writeFileSync, appendFileSync, existsSync} from 'node:fs';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {appendAudit, readAuditTail} from '../../source/store/audit.js';
import {debugEnabled, maskTokenPath, openDebugLog} from '../../source/store/debug-log.js';
import {addSecretProvider, rememberSecret, resetKnownSecrets} from '../../source/store/secrets/known.js';
import {ensureStateDir} from '../../source/store/paths.js';
import {modeOf, tempHome, type TempHome} from './helpers.js';

let home: TempHome;
beforeEach(() => {
  home = tempHome();
  resetKnownSecrets();
});
afterEach(() => {
  home.cleanup();
  resetKnownSecrets();
});

describe('audit log', () => {
  it('appends one JSON line per entry, 0600, with every known secret masked', () => {
    rememberSecret('Pa55word-xyz');
    let token = 'tok-abcdef0123';
    addSecretProvider(() => [token]);
    const file = home.paths.auditLog;
    const r = appendAudit(
      file,
      {
        profile: 'prod',
        host: 'vergeos.example',
        method: 'POST',
        path: '/api/v4/vnet_ipsec_phase1s',
        body: 'name="t1" psk=Pa55word-xyz',
        outcome: 'failed',
        error: `token tok-abcdef0123 refused; extra s3cr3t-extra`,
      },
      ['s3cr3t-extra'],
    );
    expect(r.body).toBe('name="t1" psk=••••');
    expect(r.error).toBe('token •••• refused; extra ••••');
    token = 'tok-second-999';
    appendAudit(file, {
      profile: 'prod',
      host: 'h',
      method: 'DELETE',
      path: '/api/sys/tokens/tok-second-999',
      outcome: 'ok',
    });
    const text = readFileSync(file, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(2);
    for (const s of ['Pa55word-xyz', 'tok-abcdef0123', 'tok-second-999', 's3cr3t-extra']) expect(text).not.toContain(s);
    expect(modeOf(file)).toBe('0600');
    expect(modeOf(home.paths.stateDir)).toBe('0700');
    const [first] = readAuditTail(file, 10);
    expect(first).toMatchObject({profile: 'prod', host: 'vergeos.example', method: 'POST', outcome: 'failed'});
    expect(first.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(Object.keys(first)).not.toContain('note');
  });

  it('reads the last N entries from the end of a large file, skipping torn lines', () => {
    const file = home.paths.auditLog;
    for (let i = 0; i < 3000; i++) {
      appendAudit(file, {
        profile: 'p',
        host: 'h',
        method: 'PUT',
        path: `/api/v4/vnet_rules/${i}`,
        body: `name="r-${i}" ∑ ünïcødé`,
        outcome: 'ok',
      });
    }
    appendFileSync(file, '{"torn": tru');
    appendFileSync(file, '\n');
    const tail = readAuditTail(file, 5);
    expect(tail.map((r) => r.path)).toEqual([2995, 2996, 2997, 2998, 2999].map((i) => `/api/v4/vnet_rules/${i}`));
    expect(tail[4].body).toBe('name="r-2999" ∑ ünïcødé');
    expect(readAuditTail(file, 5000)).toHaveLength(3000);
    expect(readAuditTail(`${file}.missing`, 5)).toEqual([]);
  });

  it('rotates past its size limit: one previous log kept, 0600, and the tail reads across both', () => {
    const file = home.paths.auditLog;
    const limit = 4096;
    for (let i = 0; i < 120; i++) {
      appendAudit(
        file,
        {profile: 'p', host: 'h', method: 'PUT', path: `/api/v4/vnet_rules/${i}`, outcome: 'ok'},
        [],
        limit,
      );
    }
    const size = (f: string) => readFileSync(f).length;
    // Each file stays within the limit plus one line; older logs than the previous one are gone.
    expect(size(file)).toBeLessThan(limit + 200);
    expect(size(`${file}.1`)).toBeLessThan(limit + 200);
    expect(existsSync(`${file}.2`)).toBe(false);
    expect(modeOf(`${file}.1`)).toBe('0600');
    const current = readFileSync(file, 'utf8').trim().split('\n').length;
    const tail = readAuditTail(file, current + 3);
    expect(tail.map((r) => r.path)).toEqual(
      Array.from({length: current + 3}, (_, k) => `/api/v4/vnet_rules/${120 - current - 3 + k}`),
    );
  });

  it('tightens a log file someone made world-readable', () => {
    ensureStateDir(home.paths);
    writeFileSync(home.paths.auditLog, '', {mode: 0o644});
    appendAudit(home.paths.auditLog, {profile: '', host: 'h', method: 'POST', path: '/x', outcome: 'ok'});
    expect(modeOf(home.paths.auditLog)).toBe('0600');
  });
});

describe('debug log', () => {
  it('is on with VSEG_DEBUG=1 or --debug only', () => {
    expect(debugEnabled({})).toBe(false);
    expect(debugEnabled({VSEG_DEBUG: '0'})).toBe(false);
    expect(debugEnabled({VSEG_DEBUG: '1'})).toBe(true);
    expect(debugEnabled({VSEG_DEBUG: 'true'})).toBe(true);
    expect(debugEnabled({}, true)).toBe(true);
  });

  it('writes request events, scrubbed of secrets and of token paths, 0600', () => {
    const secret = 'hunter2-long';
    const log = openDebugLog({file: home.paths.debugLog, enabled: true, secrets: () => [secret], label: 'prod'});
    log.event({seq: 1, method: 'POST', path: '/api/sys/tokens', phase: 'response', status: 201, ms: 12.4});
    log.event({
      seq: 2,
      method: 'GET',
      path: '/api/v4/vnets',
      phase: 'retry',
      ms: 0,
      error: `ECONNRESET while sending hunter2-long`,
    });
    log.event({
      seq: 3,
      method: 'DELETE',
      path: '/api/sys/tokens/0123456789abcdef',
      phase: 'error',
      ms: 3,
      error: 'timeout',
    });
    log.note('multi\nline note');
    const text = readFileSync(home.paths.debugLog, 'utf8');
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\S+ \[prod\] #1 POST \/api\/sys\/tokens 201 12 ms$/);
    expect(lines[1]).toMatch(/#2 GET \/api\/v4\/vnets retry: ECONNRESET while sending ••••$/);
    expect(lines[2]).toMatch(/#3 DELETE \/api\/sys\/tokens\/•••• failed after 3 ms: timeout$/);
    expect(lines[3]).toMatch(/multi line note$/);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('0123456789abcdef');
    expect(modeOf(home.paths.debugLog)).toBe('0600');
  });

  it('writes nothing when off', () => {
    const log = openDebugLog({file: home.paths.debugLog, enabled: false});
    log.event({seq: 1, method: 'GET', path: '/x', phase: 'response', status: 200, ms: 1});
    expect(existsSync(home.paths.debugLog)).toBe(false);
    expect(maskTokenPath('/api/sys/tokens/abc?x=1')).toBe('/api/sys/tokens/••••?x=1');
  });
});
