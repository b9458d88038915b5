// `vseg profiles`: the saved sites, with where each one's secret is — never
// the secret itself. Looking into the keyring asks only whether an entry
// exists; the value stays in the keyring helper.
import {describeTls, openProfiles, secretAccount, type Profile} from '../store/profiles.js';
import {vsegPaths} from '../store/paths.js';
import {KeyringStore} from '../store/secrets/keyring.js';
import {SECRET_ENV} from '../store/secrets/types.js';
import {OUTPUT_OPTION, outputFormat} from './flags.js';
import {parseFlags} from '../session/flags.js';
import {UsageError} from '../session/io.js';
import {renderJson, renderRows, renderYaml, TABLE_FORMATS, write, type Column} from './output.js';
import {EXIT, type Command} from './types.js';

export interface ProfileRow {
  name: string;
  default: boolean;
  url: string;
  user: string | null;
  auth: Profile['auth'];
  tls: Profile['tls'];
  readOnly: boolean;
  refreshSeconds: number;
  /** Where the secret comes from when this profile is used: keyring, env, or prompt (none saved). */
  secret: 'keyring' | 'env' | 'prompt';
}

const COLUMNS: Column<ProfileRow>[] = [
  {header: '', value: (r) => (r.default ? '*' : ''), priority: 0},
  {header: 'NAME', value: (r) => r.name, priority: 0},
  {header: 'URL', value: (r) => r.url, priority: 0},
  {header: 'USER', value: (r) => r.user ?? '', priority: 1},
  {header: 'AUTH', value: (r) => (r.auth === 'apiKey' ? 'API key' : 'password'), priority: 3},
  {header: 'TRUST', value: (r) => describeTls(r.tls), priority: 2},
  {header: 'MODE', value: (r) => (r.readOnly ? 'read-only' : 'read-write'), priority: 4},
  {header: 'SECRET', value: (r) => r.secret, priority: 1},
];

export const profilesCommand: Command = {
  name: 'profiles',
  summary: 'list the saved sites and where their secrets are',
  usage: `Usage: vseg profiles [-o table|wide|csv|json|yaml]

Lists the saved profiles: name (* = default), URL, user, sign-in method, how the
certificate is trusted, read-only, and where the secret comes from (keyring,
env = VSEG_PASSWORD/VSEG_API_KEY, prompt = nothing saved). Create or update one
with vseg login, forget its secret with vseg logout.`,
  async run(argv, io) {
    let format: string;
    try {
      const {values} = parseFlags(argv, OUTPUT_OPTION, false);
      format = outputFormat(values.output, TABLE_FORMATS);
    } catch (error) {
      if (error instanceof UsageError) {
        await write(io.stderr, `vseg profiles: ${error.message}\n`);
        return EXIT.usage;
      }
      throw error;
    }
    const paths = vsegPaths(io.env);
    const store = openProfiles(paths);
    const list = store.list();
    const defaultName = store.resolveDefault()?.name;
    const keyring = new KeyringStore({env: io.env});
    const accounts = list.map((p) => secretAccount(p.name, p.auth));
    const present = list.length ? await keyring.has(accounts).catch(() => new Set<string>()) : new Set<string>();
    const rows: ProfileRow[] = list.map((p) => ({
      name: p.name,
      default: p.name === defaultName,
      url: p.url,
      user: p.user ?? null,
      auth: p.auth,
      tls: p.tls,
      readOnly: p.readOnly,
      refreshSeconds: p.refreshSeconds,
      secret: present.has(secretAccount(p.name, p.auth)) ? 'keyring' : io.env[SECRET_ENV[p.auth]] ? 'env' : 'prompt',
    }));
    if (format === 'json') await write(io.stdout, renderJson(rows));
    else if (format === 'yaml') await write(io.stdout, renderYaml(rows));
    else if (rows.length === 0)
      await write(io.stdout, `No profiles yet (${store.path}). Save one with: vseg login --url URL --user USER\n`);
    else await write(io.stdout, renderRows(rows, COLUMNS, io, format));
    return EXIT.ok;
  },
};
