// `vseg login`: create or update a profile, prove the credentials, save the
// secret in the best store there is. The certificate is settled before any
// credential is sent: an untrusted one is shown (fingerprint, subject,
// validity) and, on a terminal, the operator decides whether to pin it.
import {VergeError} from '../api/errors.js';
import {formatFingerprint, type TlsTrust} from '../api/fingerprint.js';
import {parseSiteUrl} from '../api/url.js';
import {settingFromTrust, trustFromSetting} from '../session/connection.js';
import {timeoutFlag, trustFromFlags} from '../session/connection-flags.js';
import {
  describeCertificate,
  probeSite,
  saveSignIn,
  testCredentials,
  type Credentials,
  type ProbeResult,
} from '../session/signin.js';
import {openProfiles, PROFILE_NAME_PATTERN, type Profile, type ProfileInput} from '../store/profiles.js';
import {vsegPaths} from '../store/paths.js';
import {KeyringStore} from '../store/secrets/keyring.js';
import {canPrompt, PromptCancelled, promptYesNo} from '../store/secrets/prompt.js';
import {SecretFileError, SecretMissingError, resolveSecret} from '../store/secrets/resolve.js';
import {SECRET_ENV} from '../store/secrets/types.js';
import {intFlag} from './flags.js';
import {CONNECTION_OPTIONS, parseFlags} from '../session/flags.js';
import {UsageError} from '../session/io.js';
import {write} from './output.js';
import {EXIT, type Command} from './types.js';
import {type CommandIO} from '../session/io.js';
import {textOf} from '../domain/text.js';
import {transportWarning} from '../session/transport.js';

const {demo: _demo, ...LOGIN_CONNECTION} = CONNECTION_OPTIONS;
const OPTIONS = {
  ...LOGIN_CONNECTION,
  default: {type: 'boolean'},
  'read-write': {type: 'boolean'},
  refresh: {type: 'string'},
} as const;

const USAGE = `Usage: vseg login [--profile NAME] --url URL --user USER [--password-stdin | --password-file F]
                  [--api-key-stdin] [--ca FILE | --fingerprint SHA256 | --insecure]
                  [--read-only | --read-write] [--refresh SECONDS] [--default]

Creates or updates a profile, proves the credentials (a password by opening and
closing a session, an API key by one read), then saves the secret in the OS
keyring. The profile file never holds a secret.

  -p, --profile NAME       profile to create or update (default: the one for this URL,
                           else the URL's host name; without --url: the default profile)
      --url URL            VergeOS address, e.g. https://vergeos.example
  -u, --user USER          user name for password sign-in
      --password-stdin     read the password from a pipe
      --password-file F    read the password (or API key) from F; refused unless mode 0600
      --api-key-stdin      sign in with an API key read from a pipe (or set VSEG_API_KEY)
      --ca FILE            trust this CA certificate
      --fingerprint SHA256 trust exactly this certificate (pinned)
      --insecure           do not verify the certificate (flagged everywhere)
      --read-only          the profile refuses every change; --read-write lifts it
      --refresh SECONDS    console auto-refresh (0 = off; default 30)
      --default            make this the default profile
      --timeout SECONDS    limit for each request, retries and the whole answer included (default 15)

Without --password-stdin, --password-file or VSEG_PASSWORD, a terminal prompts
(masked). An untrusted certificate is shown and, on a terminal, can be pinned;
elsewhere pass --fingerprint, --ca or --insecure. A refused login is never retried:
repeated failures lock the VergeOS account.`;

function say(io: CommandIO, text: string): Promise<void> {
  return write(io.stderr, text.endsWith('\n') ? text : `${text}\n`);
}

