import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {Ajv2020} from 'ajv/dist/2020.js';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {
  profilesJsonSchema,
  ProfileError,
  describeTls,
  openProfiles,
  secretAccount,
  validateProfile,
} from '../../source/store/profiles.js';
import {ensureConfigDir, ensureStateDir, vsegPaths} from '../../source/store/paths.js';
import {rememberSecret, resetKnownSecrets} from '../../source/store/secrets/known.js';
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

const FP = 'AB:'.repeat(31) + 'AB';
const FP_HEX = 'ab'.repeat(32);

describe('paths', () => {
  it('follows XDG_CONFIG_HOME / XDG_STATE_HOME and defaults to ~/.config and ~/.local/state', () => {
    const p = vsegPaths({HOME: '/home/op', XDG_CONFIG_HOME: '/x/cfg', XDG_STATE_HOME: '/x/state'});
    expect(p.configDir).toBe('/x/cfg/vseg');
    expect(p.profilesFile).toBe('/x/cfg/vseg/profiles.json');
    expect(p.auditLog).toBe('/x/state/vseg/audit.jsonl');
    expect(p.debugLog).toBe('/x/state/vseg/debug.log');
    expect(p.draftsDir).toBe('/x/state/vseg/drafts');
    expect(p.baselinesDir).toBe('/x/state/vseg/baselines');
    expect(p.journalDir).toBe('/x/state/vseg/journal');
    const d = vsegPaths({HOME: '/home/op'});
    expect(d.configDir).toBe('/home/op/.config/vseg');
    expect(d.stateDir).toBe('/home/op/.local/state/vseg');
    // Relative XDG values are invalid per the spec and ignored.
    expect(vsegPaths({HOME: '/home/op', XDG_CONFIG_HOME: 'rel/cfg'}).configDir).toBe('/home/op/.config/vseg');
  });

  it('creates the directories 0700', () => {
    ensureConfigDir(home.paths);
    ensureStateDir(home.paths);
    expect(modeOf(home.paths.configDir)).toBe('0700');
    expect(modeOf(home.paths.stateDir)).toBe('0700');
  });
});

describe('profiles', () => {
  it('saves, lists, gets, removes; the first one becomes the default; the file is 0600', () => {
    const store = openProfiles(home.paths);
    expect(store.list()).toEqual([]);
    expect(store.resolveDefault()).toBeUndefined();
    const prod = store.save({
      name: 'prod',
      url: 'vergeos.example/#/dashboard',
      auth: 'password',
      user: 'admin',
      tls: {mode: 'pin', fingerprint: FP},
    });
    expect(prod).toEqual({
      name: 'prod',
      url: 'https://vergeos.example',
      auth: 'password',
      user: 'admin',
      tls: {mode: 'pin', fingerprint: FP_HEX},
      readOnly: false,
      refreshSeconds: 30,
    });
    store.save({
      name: 'lab',
      url: 'https://lab.example:8443',
      auth: 'apiKey',
      readOnly: true,
      tls: {mode: 'insecure'},
      keys: {'rules.apply': ['A']},
    });
    expect(store.list().map((p) => p.name)).toEqual(['lab', 'prod']);
    expect(store.defaultName()).toBe('prod');
    store.setDefault('lab');
    expect(store.resolveDefault()?.name).toBe('lab');
    expect(modeOf(home.paths.profilesFile)).toBe('0600');
    expect(modeOf(home.paths.configDir)).toBe('0700');

    // A fresh handle reads the same file.
    const again = openProfiles(home.paths);
    expect(again.get('lab')).toMatchObject({
      url: 'https://lab.example:8443',
      auth: 'apiKey',
      readOnly: true,
      keys: {'rules.apply': ['A']},
    });
    expect(again.remove('lab')).toBe(true);
    expect(again.remove('lab')).toBe(false);
    // The only one left is the default.
    expect(again.resolveDefault()?.name).toBe('prod');
    expect(() => again.setDefault('nope')).toThrow('There is no profile "nope".');
  });

  it('rejects bad input with messages an operator can act on', () => {
    expect(() => validateProfile({name: 'x', url: 'ftp://host', auth: 'password', user: 'u'})).toThrow(
      'Profile "x": Unsupported scheme "ftp:" in "ftp://host": VergeOS is reached over https.',
    );
    expect(() => validateProfile({name: 'x', url: 'https://admin:pw@host', auth: 'password', user: 'u'})).toThrow(
      'Profile "x": Put credentials in a profile or the environment, never in the URL.',
    );
    expect(() =>
      validateProfile({
        name: 'x',
        url: 'https://host',
        auth: 'password',
        user: 'u',
        tls: {mode: 'pin', fingerprint: 'abcd'},
      }),
    ).toThrow(
      'Profile "x": tls.fingerprint: A pinned fingerprint is the SHA-256 of the certificate: 64 hexadecimal digits.',
    );
    expect(() => validateProfile({name: 'x', url: 'https://host', auth: 'password'})).toThrow(
      'Profile "x": password sign-in needs a user name.',
    );
    expect(() => validateProfile({name: '../etc', url: 'https://host', auth: 'apiKey'})).toThrow(
      'Profile "../etc": A profile name is 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit.',
    );
    expect(() => validateProfile({name: 'x', url: 'https://host', auth: 'apiKey', refreshSeconds: -1})).toThrow(
      /refreshSeconds/,
    );
    // Unknown fields — a "password" most of all — are refused, not silently kept.
    expect(() =>
      validateProfile({name: 'x', url: 'https://host', auth: 'password', user: 'u', password: 'hunter2'} as never),
    ).toThrow(/Unrecognized key: "password"/);
  });

  it('never writes a secret this process knows, whatever the caller passes', () => {
    const store = openProfiles(home.paths);
    rememberSecret('Sup3r-Secret-Pw');
    expect(() => store.save({name: 'p', url: 'https://h', auth: 'password', user: 'Sup3r-Secret-Pw'})).toThrow(
      'Refusing to write the profiles file: it would contain a secret.',
    );
    expect(existsSync(home.paths.profilesFile)).toBe(false);
    store.save({name: 'p', url: 'https://h', auth: 'password', user: 'admin'});
    expect(() => store.save({name: 'q', url: 'https://h', auth: 'password', user: 'Sup3r-Secret-Pw'})).toThrow(
      /would contain a secret/,
    );
    expect(readFileSync(home.paths.profilesFile, 'utf8')).not.toContain('Sup3r-Secret-Pw');
  });

  it('names accounts and describes trust', () => {
    expect(secretAccount('prod', 'apiKey')).toBe('prod:apiKey');
    expect(describeTls({mode: 'pin', fingerprint: FP_HEX})).toBe('pinned abababababababab…');
    expect(describeTls({mode: 'insecure'})).toBe('INSECURE (not verified)');
  });

  it('refuses a hand-edited file that breaks the schema, naming the file, and keeps it', () => {
    const store = openProfiles(home.paths);
    store.save({name: 'prod', url: 'https://h', auth: 'apiKey'});
    const broken = JSON.stringify({version: 1, profiles: {prod: {url: 'https://h', auth: 'apiKey', password: 'x'}}});
    writeFileSync(home.paths.profilesFile, broken);
    expect(() => openProfiles(home.paths)).toThrow(ProfileError);
    expect(() => openProfiles(home.paths)).toThrow(
      new RegExp(
        `The profiles file ${home.paths.profilesFile.replace(/[.]/g, '\\.')} cannot be used: profiles\\.prod: Unrecognized key: "password"`,
      ),
    );
    expect(readFileSync(home.paths.profilesFile, 'utf8')).toBe(broken);
  });
});

