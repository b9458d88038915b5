// Secrets a site file refers to (`{secret: NAME}`) and where their values come
// from at apply time: `VSEG_SECRET_<NAME>` environment variables or a YAML map
// file that only its owner can read. Values live in memory only; every message
// names the secret, never shows it.
import {parse as parseYaml} from 'yaml';
import type {Sitefile, SecretRef} from './schema.js';

/** `ipsec-vpn-to-branch-psk` → `VSEG_SECRET_IPSEC_VPN_TO_BRANCH_PSK`. */
export function secretEnvName(name: string): string {
  return `VSEG_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** Deterministic secret name for an object: parts joined by "-", lower case, other characters → "-". */
export function secretName(...parts: string[]): string {
  const s = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '');
  return (s || 'secret').slice(0, 128);
}

export interface SecretUse {
  ref: SecretRef;
  /** Where the file uses it: "network vpn / ipsec to-branch / psk". */
  where: string;
}

/** Every secret reference in a file, in document order. */
export function secretUses(doc: Sitefile): SecretUse[] {
  const out: SecretUse[] = [];
  for (const n of doc.networks) {
    for (const w of n.wireguard) {
      if (w.privateKey) out.push({ref: w.privateKey, where: `network ${n.name} / wireguard ${w.name} / privateKey`});
      for (const p of w.peers) {
        if (p.presharedKey)
          out.push({
            ref: p.presharedKey,
            where: `network ${n.name} / wireguard ${w.name} / peer ${p.name} / presharedKey`,
          });
      }
    }
    for (const t of n.ipsec) if (t.psk) out.push({ref: t.psk, where: `network ${n.name} / ipsec ${t.name} / psk`});
  }
  return out;
}

export interface SecretSource {
  /** The value, or undefined when not supplied. */
  get(name: string): string | undefined;
  /** Where a missing secret may be supplied, for messages. */
  hint(name: string): string;
}

export class SecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretError';
  }
}

export interface FileStat {
  mode: number;
}

/**
 * Reads a `--secrets FILE` text: a YAML map of secret name → value. Refuses a
 * file readable or writable by group or others (mode must be 0600 or stricter).
 */
export function parseSecretsFile(text: string, stat: FileStat, path: string): Map<string, string> {
  if ((stat.mode & 0o077) !== 0) {
    throw new SecretError(
      `${path} is accessible to other users (mode ${(stat.mode & 0o777).toString(8)}); run: chmod 600 ${path}`,
    );
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    // The parser's message quotes the offending line, which may hold a secret.
    const line = (error as {linePos?: Array<{line: number}>}).linePos?.[0]?.line;
    throw new SecretError(`${path} is not valid YAML${line ? ` (line ${line})` : ''}`);
  }
  if (data === null || data === undefined) return new Map();
  if (typeof data !== 'object' || Array.isArray(data))
    throw new SecretError(`${path} must be a map of secret name → value`);
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    if (typeof v !== 'string' && typeof v !== 'number')
      throw new SecretError(`${path}: the value of "${k}" must be a string`);
    out.set(k, String(v));
  }
  return out;
}

/** Environment first, then the file (an operator overrides a file entry by exporting a variable). */
export function secretSource(env: NodeJS.ProcessEnv, file?: Map<string, string>, filePath?: string): SecretSource {
  return {
    get(name) {
      const fromEnv = env[secretEnvName(name)];
      if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
      return file?.get(name);
    },
    hint(name) {
      return filePath
        ? `set ${secretEnvName(name)} or add "${name}" to ${filePath}`
        : `set ${secretEnvName(name)} or pass --secrets FILE`;
    },
  };
}

export const NO_SECRETS: SecretSource = {
  get: () => undefined,
  hint: (name) => `set ${secretEnvName(name)} or pass --secrets FILE`,
};
