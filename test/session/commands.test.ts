// vseg profiles, vseg info, vseg logout: output and exit codes.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {parse as parseYaml} from 'yaml';
import {infoCommand} from '../../source/commands/info.js';
import {logoutCommand} from '../../source/commands/logout.js';
import {profilesCommand} from '../../source/commands/profiles.js';
import {openProfiles} from '../../source/store/profiles.js';
import {tempHome, type TempHome} from '../store/helpers.js';
import {captureIO} from './helpers.js';

let home: TempHome;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

function seed(): void {
  const store = openProfiles(home.paths);
  store.save({
    name: 'prod',
    url: 'https://vergeos.example',
    auth: 'password',
    user: 'admin',
    tls: {mode: 'pin', fingerprint: 'ab'.repeat(32)},
  });
  store.save({name: 'lab', url: 'https://lab.example:8443', auth: 'apiKey', tls: {mode: 'insecure'}, readOnly: true});
}

describe('vseg profiles', () => {
  it('says how to start when there is none', async () => {
    const io = captureIO(home.env);
    expect(await profilesCommand.run([], io)).toBe(0);
    expect(io.out()).toBe(
      `No profiles yet (${home.paths.profilesFile}). Save one with: vseg login --url URL --user USER\n`,
    );
  });

  it('lists name, URL, user, method, trust, mode, default and where the secret is', async () => {
    seed();
    const io = captureIO({...home.env, VSEG_PASSWORD: 'x'});
    expect(await profilesCommand.run([], io)).toBe(0);
    expect(io.out().split('\n')).toEqual([
      '   NAME  URL                       USER   AUTH      TRUST                     MODE        SECRET',
      '   lab   https://lab.example:8443         API key   INSECURE (not verified)   read-only   prompt',
      '*  prod  https://vergeos.example   admin  password  pinned abababababababab…  read-write  env',
      '',
    ]);
    const json = captureIO(home.env);
    expect(await profilesCommand.run(['-o', 'json'], json)).toBe(0);
    expect(JSON.parse(json.out())).toEqual([
      {
        name: 'lab',
        default: false,
        url: 'https://lab.example:8443',
        user: null,
        auth: 'apiKey',
        tls: {mode: 'insecure'},
        readOnly: true,
        refreshSeconds: 30,
        secret: 'prompt',
      },
      {
        name: 'prod',
        default: true,
        url: 'https://vergeos.example',
        user: 'admin',
        auth: 'password',
        tls: {mode: 'pin', fingerprint: 'ab'.repeat(32)},
        readOnly: false,
        refreshSeconds: 30,
        secret: 'prompt',
      },
    ]);
    const yaml = captureIO(home.env);
    expect(await profilesCommand.run(['-o', 'yaml'], yaml)).toBe(0);
    expect(parseYaml(yaml.out())).toEqual(JSON.parse(json.out()));
  });

  it('refuses an unknown format', async () => {
    const io = captureIO(home.env);
    expect(await profilesCommand.run(['-o', 'xml'], io)).toBe(2);
    expect(io.err()).toBe('vseg profiles: -o must be one of table, wide, csv, json, yaml (got "xml")\n');
  });
});

describe('vseg info', () => {
  it('prints every path and why there is no keyring', async () => {
    seed();
    const io = captureIO(home.env);
    expect(await infoCommand.run([], io)).toBe(0);
    const out = io.out();
    for (const p of [
      home.paths.configDir,
      home.paths.profilesFile,
      home.paths.stateDir,
      home.paths.auditLog,
      home.paths.debugLog,
      home.paths.draftsDir,
      home.paths.baselinesDir,
      home.paths.journalDir,
    ]) {
      expect(out).toContain(p);
    }
    expect(out).toContain(`Node ${process.version}`);
    expect(out).toContain('(2 saved, default prod)');
    expect(out).toContain('keyring     none — no keyring here: turned off by VSEG_KEYRING=off');
    expect(out).toContain('environment VSEG_PASSWORD not set, VSEG_API_KEY not set');
    expect(out).toContain('debug log');
    expect(out).toContain('off; VSEG_DEBUG=1 or --debug turns it on');
  });

  it('has a JSON form, with the profiles schema on request', async () => {
    const io = captureIO({...home.env, VSEG_API_KEY: 'k', VSEG_DEBUG: '1'});
    expect(await infoCommand.run(['-o', 'json', '--schema'], io)).toBe(0);
    const r = JSON.parse(io.out());
    expect(r.paths).toEqual({
      config: home.paths.configDir,
      profiles: home.paths.profilesFile,
      state: home.paths.stateDir,
      auditLog: home.paths.auditLog,
      debugLog: home.paths.debugLog,
      drafts: home.paths.draftsDir,
      baselines: home.paths.baselinesDir,
      journal: home.paths.journalDir,
    });
    expect(r.debug).toBe(true);
    expect(r.secrets.active).toBe('env');
    expect(r.secrets.env).toEqual({VSEG_PASSWORD: false, VSEG_API_KEY: true});
    expect(r.secrets.keyring.ok).toBe(false);
    expect(r.profilesSchema.title).toBe('vseg profiles');
    expect(JSON.stringify(r)).not.toContain('"k"');
  });
});

describe('vseg logout', () => {
  it('forgets the secret (nothing to forget without a keyring) and removes the profile with --remove', async () => {
    seed();
    const io = captureIO(home.env);
    expect(await logoutCommand.run(['--profile', 'lab'], io)).toBe(0);
    expect(io.out()).toBe(
      'No keyring here (turned off by VSEG_KEYRING=off): nothing was saved for "lab", so nothing to forget.\n',
    );
    const rm = captureIO(home.env);
    expect(await logoutCommand.run(['--profile', 'lab', '--remove'], rm)).toBe(0);
    expect(rm.out()).toContain(`Removed profile "lab" from ${home.paths.profilesFile}.`);
    expect(
      openProfiles(home.paths)
        .list()
        .map((p) => p.name),
    ).toEqual(['prod']);
  });

  it('needs a profile', async () => {
    const io = captureIO(home.env);
    expect(await logoutCommand.run([], io)).toBe(2);
    expect(io.err()).toBe('vseg logout: no default profile: name one with --profile NAME\n');
    const other = captureIO(home.env);
    expect(await logoutCommand.run(['--password', 'x'], other)).toBe(2);
    expect(other.err()).toBe('vseg logout: unknown flag --password\n');
  });
});
