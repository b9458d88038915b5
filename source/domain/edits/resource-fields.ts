// Field checks the resource edits share (VPN, tenants, mirrors, VMs): what a
// form may send, worded for the operator. Each returns the error text or
// undefined, like every validate<Field>() of the edits.
import {isClean} from '../text.js';
import {parseCidr, validateCidr, validateIp, splitList} from '../ip.js';
import type {Key, Network, Site} from '../model.js';
import {checkName, type EditValues} from './common.js';

export {flag, text, type EditValues} from './common.js';

export const num = (values: EditValues, name: string, fallback = 0): number => {
  const v = values[name];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return fallback;
};

/** VergeOS names: 1–128 printable characters (VERGEOS-API.md §3). */
export function nameError(value: string, what: string): string | undefined {
  return checkName(value, what) ?? (value.trim() !== value ? 'no leading or trailing spaces' : undefined);
}

export function descriptionError(value: string): string | undefined {
  if (value.length > 2048) return 'at most 2048 characters';
  if (!isClean(value)) return 'control characters are not allowed';
  return undefined;
}

export function optionalIpError(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  const r = validateIp(value);
  return r.ok ? undefined : r.error;
}

const HOSTNAME =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** An IPv4 address or a DNS name (remote gateways, peer endpoints). */
export function hostError(value: string, required: boolean): string | undefined {
  const v = value.trim();
  if (v === '') return required ? 'an address or host name is required' : undefined;
  if (/^[\d.]+$/.test(v)) {
    const r = validateIp(v);
    return r.ok ? undefined : r.error;
  }
  if (v.includes(':')) return 'IPv6 is not supported here yet; give an IPv4 address or a host name';
  return HOSTNAME.test(v) ? undefined : `"${v}" is neither an IPv4 address nor a host name`;
}

export function integerError(value: number | undefined, min: number, max: number, what: string): string | undefined {
  if (value === undefined || !Number.isFinite(value)) return `a ${what} is required`;
  if (!Number.isInteger(value)) return 'must be a whole number';
  if (value < min || value > max) return `must be ${min}–${max}`;
  return undefined;
}

/** A comma list of network CIDRs (host bits refused), normalised; at least one. */
export function cidrListError(value: string, what = 'CIDR'): string | undefined {
  if (value.trim() === '') return `at least one ${what} is required`;
  for (const [i, part] of splitList(value).entries()) {
    if (part === '') return `entry ${i + 1} is empty (stray comma?)`;
    const c = validateCidr(part);
    if (!c.ok) return c.error;
  }
  return undefined;
}

export function normaliseCidrList(value: string): string {
  return splitList(value)
    .filter(Boolean)
    .map((p) => {
      const c = parseCidr(p);
      return c.ok ? c.value.text : p;
    })
    .join(',');
}

export function networkByKey(site: Site, key: Key | null | undefined): Network | undefined {
  return key === null || key === undefined ? undefined : site.networks.find((n) => n.key === key);
}

export function networkName(site: Site, key: Key | null | undefined): string {
  return networkByKey(site, key)?.name ?? (key === null || key === undefined ? '' : `#${key}`);
}

/** A picker's value is the key as text. */
export function pickedKey(value: string | number | boolean | undefined): Key | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/** Tenant key from an owner reference such as "tenants/3". */
export function tenantOwner(owner: string): Key | null {
  const m = /^tenants\/(\d+)$/.exec(owner.trim());
  return m ? Number(m[1]) : null;
}

/** The operator-facing line that tells which networks now need Apply Rules. */
export function applyRulesNote(networks: readonly string[]): string {
  if (networks.length === 0) return '';
  const list = networks.join(', ');
  return `Firewall rules are staged on ${list}: Apply Rules on ${networks.length === 1 ? 'it' : 'them'} to make them live.`;
}