function profileNameFor(host: string, taken: (name: string) => boolean): string {
  let base =
    host
      .replace(/:\d+$/, '')
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 60) || 'site';
  if (!PROFILE_NAME_PATTERN.test(base)) base = 'site';
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base}-${i}`)) return `${base}-${i}`;
}

export const loginCommand: Command = {
  name: 'login',
  summary: 'save a site: prove credentials, pin the certificate, keep the secret in the keyring',
  usage: USAGE,
  async run(argv, io) {
    try {
      return await login(argv, io);
    } catch (error) {
      if (error instanceof UsageError || error instanceof SecretMissingError || error instanceof SecretFileError) {
        await say(io, `vseg login: ${error.message}`);
        return EXIT.usage;
      }
      if (error instanceof PromptCancelled) {
        await say(io, 'vseg login: cancelled; nothing saved.');
        return 130;
      }
      if (error instanceof VergeError) {
        await say(io, `vseg login: ${error.describe()}`);
        return EXIT.negative;
      }
      throw error;
    }
  },
};

async function login(argv: string[], io: CommandIO): Promise<number> {
  const {values: flags} = parseFlags(argv, OPTIONS, false);
  if (flags['read-only'] && flags['read-write'])
    throw new UsageError('--read-only and --read-write contradict each other');
  const timeoutMs = timeoutFlag(flags.timeout);
  const refreshSeconds = intFlag('refresh', flags.refresh, 0, 3600);
  const paths = vsegPaths(io.env);
  const profiles = openProfiles(paths);
  const interactive = canPrompt(io.stdin);

  // Which profile: named; else the one already saved for this URL; else a new one named after the host.
  let existing: Profile | undefined;
  if (flags.profile !== undefined) {
    if (!PROFILE_NAME_PATTERN.test(flags.profile))
      throw new UsageError(`"${flags.profile}" is not a usable profile name (letters, digits, . _ -)`);
    existing = profiles.get(flags.profile);
  } else if (flags.url !== undefined) {
    const origin = siteOrigin(flags.url);
    existing = profiles.list().find((p) => p.url === origin);
  } else {
    existing = profiles.resolveDefault();
    if (!existing) throw new UsageError('--url URL is required to create a profile');
  }
  const url = flags.url ?? existing?.url;
  if (!url) throw new UsageError(`--url URL is required to create profile "${flags.profile}"`);
  const site = parseSite(url);
  const name = flags.profile ?? existing?.name ?? profileNameFor(site.host, (n) => profiles.get(n) !== undefined);

  if (flags.user !== undefined && flags['api-key-stdin'])
    throw new UsageError('--user is for password sign-in and --api-key-stdin for an API key; give one');
  const apiKey =
    Boolean(flags['api-key-stdin']) ||
    (flags.user === undefined && existing?.auth === 'apiKey') ||
    (flags.user === undefined && !existing && Boolean(io.env[SECRET_ENV.apiKey]));
  const user = apiKey ? undefined : (flags.user ?? existing?.user);
  if (!apiKey && !user)
    throw new UsageError('--user USER is required for password sign-in (or use --api-key-stdin for an API key)');
  if (apiKey && flags['password-stdin'])
    throw new UsageError('--password-stdin is for password sign-in; an API key comes from --api-key-stdin');

  const kind = apiKey ? 'apiKey' : 'password';
  const secretFrom = (prompt: boolean) =>
    resolveSecret({
      kind,
      env: io.env,
      passwordFile: flags['password-file'],
      fromStdin: apiKey ? Boolean(flags['api-key-stdin']) : Boolean(flags['password-stdin']),
      stdin: io.stdin,
      stderr: io.stderr,
      prompt,
      promptLabel: apiKey ? `API key for ${site.host}: ` : `Password for ${user}@${site.host}: `,
    });
  // Local input before the site is asked anything: a missing, unsafe or empty
  // password file (or pipe) is the operator's to fix, and costs no request.
  const given =
    flags['password-file'] !== undefined || Boolean(apiKey ? flags['api-key-stdin'] : flags['password-stdin']);
  const explicitTrust = trustFromFlags(flags);
  const early = given ? await secretFrom(false) : undefined;

  // 1. The certificate, before any credential is sent.
  let trust: TlsTrust = explicitTrust ?? (existing ? trustFromSetting(existing.tls) : {mode: 'system'});
  let probe = await probeSite(site, trust, {timeoutMs});
  if (probe.status !== 'ok') {
    const decided = await settleCertificate(probe, io, interactive, explicitTrust !== undefined);
    if (typeof decided === 'number') return decided;
    trust = decided;
    probe = await probeSite(site, trust, {timeoutMs});
    if (probe.status !== 'ok') {
      await say(io, `vseg login: ${probe.error.describe()}`);
      return EXIT.negative;
    }
  }
  const warning = transportWarning(site, trust);
  if (warning) await say(io, `WARNING: ${warning}`);

  // 2. The secret: flags (read above), environment, or a masked prompt. Never a stored one: this is where it gets replaced.
  const resolved = early ?? (await secretFrom(true));

  // 3. Prove it. A refusal is reported once: repeated failures lock the account.
  const credentials: Credentials = apiKey
    ? {kind: 'apiKey', key: resolved.secret}
    : {kind: 'password', user: user!, password: resolved.secret};
  const check = await testCredentials(site, trust, credentials, {timeoutMs});
  if (check.leftOpen) await say(io, `WARNING: ${check.leftOpen}`);

  // 4. Save.
  const input: ProfileInput = {
    name,
    url: site.origin,
    auth: kind,
    user,
    tls: settingFromTrust(trust),
    readOnly: flags['read-only'] ? true : flags['read-write'] ? false : (existing?.readOnly ?? false),
    refreshSeconds: refreshSeconds ?? existing?.refreshSeconds,
    keys: existing?.keys,
    policyDefaults: existing?.policyDefaults,
  };
  const saved = await saveSignIn({
    paths,
    profile: input,
    secret: resolved.secret,
    stores: [new KeyringStore({env: io.env})],
    makeDefault: Boolean(flags.default),
  });

  const who = apiKey ? 'with an API key' : `as ${user}`;
  const cloud = check.cloudName
    ? ` (${check.cloudName}, VergeOS ${probe.version.version})`
    : ` (VergeOS ${probe.version.version})`;
  const isDefault = profiles.defaultName() === saved.profile.name ? ' (the default)' : '';
  await write(
    io.stdout,
    `Signed in to ${site.host} ${who}${cloud}.\n` +
      `Profile "${saved.profile.name}"${isDefault} saved in ${saved.profilesFile}.\n` +
      `${saved.message}\n`,
  );
  return EXIT.ok;
}

function siteOrigin(url: string): string {
  return parseSite(url).origin;
}

function parseSite(url: string) {
  try {
    return parseSiteUrl(url);
  } catch (error) {
    throw new UsageError(`--url: ${(error as Error).message}`);
  }
}

/** Shows an untrusted or changed certificate; returns the trust to use, or an exit code. */
async function settleCertificate(
  probe: Exclude<ProbeResult, {status: 'ok'}>,
  io: CommandIO,
  interactive: boolean,
  explicit: boolean,
): Promise<TlsTrust | number> {
  if (probe.status === 'mismatch') {
    await say(io, `vseg login: ${probe.error.message}`);
    if (probe.certificate)
      await say(io, `The certificate presented now:\n  ${describeCertificate(probe.certificate).join('\n  ')}`);
    if (explicit || !interactive) {
      await say(
        io,
        `If this change is expected (check with the site's administrator), run again with --fingerprint ${formatFingerprint(probe.presented)}`,
      );
      return EXIT.usage;
    }
    const yes = await promptYesNo(
      `Replace the pinned certificate of ${probe.site.host} with the one presented now?`,
      io,
    );
    if (!yes) {
      await say(io, 'Kept the old pin; nothing saved.');
      return EXIT.negative;
    }
    return {mode: 'pin', fingerprint: probe.presented};
  }
  const cert = probe.certificate;
  await say(
    io,
    `The certificate of ${probe.site.host} is not trusted ` +
      `(${textOf(probe.error.details?.['code'] ?? cert.trustError ?? 'unknown')}):\n  ${describeCertificate(cert).join('\n  ')}`,
  );
  if (explicit || !interactive) {
    await say(
      io,
      'Check the fingerprint with the site (VergeOS UI or `openssl x509 -fingerprint -sha256` on the host), then run again with\n' +
        `  --fingerprint ${formatFingerprint(cert.fingerprint)}\n` +
        'or --ca FILE to trust the CA that signed it.',
    );
    return EXIT.usage;
  }
  const yes = await promptYesNo(`Trust this certificate and pin its fingerprint for ${probe.site.host}?`, io);
  if (!yes) {
    await say(io, 'Not trusted; nothing saved.');
    return EXIT.negative;
  }
  return {mode: 'pin', fingerprint: cert.fingerprint};
}
