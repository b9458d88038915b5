// What the operator must be told about how a site is reached: without
// certificate checks (--insecure, flag or profile) anyone on the path can read
// and change the session; over plain http everything, the password and the
// session token included, crosses the network in the clear. Headless commands
// print this on stderr, login prints it, the console shows it in its header
// and status line: the same words everywhere.
import type {TlsTrust} from '../api/fingerprint.js';
import type {SiteUrl} from '../api/url.js';

export type TransportRisk = 'cleartext' | 'unverified';

export function transportRisk(site: SiteUrl, trust: TlsTrust): TransportRisk | undefined {
  if (!site.secure) return 'cleartext';
  if (trust.mode === 'insecure') return 'unverified';
  return undefined;
}

/** One line (no "WARNING:" prefix, no newline), or undefined when the transport is sound. */
export function transportWarning(site: SiteUrl, trust: TlsTrust): string | undefined {
  switch (transportRisk(site, trust)) {
    case 'cleartext':
      return (
        `${site.host} is reached over plain http: ` +
        'the password, the session token and every answer cross the network unencrypted; use https'
      );
    case 'unverified':
      return (
        `the certificate of ${site.host} is not verified (--insecure): ` +
        'anyone on the path can read and change this session; pin it with --fingerprint or --ca'
      );
    default:
      return undefined;
  }
}
