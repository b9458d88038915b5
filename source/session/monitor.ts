// Network quality and router traffic over time, for sparklines in a
// network's details: the gateway monitor's history
// (`vnet_monitor_stats_history_short`, GO network.go GetStatistics: filter
// `vnet eq N`, sort `-timestamp`, limit 100) — only networks with gateway
// monitoring keep one.
import {z} from 'zod';
import type {VergeClient} from '../api/client.js';

const num = z
  .union([z.number(), z.string(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? null : Number(v)));

const sampleSchema = z.object({
  timestamp: num,
  quality: num,
  dropped_pct: num,
  latency_usec_avg: num,
  latency_usec_peak: num,
  sent: num,
  dropped: num,
});

export interface QualitySample {
  at: number;
  quality: number | null;
  droppedPct: number | null;
  latencyMs: number | null;
}

export const MONITOR_FIELDS = [
  'timestamp',
  'quality',
  'dropped_pct',
  'latency_usec_avg',
  'latency_usec_peak',
  'sent',
  'dropped',
];

/** Oldest first; empty when the network does not monitor its gateway. */
export async function loadQualityHistory(
  client: VergeClient,
  vnet: number,
  signal?: AbortSignal,
): Promise<QualitySample[]> {
  const rows = await client.list(
    'vnet_monitor_stats_history_short',
    sampleSchema,
    {fields: MONITOR_FIELDS, filter: `vnet eq ${vnet}`, sort: '-timestamp', limit: 100},
    {signal, operation: `read the quality history of network ${vnet}`},
  );
  return rows
    .filter((r) => r.timestamp !== null)
    .map((r) => ({
      at: r.timestamp!,
      quality: r.quality,
      droppedPct: r.dropped_pct,
      latencyMs: r.latency_usec_avg === null ? null : r.latency_usec_avg / 1000,
    }))
    .sort((a, b) => a.at - b.at);
}

export interface QualitySummary {
  samples: number;
  latencyMs: {last: number | null; max: number | null};
  lossPct: {last: number | null; max: number | null};
  quality: {last: number | null; min: number | null};
}

export function summarizeQuality(samples: readonly QualitySample[]): QualitySummary {
  const pick = (f: (s: QualitySample) => number | null) => samples.map(f).filter((v): v is number => v !== null);
  const lat = pick((s) => s.latencyMs);
  const loss = pick((s) => s.droppedPct);
  const q = pick((s) => s.quality);
  return {
    samples: samples.length,
    latencyMs: {last: lat.at(-1) ?? null, max: lat.length ? Math.max(...lat) : null},
    lossPct: {last: loss.at(-1) ?? null, max: loss.length ? Math.max(...loss) : null},
    quality: {last: q.at(-1) ?? null, min: q.length ? Math.min(...q) : null},
  };
}
