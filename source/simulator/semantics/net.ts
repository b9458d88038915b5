// Address syntax checks for the columns VergeOS validates (vnets.network,
// ipaddress, DHCP range, WireGuard and IPsec selectors).
import {isIP} from 'node:net';
import {validationError} from '../errors.js';
import {str} from '../text.js';

export function isCidr(text: string): boolean {
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(text);
  if (!m) return false;
  const family = isIP(m[1]);
  const bits = Number(m[2]);
  return (family === 4 && bits <= 32) || (family === 6 && bits <= 128);
}

/** '' passes (unset); otherwise an IPv4/IPv6 address. */
export function checkIp(field: string, value: unknown): void {
  if (value === '' || value === null || value === undefined) return;
  if (typeof value !== 'string' || isIP(value) === 0)
    throw validationError(field, `'${str(value)}' is not a valid IP address`);
}

/** '' passes (unset); otherwise address/prefix. */
export function checkCidr(field: string, value: unknown): void {
  if (value === '' || value === null || value === undefined) return;
  if (typeof value !== 'string' || !isCidr(value))
    throw validationError(field, `'${str(value)}' is not a valid network address (CIDR)`);
}

/** A comma list of CIDRs or plain addresses (WireGuard allowed_ips, IPsec selectors). */
export function checkCidrList(field: string, value: unknown): void {
  if (value === '' || value === null || value === undefined) return;
  if (typeof value !== 'string') throw validationError(field, 'must be a list of networks');
  for (const part of value.split(',')) {
    const p = part.trim();
    if (!isCidr(p) && isIP(p) === 0) throw validationError(field, `'${p}' is not a valid network address (CIDR)`);
  }
}

export function checkMac(field: string, value: unknown): void {
  if (value === '' || value === null || value === undefined) return;
  if (typeof value !== 'string' || !/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(value)) {
    throw validationError(field, `'${str(value)}' is not a valid MAC address`);
  }
}
