// The sign-in screen's decisions, without React: which profile a URL belongs
// to, how its certificate is trusted now, what to tell the operator about an
// untrusted or changed certificate, and the checks of each field.
import {type CertificateInfo} from '../../../../api/tls.js';
import {formatFingerprint, type TlsTrust} from '../../../../api/fingerprint.js';
import {parseSiteUrl, type SiteUrl} from '../../../../api/url.js';
import {textOf} from '../../../../domain/text.js';
import {trustFromSetting} from '../../../../session/connection.js';
import {describeCertificate, type ProbeResult} from '../../../../session/signin.js';
import {openProfiles, PROFILE_NAME_PATTERN, type Profile} from '../../../../store/profiles.js';
import type {VsegPaths} from '../../../../store/paths.js';

export const LOCKOUT_WARNING =
  'A refused sign-in is never retried: VergeOS locks the account after repeated failures (5 by default).';

export function urlError(value: string): string | undefined {
  if (value.trim() === '') return 'the address of the VergeOS site is required, e.g. https://vergeos.example';
  try {
    parseSiteUrl(value);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export interface SiteChoice {
  site: SiteUrl;
  /** A saved profile for the same origin: its name, user and certificate trust carry over. */
  existing?: Profile;
  trust: TlsTrust;
}

export function siteChoice(url: string, paths: VsegPaths): SiteChoice {
  const site = parseSiteUrl(url);
  let existing: Profile | undefined;
  try {
    existing = openProfiles(paths)
      .list()
      .find((p) => p.url === site.origin);
  } catch {
    existing = undefined;
  }
  return {site, existing, trust: existing ? trustFromSetting(existing.tls) : {mode: 'system'}};
}

export function suggestProfileName(site: SiteUrl, paths: VsegPaths): string {
  let taken: Set<string>;
  try {
    taken = new Set(
      openProfiles(paths)
        .list()
        .map((p) => p.name),
    );
  } catch {
    taken = new Set();
  }
  let base =
    site.hostname
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 60) || 'site';
  if (!PROFILE_NAME_PATTERN.test(base)) base = 'site';
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

export function profileNameError(value: string, site: SiteUrl, paths: VsegPaths): string | undefined {
  const v = value.trim();
  if (!PROFILE_NAME_PATTERN.test(v))
    return '1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit';
  try {
    const other = openProfiles(paths).get(v);
    if (other && other.url !== site.origin) return `profile ${v} already points to ${other.url}; choose another name`;
  } catch {
    return undefined;
  }
  return undefined;
}

/** The certificate's description with the fingerprint on two lines, so a dialog never cuts it. */
export function certificateLines(cert: CertificateInfo): string[] {
  return [
    ...fingerprintLines('SHA-256   ', cert.fingerprint),
    ...describeCertificate(cert).filter((l) => !l.startsWith('SHA-256')),
  ];
}

/** A fingerprint as two lines of 16 byte pairs under a label (fits 80 columns). */
export function fingerprintLines(label: string, hex: string): string[] {
  const pairs = formatFingerprint(hex).split(':');
  return [`${label}${pairs.slice(0, 16).join(':')}`, `${' '.repeat(label.length)}${pairs.slice(16).join(':')}`];
}

export function untrustedLines(probe: Extract<ProbeResult, {status: 'untrusted'}>): string[] {
  const why = textOf(probe.error.details?.['code'] ?? probe.certificate.trustError ?? 'not vouched for by a known CA');
  return [
    `The certificate of ${probe.site.host} is not trusted (${why}):`,
    ...certificateLines(probe.certificate),
    '',
    'Compare the fingerprint with the one the site shows (VergeOS UI, or',
    '`openssl x509 -fingerprint -sha256` on the host). Trusting pins it:',
    'a different certificate later is refused.',
  ];
}

/** A pinned certificate was replaced: refused here, with both fingerprints. */
export function mismatchLines(probe: Extract<ProbeResult, {status: 'mismatch'}>): string[] {
  return [
    `The certificate of ${probe.site.host} changed since it was pinned. vseg refuses to connect:`,
    ...fingerprintLines('  pinned     ', probe.expected),
    ...fingerprintLines('  presented  ', probe.presented),
    ...(probe.certificate
      ? describeCertificate(probe.certificate)
          .filter((l) => !l.startsWith('SHA-256'))
          .map((l) => `  ${l}`)
      : []),
    "If the change is expected (ask the site's administrator), trust the new one with",
    `vseg login --url ${probe.site.origin} --fingerprint <the presented fingerprint>.`,
  ];
}

export function trustText(trust: TlsTrust): string {
  switch (trust.mode) {
    case 'system':
      return 'certificate trusted by the system CAs';
    case 'pin':
      return `certificate pinned (${formatFingerprint(trust.fingerprint).slice(0, 23)}…)`;
    case 'ca':
      return `certificate checked against ${trust.caFile ?? 'a CA'}`;
    case 'insecure':
      return 'certificate NOT verified (insecure)';
  }
}
