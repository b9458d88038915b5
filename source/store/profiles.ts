// Saved sites ("profiles"), one JSON file in the config directory, file mode
// 0600, replaced atomically on every write. A profile says where a site is,
// how to trust its certificate and how to sign in — never with what:
// passwords and API keys live in the OS keyring (store/secrets) or come from
// the environment, a 0600 file or a prompt.
//
// One zod schema is the source of truth: it checks every read and write with
// operator-worded messages, and its JSON Schema form (profilesJsonSchema())
// is what `vseg info --schema` prints for editors.
import {statSync} from 'node:fs';
import {z} from 'zod';
import {NETWORK_TYPES, FILTER_ACTIONS} from '../api/enums.js';
import {parseSiteUrl} from '../api/url.js';
import {readIfExists, tighten, writeFileAtomic} from './files.js';
import {DEFAULT_REFRESH_SECONDS} from './defaults.js';
import type {VsegPaths} from './paths.js';
import {containsKnownSecret} from './secrets/known.js';

export const PROFILE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const FINGERPRINT_PATTERN = /^[0-9a-f]{64}$/;
/** What parseSiteUrl produces: scheme and authority, nothing else. */
const ORIGIN_PATTERN = /^https?:\/\/[^/\s?#@]+$/;

const profileName = z
  .string()
  .regex(
    PROFILE_NAME_PATTERN,
    'A profile name is 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit.',
  );

const tlsSchema = z.discriminatedUnion('mode', [
  z.object({mode: z.literal('system')}).strict(),
  z.object({mode: z.literal('ca'), caFile: z.string().min(1, 'The CA file path is empty.')}).strict(),
  z
    .object({
      mode: z.literal('pin'),
      fingerprint: z
        .string()
        .regex(FINGERPRINT_PATTERN, 'A pinned fingerprint is the SHA-256 of the certificate: 64 hexadecimal digits.'),
    })
    .strict(),
  z.object({mode: z.literal('insecure')}).strict(),
]);

const filterAction = z.enum(FILTER_ACTIONS);
const typeDefaults = z.object({incoming: filterAction.optional(), outgoing: filterAction.optional()}).strict();

/** What is stored per profile (the name is the key in the file). */
const storedProfileSchema = z
  .object({
    url: z
      .string()
      .regex(
        ORIGIN_PATTERN,
        'The URL must be a site address such as https://vergeos.example (no path, no credentials).',
      ),
    auth: z.enum(['password', 'apiKey']),
    user: z.string().min(1).max(128).optional(),
    tls: tlsSchema.default({mode: 'system'}),
    readOnly: z.boolean().default(false),
    /** Console auto-refresh; 0 turns it off. */
    refreshSeconds: z.number().int().min(0).max(3600).default(DEFAULT_REFRESH_SECONDS),
    /** Key binding overrides: action id → keys. */
    keys: z.record(z.string().min(1), z.array(z.string().min(1))).optional(),
    /** Per network type, what a ruleset does when no rule matches (DESIGN §5). */
    policyDefaults: z.partialRecord(z.enum(NETWORK_TYPES), typeDefaults).optional(),
  })
  .strict();

export const profilesFileSchema = z
  .object({
    version: z.literal(1).default(1),
    defaultProfile: profileName.optional(),
    profiles: z.record(profileName, storedProfileSchema).default({}),
  })
  .strict();

type StoredProfile = z.output<typeof storedProfileSchema>;
export type TlsSetting = z.output<typeof tlsSchema>;
export type ProfilesFile = z.output<typeof profilesFileSchema>;
export type AuthMethod = StoredProfile['auth'];

export interface Profile extends StoredProfile {
  name: string;
}

/** Input to saveProfile: defaults filled in where left out. */
export type ProfileInput = {name: string} & z.input<typeof storedProfileSchema>;

/** JSON Schema (draft 2020-12) of the profiles file (made on demand: only `vseg info --schema` needs it). */
export function profilesJsonSchema(): Record<string, unknown> & {$id: string; title: string; description: string} {
  return {
    ...(z.toJSONSchema(profilesFileSchema, {io: 'input'}) as Record<string, unknown>),
    $id: 'https://github.com/vseg/vseg/profiles.schema.json',
    title: 'vseg profiles',
    description: 'Saved VergeOS sites for vseg. Holds no secrets: passwords and API keys live in the OS keyring.',
  };
}

export class ProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileError';
  }
}

function issueText(error: z.ZodError, prefix: string): string {
  return error.issues
    .map((i) => {
      const where = i.path.length ? `${i.path.join('.')}: ` : '';
      return `${prefix}${where}${i.message}`;
    })
    .join('; ');
}

/** Checks and normalises one profile (URL to its origin, fingerprint to hex). */
export function validateProfile(input: ProfileInput): Profile {
  const {name, ...rest} = input;
  const nameCheck = profileName.safeParse(name);
  if (!nameCheck.success) throw new ProfileError(`Profile "${name}": ${nameCheck.error.issues[0]?.message}`);
  const candidate: Record<string, unknown> = {...rest};
  if (typeof candidate['url'] === 'string') {
    try {
      candidate['url'] = parseSiteUrl(candidate['url']).origin;
    } catch (error) {
      throw new ProfileError(`Profile "${name}": ${(error as Error).message}`);
    }
  }
  const tls = candidate['tls'] as Record<string, unknown> | undefined;
  if (tls && tls['mode'] === 'pin' && typeof tls['fingerprint'] === 'string') {
    const hex = tls['fingerprint']
      .trim()
      .replace(/^sha256[:=]/i, '')
      .replace(/[:\s]/g, '')
      .toLowerCase();
    candidate['tls'] = {...tls, fingerprint: hex};
  }
  const parsed = storedProfileSchema.safeParse(candidate);
  if (!parsed.success) throw new ProfileError(issueText(parsed.error, `Profile "${name}": `));
  if (parsed.data.auth === 'password' && !parsed.data.user) {
    throw new ProfileError(`Profile "${name}": password sign-in needs a user name.`);
  }
  return {name, ...parsed.data};
}

