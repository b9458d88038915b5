// VergeOS answers on one origin: `/version.json` (no auth), `/api/sys/tokens`
// (sessions) and `/api/v4/<table>` (data). Operators type "vergeos.lab",
// "https://vergeos.lab/", or paste a UI address with a `#/` route; all of them
// mean the same origin.

export interface SiteUrl {
  /** `https://host[:port]`, no trailing slash. */
  origin: string;
  host: string;
  /** Host name without port or IPv6 brackets, for TLS SNI and messages. */
  hostname: string;
  secure: boolean;
}

export function parseSiteUrl(input: string): SiteUrl {
  const raw = input.trim();
  if (raw === '') throw new Error('The site URL is empty.');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(`"${raw}" is not a valid URL or host name.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`Unsupported scheme "${url.protocol}" in "${raw}": VergeOS is reached over https.`);
  }
  if (url.username || url.password) {
    throw new Error('Put credentials in a profile or the environment, never in the URL.');
  }
  return {
    origin: url.origin,
    host: url.host,
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    secure: url.protocol === 'https:',
  };
}

/** Path of a data table or row, e.g. apiPath('vnets', 5) → "/api/v4/vnets/5". */
export function apiPath(table: string, key?: number | string, suffix?: string): string {
  let p = `/api/v4/${table}`;
  if (key !== undefined) p += `/${encodeURIComponent(String(key))}`;
  if (suffix) p += `/${suffix}`;
  return p;
}
