// `vseg info`: every path vseg reads or writes, which secret store is active
// and why the others are not, and the runtime. Meant for "where did it put
// that?" and for support requests; prints no secret, only whether the
// environment variables are set.
import {existsSync} from 'node:fs';
import {debugEnabled} from '../store/debug-log.js';
import {openProfiles, profilesJsonSchema} from '../store/profiles.js';
import {vsegPaths} from '../store/paths.js';
import {KeyringStore, type KeyringStatus} from '../store/secrets/keyring.js';
import {SECRET_ENV} from '../store/secrets/types.js';
import {VERSION} from '../version.js';
import {OUTPUT_OPTION, outputFormat} from './flags.js';
import {parseFlags} from '../session/flags.js';
import {UsageError} from '../session/io.js';
import {renderJson, renderYaml, write} from './output.js';
import {EXIT, type Command} from './types.js';

export interface InfoReport {
  version: string;
  node: string;
  platform: string;
  paths: {
    config: string;
    profiles: string;
    state: string;
    auditLog: string;
    debugLog: string;
    drafts: string;
    baselines: string;
    journal: string;
  };
  profiles: {count: number; default: string | null; error?: string};
  debug: boolean;
  secrets: {
    /** What a connection uses first when its profile has a saved secret. */
    active: 'keyring' | 'env' | 'none';
    keyring: KeyringStatus;
    env: Record<string, boolean>;
    other: string[];
  };
  profilesSchema?: unknown;
}

export async function collectInfo(env: NodeJS.ProcessEnv, withSchema = false): Promise<InfoReport> {
  const paths = vsegPaths(env);
  let profiles: InfoReport['profiles'] = {count: 0, default: null};
  if (existsSync(paths.profilesFile)) {
    try {
      const store = openProfiles(paths);
      profiles = {count: store.list().length, default: store.resolveDefault()?.name ?? null};
    } catch (error) {
      profiles = {count: 0, default: null, error: (error as Error).message};
    }
  }
  const keyring = await new KeyringStore({env}).status();
  const envSet = Object.fromEntries(Object.values(SECRET_ENV).map((k) => [k, Boolean(env[k])]));
  return {
    version: VERSION,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    paths: {
      config: paths.configDir,
      profiles: paths.profilesFile,
      state: paths.stateDir,
      auditLog: paths.auditLog,
      debugLog: paths.debugLog,
      drafts: paths.draftsDir,
      baselines: paths.baselinesDir,
      journal: paths.journalDir,
    },
    profiles,
    debug: debugEnabled(env),
    secrets: {
      active: keyring.ok ? 'keyring' : Object.values(envSet).some(Boolean) ? 'env' : 'none',
      keyring,
      env: envSet,
      other: [
        '--password-file F (mode 0600)',
        '--password-stdin / --api-key-stdin (a pipe)',
        'masked prompt on a terminal',
      ],
    },
    profilesSchema: withSchema ? profilesJsonSchema() : undefined,
  };
}

function text(r: InfoReport): string {
  const line = (k: string, v: string) => `  ${k.padEnd(12)}${v}\n`;
  let out = `vseg ${r.version} on Node ${r.node} (${r.platform})\n\nPaths\n`;
  out += line('config', r.paths.config);
  const saved = `${r.profiles.count} saved${r.profiles.default ? `, default ${r.profiles.default}` : ''}`;
  out += line('profiles', `${r.paths.profiles}  (${r.profiles.error ? `unusable: ${r.profiles.error}` : saved})`);
  out += line('state', r.paths.state);
  out += line('audit log', r.paths.auditLog);
  out += line('debug log', `${r.paths.debugLog}  (${r.debug ? 'on' : 'off; VSEG_DEBUG=1 or --debug turns it on'})`);
  out += line('drafts', r.paths.drafts);
  out += line('baselines', r.paths.baselines);
  out += line('journal', r.paths.journal);
  out += '\nSecrets\n';
  const k = r.secrets.keyring;
  out += line(
    'keyring',
    k.ok ? `${k.description} — active` : `none — no keyring here: ${k.reason ?? 'unknown reason'}`,
  );
  for (const b of k.backends) {
    if (b.state === 'active') continue;
    out += line(
      '',
      `${b.label}: ${b.state === 'unavailable' ? `unavailable (${b.reason})` : `not needed${b.reason ? ` (${b.reason})` : ''}`}`,
    );
  }
  const envText = Object.entries(r.secrets.env)
    .map(([name, set]) => `${name} ${set ? 'set' : 'not set'}`)
    .join(', ');
  out += line('environment', `${envText}${k.ok ? '  (used when the keyring has no secret for a profile)' : ''}`);
  out += line('also', r.secrets.other.join('; '));
  return out;
}

export const infoCommand: Command = {
  name: 'info',
  summary: 'show every path vseg uses and which secret store is active',
  usage: `Usage: vseg info [-o text|json|yaml] [--schema]

Prints the config and state paths (profiles, audit log, debug log, drafts,
baselines, revision journal), which secret store is active and why the others
are not, and the Node version. With -o json --schema, adds the JSON Schema of
the profiles file.`,
  async run(argv, io) {
    let format: string;
    let schema: boolean;
    try {
      const {values} = parseFlags(argv, {...OUTPUT_OPTION, schema: {type: 'boolean'}}, false);
      format = outputFormat(values.output, ['text', 'json', 'yaml']);
      schema = Boolean(values.schema);
    } catch (error) {
      if (error instanceof UsageError) {
        await write(io.stderr, `vseg info: ${error.message}\n`);
        return EXIT.usage;
      }
      throw error;
    }
    const report = await collectInfo(io.env, schema);
    if (format === 'json') await write(io.stdout, renderJson(report));
    else if (format === 'yaml') await write(io.stdout, renderYaml(report));
    else await write(io.stdout, text(report));
    return EXIT.ok;
  },
};