export interface ProfileStore {
  readonly path: string;
  list(): Profile[];
  get(name: string): Profile | undefined;
  /** Creates or replaces a profile. The first profile saved becomes the default. */
  save(input: ProfileInput): Profile;
  remove(name: string): boolean;
  defaultName(): string | undefined;
  setDefault(name: string | undefined): void;
  /** The profile to use when none is named: the default, or the only one. */
  resolveDefault(): Profile | undefined;
}

/** Opens the profiles file (created on first write, 0600). */
export function openProfiles(paths: VsegPaths): ProfileStore {
  const file = paths.profilesFile;
  const unusable = (why: string) =>
    new ProfileError(
      `The profiles file ${file} cannot be used: ${why}. ` +
        'Fix it by hand (its schema is printed by `vseg info -o json --schema`) or move it away and run `vseg login` again.',
    );
  const read = (): ProfilesFile => {
    const text = readIfExists(file);
    if (text === undefined) return {version: 1, profiles: {}};
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw unusable(`it is not JSON (${(error as Error).message})`);
    }
    const parsed = profilesFileSchema.safeParse(raw);
    if (!parsed.success) throw unusable(issueText(parsed.error, ''));
    return parsed.data;
  };
  const write = (data: ProfilesFile) => {
    // Last line of defence: whatever a caller did, a secret held by this process never reaches the file.
    if (containsKnownSecret(data))
      throw new ProfileError('Refusing to write the profiles file: it would contain a secret.');
    writeFileAtomic(file, `${JSON.stringify(data, null, 2)}\n`);
    changed();
  };
  // An existing file is checked now (and made 0600 if it was looser); a
  // missing one is only created by the first save, so looking (vseg profiles,
  // a refused login) leaves no trace.
  read();
  tighten(file);
  const withName = (name: string, p: StoredProfile): Profile => ({name, ...p});

  return {
    path: file,
    list() {
      const data = read();
      return Object.entries(data.profiles)
        .map(([name, p]) => withName(name, p))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    get(name) {
      const p = read().profiles[name];
      return p ? withName(name, p) : undefined;
    },
    save(input) {
      const profile = validateProfile(input);
      const data = read();
      const {name, ...stored} = profile;
      data.profiles = {...data.profiles, [name]: stored};
      if (!data.defaultProfile || !data.profiles[data.defaultProfile]) data.defaultProfile = name;
      write(data);
      return profile;
    },
    remove(name) {
      const data = read();
      if (!data.profiles[name]) return false;
      const {[name]: _gone, ...rest} = data.profiles;
      data.profiles = rest;
      if (data.defaultProfile === name) {
        const names = Object.keys(rest).sort();
        data.defaultProfile = names.length === 1 ? names[0] : undefined;
      }
      write(data);
      return true;
    },
    defaultName() {
      return read().defaultProfile;
    },
    setDefault(name) {
      const data = read();
      if (name !== undefined && !data.profiles[name]) throw new ProfileError(`There is no profile "${name}".`);
      data.defaultProfile = name;
      write(data);
    },
    resolveDefault() {
      const data = read();
      if (data.defaultProfile && data.profiles[data.defaultProfile])
        return withName(data.defaultProfile, data.profiles[data.defaultProfile]);
      const names = Object.keys(data.profiles);
      return names.length === 1 ? withName(names[0], data.profiles[names[0]]) : undefined;
    },
  };
}

// The profiles as the console shows them: an external store (for
// useSyncExternalStore) whose snapshot is re-read only when the file changed
// (every write replaces it, so its inode moves), and whose listeners hear of
// every write this process makes.
export interface ProfilesSnapshot {
  profiles: readonly Profile[];
  defaultName?: string;
  /** The profile used when none is named: the default, or the only one. */
  resolvedDefault?: string;
  /** Why the file cannot be read. */
  error?: string;
}

const listeners = new Set<() => void>();
let last: {file: string; stamp: string; snapshot: ProfilesSnapshot} | undefined;

function changed(): void {
  for (const l of [...listeners]) l();
}

export function subscribeProfiles(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function profilesSnapshot(paths: VsegPaths): ProfilesSnapshot {
  const file = paths.profilesFile;
  const st = statSync(file, {bigint: true, throwIfNoEntry: false});
  const stamp = st ? `${st.ino}:${st.mtimeNs}:${st.size}` : 'none';
  if (last?.file === file && last.stamp === stamp) return last.snapshot;
  let snapshot: ProfilesSnapshot;
  try {
    const store = openProfiles(paths);
    snapshot = {
      profiles: store.list(),
      defaultName: store.defaultName(),
      resolvedDefault: store.resolveDefault()?.name,
    };
  } catch (error) {
    snapshot = {profiles: [], error: (error as Error).message};
  }
  last = {file, stamp, snapshot};
  return snapshot;
}

/** The account name a profile's secret is stored under in a SecretStore. */
export function secretAccount(profile: string, kind: AuthMethod): string {
  return `${profile}:${kind}`;
}

/** One line describing how a profile trusts its site's certificate. */
export function describeTls(tls: TlsSetting): string {
  switch (tls.mode) {
    case 'system':
      return 'system CAs';
    case 'ca':
      return `CA file ${tls.caFile}`;
    case 'pin':
      return `pinned ${tls.fingerprint.slice(0, 16)}…`;
    case 'insecure':
      return 'INSECURE (not verified)';
  }
}
