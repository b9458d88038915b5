// The two questions every apply asks the policy evaluator — vseg apply and
// rollback, the wizards, the console's :plan: which flows change verdict
// between the live and the planned site, and would the console's own
// management path (the address the API is reached through) lose access under
// the planned rules.
import {lookup} from 'node:dns/promises';
import {isIP} from 'node:net';
import type {Site} from '../domain/model.js';
import {managementAccess, verdictChanges} from '../policy/index.js';
import type {Connection} from './connection.js';

/** Flows whose verdict differs between the live site and the planned one (staged rules on both sides). */
export function verdictsFor(before: Site, after: Site) {
  return verdictChanges(before, after);
}

/** Host and port the client connects to. */
function apiEndpoint(connection: Pick<Connection, 'client'>): {host: string; port: number} {
  const url = new URL(connection.client.site.origin);
  const port = url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
  return {host: connection.client.site.hostname, port};
}

async function ipv4Of(host: string): Promise<string | undefined> {
  if (isIP(host) === 4) return host;
  if (isIP(host) === 6) return undefined;
  try {
    return (await lookup(host, {family: 4})).address;
  } catch {
    return undefined;
  }
}

export interface LockoutCheck {
  /** Apply must refuse (unless --force): the sentence names the rule that cuts the path. */
  refuse: string | null;
  /** Worth telling the operator, without refusing. */
  note: string | null;
}

/**
 * Judges the management path with the live rules as "applied" and the planned
 * rules as "pending", so only what the change introduces counts.
 */
export async function lockoutCheck(
  connection: Pick<Connection, 'client'>,
  before: Site,
  after: Site,
  apiAddress?: string,
): Promise<LockoutCheck> {
  const endpoint = apiEndpoint(connection);
  let port = endpoint.port;
  let address: string | undefined;
  if (apiAddress !== undefined) {
    const m = /^(.*?)(?::(\d{1,5}))?$/.exec(apiAddress.trim())!;
    address = await ipv4Of(m[1]);
    if (m[2] !== undefined) port = Number(m[2]);
  } else {
    address = await ipv4Of(endpoint.host);
  }
  if (address === undefined)
    return {
      refuse: null,
      note: `lockout guard: ${apiAddress ?? endpoint.host} has no IPv4 address vseg can check; pass --api-address IP[:PORT]`,
    };
  const applied = new Map(after.applied);
  for (const [key, rules] of before.applied) applied.set(key, rules);
  const result = managementAccess({...after, applied}, {apiHost: address, port});
  if (!result.ok) return {refuse: null, note: `lockout guard: ${result.error}`};
  const access = result.value;
  if (access.refuse) return {refuse: access.message.replace(/\.$/, ''), note: null};
  return {refuse: null, note: access.warn ? `lockout guard: ${access.message}` : null};
}
