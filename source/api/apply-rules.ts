// Apply Rules: `POST /vnet_actions {"vnet":N,"action":"refresh"}` (the form the
// Python, TypeScript and Terraform clients use), then wait until
// `need_fw_apply` clears. VergeOS accepts the action before the flag drops, and
// a stopped network keeps the rules staged until it starts.
import {z} from 'zod';
import type {CallOptions, VergeClient} from './client.js';
import {VergeError} from './errors.js';
import {pollUntil} from './poll.js';
import {apiPath} from './url.js';

const flagSchema = z.object({
  need_fw_apply: z
    .union([z.boolean(), z.number(), z.null()])
    .optional()
    .transform((v) => v === true || v === 1),
  last_fw_apply: z
    .union([z.number(), z.string(), z.null()])
    .optional()
    .transform((v) => (v === null || v === undefined || v === '' ? null : Number(v))),
  running: z
    .union([z.boolean(), z.number(), z.null()])
    .optional()
    .transform((v) => v === true || v === 1),
  name: z
    .union([z.string(), z.null()])
    .optional()
    .transform((v) => v ?? ''),
});
const FLAG_FIELDS = ['name', 'need_fw_apply', 'last_fw_apply', 'machine#status#running as running'];

/**
 * What a stopped network does with Apply Rules: nothing until it starts, and a
 * start loads staged rules only when asked (`params.apply`, VERGEOS-API.md
 * §8.1 #1) — vseg's power-on asks; VergeOS's own autostart may not.
 */
export const STAGED_UNTIL_START =
  'the network is stopped: the rules stay staged until it is started with Apply Rules (vseg power-on does that)';

export type ApplyOutcome =
  | {status: 'applied'; vnet: number; lastFwApply: number | null; ms: number}
  /** Nothing was pending: no action was sent. */
  | {status: 'nothing-pending'; vnet: number; ms: number}
  /** The network is stopped: the rules stay staged (STAGED_UNTIL_START). */
  | {status: 'staged-until-start'; vnet: number; ms: number};

export interface ApplyOptions extends CallOptions {
  /** How long to wait for `need_fw_apply` to clear. */
  timeoutMs?: number;
  pollMs?: number;
  /** Send the action even when the flag is already clear (re-apply). */
  force?: boolean;
  onProgress?: (message: string) => void;
}

export async function applyRules(client: VergeClient, vnet: number, options: ApplyOptions = {}): Promise<ApplyOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const read = (signal = options.signal) =>
    client.get('vnets', vnet, flagSchema, FLAG_FIELDS, {
      signal,
      operation: `check network ${vnet} for pending rules`,
    });
  const before = await read();
  if (!before.need_fw_apply && !options.force) return {status: 'nothing-pending', vnet, ms: elapsed()};
  if (!before.running) return {status: 'staged-until-start', vnet, ms: elapsed()};

  const operation = options.operation ?? `apply rules on network ${before.name || vnet}`;
  try {
    await client.action('vnet_actions', {vnet, action: 'refresh'}, {signal: options.signal, operation});
  } catch (error) {
    // The action may have been accepted before the answer was lost. Applying is
    // harmless to repeat, but only resend when the flag says it is still needed.
    if (!(error instanceof VergeError) || error.outcome === 'not-applied') throw error;
    const now = await read();
    if (now.need_fw_apply && now.last_fw_apply === before.last_fw_apply) {
      options.onProgress?.('the first request got no answer; sending Apply Rules again');
      await client.action('vnet_actions', {vnet, action: 'refresh'}, {signal: options.signal, operation});
    }
  }
  options.onProgress?.('waiting for the router to load the rules');
  const waited = await pollUntil(read, (now) => !now.need_fw_apply || !now.running, {
    limitMs: options.timeoutMs ?? 30_000,
    everyMs: options.pollMs ?? 250,
    signal: options.signal,
    what: `the rules of network ${before.name || vnet} to load (VergeOS accepted Apply Rules but need_fw_apply is still set)`,
    method: 'GET',
    path: apiPath('vnets', vnet),
    operation,
  });
  if (!waited.met) throw waited.error;
  const now = waited.value;
  if (!now.need_fw_apply) return {status: 'applied', vnet, lastFwApply: now.last_fw_apply, ms: elapsed()};
  return {status: 'staged-until-start', vnet, ms: elapsed()};
}
