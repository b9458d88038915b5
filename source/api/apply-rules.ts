// Apply Rules: `POST /vnet_actions {"vnet":N,"action":"refresh"}` (the form the
// Python, TypeScript and Terraform clients use), then wait until
// `need_fw_apply` clears. VergeOS accepts the action before the flag drops, and
// a stopped network keeps the rules staged until it starts.
import {z} from 'zod';
import type {CallOptions, VergeClient} from './client.js';
import {VergeError} from './errors.js';

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

export type ApplyOutcome =
  | {status: 'applied'; vnet: number; lastFwApply: number | null; ms: number}
  /** Nothing was pending: no action was sent. */
  | {status: 'nothing-pending'; vnet: number; ms: number}
  /** The network is stopped: the rules stay staged and load when it starts. */
  | {status: 'staged-until-start'; vnet: number; ms: number};

export interface ApplyOptions extends CallOptions {
  /** How long to wait for `need_fw_apply` to clear. */
  timeoutMs?: number;
  pollMs?: number;
  /** Send the action even when the flag is already clear (re-apply). */
  force?: boolean;
  onProgress?: (message: string) => void;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(new VergeError({kind: 'aborted', message: 'cancelled'}));
      },
      {once: true},
    );
  });
}

export async function applyRules(client: VergeClient, vnet: number, options: ApplyOptions = {}): Promise<ApplyOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const read = () =>
    client.get('vnets', vnet, flagSchema, FLAG_FIELDS, {
      signal: options.signal,
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
  const deadline = performance.now() + (options.timeoutMs ?? 30_000);
  const poll = options.pollMs ?? 250;
  for (;;) {
    const now = await read();
    if (!now.need_fw_apply) return {status: 'applied', vnet, lastFwApply: now.last_fw_apply, ms: elapsed()};
    if (!now.running) return {status: 'staged-until-start', vnet, ms: elapsed()};
    if (performance.now() > deadline) {
      throw new VergeError({
        kind: 'timeout',
        message:
          `the rules of network ${now.name || vnet} are still pending after ${Math.round((options.timeoutMs ?? 30_000) / 1000)} s; VergeOS ` +
          `accepted Apply Rules but has not finished`,
        operation,
      });
    }
    await sleep(poll, options.signal);
  }
}
