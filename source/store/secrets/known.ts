// The secrets this process holds right now (passwords, API keys, session tokens),
// so every writer — audit log, debug log, drafts, journal, profiles — can refuse
// or mask them. Sources register a function rather than a value because a
// session token appears (and disappears) after registration.
import {scrub} from '../../api/auth.js';

type Provider = () => readonly string[];

const providers = new Set<Provider>();
const values = new Set<string>();

/** Remembers one secret for the life of the process. */
export function rememberSecret(secret: string): void {
  if (secret.length > 0) values.add(secret);
}

/** Registers a live source of secrets (e.g. `() => client.auth.secrets()`); returns the unregister function. */
export function addSecretProvider(provider: Provider): () => void {
  providers.add(provider);
  return () => providers.delete(provider);
}

/** Every secret known now; short strings are left out (see scrub). */
export function knownSecrets(): string[] {
  const out = new Set(values);
  for (const p of providers) {
    try {
      for (const s of p()) if (s) out.add(s);
    } catch {
      // a provider that fails has nothing to add
    }
  }
  return [...out].filter((s) => s.length >= 4);
}

/** Masks every known secret (plus any extra ones) in a text. */
export function scrubKnown(text: string, extra: readonly string[] = []): string {
  return scrub(
    text,
    [...knownSecrets(), ...extra].sort((a, b) => b.length - a.length),
  );
}

/** True when any string in the value (deeply) contains a known secret. */
export function containsKnownSecret(value: unknown, extra: readonly string[] = []): boolean {
  const secrets = [...knownSecrets(), ...extra.filter((s) => s.length >= 4)];
  if (secrets.length === 0) return false;
  const seen = new Set<unknown>();
  const visit = (v: unknown): boolean => {
    if (typeof v === 'string') return secrets.some((s) => v.includes(s));
    if (v === null || typeof v !== 'object' || seen.has(v)) return false;
    seen.add(v);
    if (v instanceof Map) return [...v.entries()].some(([k, x]) => visit(k) || visit(x));
    if (v instanceof Set) return [...v].some(visit);
    if (Array.isArray(v)) return v.some(visit);
    return Object.entries(v).some(([k, x]) => visit(k) || visit(x));
  };
  return visit(value);
}

/** For tests: forget everything remembered. */
export function resetKnownSecrets(): void {
  values.clear();
  providers.clear();
}