describe('the JSON schema of the profiles file', () => {
  const PROFILES_JSON_SCHEMA = profilesJsonSchema();
  const validate = new Ajv2020({allErrors: true, strict: false}).compile(PROFILES_JSON_SCHEMA);
  const good = {
    version: 1,
    defaultProfile: 'prod',
    profiles: {
      prod: {
        url: 'https://vergeos.example',
        auth: 'password',
        user: 'admin',
        tls: {mode: 'pin', fingerprint: FP_HEX},
        readOnly: false,
        refreshSeconds: 30,
      },
      lab: {
        url: 'https://lab:8443',
        auth: 'apiKey',
        tls: {mode: 'ca', caFile: '/etc/ssl/lab.pem'},
        policyDefaults: {internal: {incoming: 'drop'}},
      },
    },
  };

  it('is draft 2020-12, has a title, and accepts a real file', () => {
    expect(PROFILES_JSON_SCHEMA['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(PROFILES_JSON_SCHEMA.title).toBe('vseg profiles');
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
  });

  it('accepts what the store writes', () => {
    const store = openProfiles(home.paths);
    store.save({name: 'prod', url: 'https://h', auth: 'password', user: 'u', tls: {mode: 'pin', fingerprint: FP}});
    expect(validate(JSON.parse(readFileSync(home.paths.profilesFile, 'utf8'))), JSON.stringify(validate.errors)).toBe(
      true,
    );
  });

  it.each([
    ['a secret field', {profiles: {p: {url: 'https://h', auth: 'password', user: 'u', password: 'x'}}}],
    ['a URL with a path', {profiles: {p: {url: 'https://h/api', auth: 'apiKey'}}}],
    [
      'a short fingerprint',
      {profiles: {p: {url: 'https://h', auth: 'apiKey', tls: {mode: 'pin', fingerprint: 'abc'}}}},
    ],
    ['a pin without fingerprint', {profiles: {p: {url: 'https://h', auth: 'apiKey', tls: {mode: 'pin'}}}}],
    ['an unknown auth', {profiles: {p: {url: 'https://h', auth: 'kerberos'}}}],
    ['a bad profile name', {profiles: {'-x': {url: 'https://h', auth: 'apiKey'}}}],
    ['an unknown top-level key', {profiles: {}, token: 'abc'}],
  ])('rejects %s', (_what, doc) => {
    expect(validate(doc)).toBe(false);
  });

  it('has no property that could hold a secret', () => {
    const text = JSON.stringify(PROFILES_JSON_SCHEMA);
    expect(text).not.toMatch(/"(password|secret|token|apiKeyValue|key)"\s*:/i);
  });
});
