// What every simulated diagnostic tool gets and gives back.
import type {Row} from '../../db/table.js';
import {unitHash} from '../../rng.js';
import type {Sim} from '../../sim.js';
import {parseIp} from '../ipv4.js';
import {txt} from '../text.js';

export interface ToolContext {
  sim: Sim;
  vnet: Row;
  params: Record<string, unknown>;
  /** Wall-clock ms when the tool finishes. */
  now: number;
}

export interface ToolResult {
  status: 'complete' | 'error';
  result: string;
}

export type Tool = {command(ctx: ToolContext): string; run(ctx: ToolContext): ToolResult};

export const ok = (result: string): ToolResult => ({status: 'complete', result});
export const fail = (result: string): ToolResult => ({status: 'error', result});

export function param(ctx: ToolContext, name: string): string {
  const v = ctx.params[name];
  return txt(v).trim();
}

/** The router's own address on its network (what its probes carry as source). */
export function routerIp(vnet: Row): number | null {
  return parseIp(txt(vnet.ipaddress)) ?? parseIp(txt(vnet.dmz_ipaddress));
}

/** HH:MM:SS.micro in UTC, as tcpdump prints it. */
export function clock(ms: number): string {
  const d = new Date(Math.floor(ms));
  const micro = String(Math.floor((ms % 1000) * 1000)).padStart(6, '0');
  return `${d.toISOString().slice(11, 19)}.${micro}`;
}

/** A stable round-trip time in ms for a path, varying per sample. */
export function rtt(key: string, hops: number, sample: number): number {
  return 0.18 + hops * 0.11 + unitHash(`${key}#${sample}`) * 0.25;
}

const SERVICES: Record<number, string> = {
  22: 'ssh',
  25: 'smtp',
  53: 'domain',
  80: 'http',
  443: 'https',
  3306: 'mysql',
  3389: 'ms-wbt-server',
  5432: 'postgresql',
  6379: 'redis',
  8080: 'http-alt',
};

export function serviceName(port: number): string {
  return SERVICES[port] ?? '*';
}

/** A host name in a query: an address, or a name the router resolves (see dns.ts). */
export const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.?$/;
