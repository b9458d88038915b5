// Fault injection. A spec is a comma list of key=value:
//   latency=MS   extra delay on every response (except /version.json)
//   jitter=MS    plus a random 0..MS
//   error=P      probability of a 500/502/503/504 without applying the request
//   drop=P       probability of destroying the connection with no answer; half
//                of these happen after the request was applied
//   429=P        probability of 429 Too Many Requests (no Retry-After)
//   burst429=N   the next N requests get 429
//   expire=S     session tokens expire after S seconds idle
//   seed=N       seed of the fault dice (default: derived from the data seed)
// `none`, `off` or '' mean no faults.
import {Rng} from './rng.js';

export interface FaultSpec {
  latency?: number;
  jitter?: number;
  error?: number;
  drop?: number;
  tooMany?: number;
  burst429?: number;
  expire?: number;
  seed?: number;
}

const KEYS = ['latency', 'jitter', 'error', 'drop', '429', 'burst429', 'expire', 'seed'] as const;

function parseNumber(key: string, raw: string, kind: 'probability' | 'count'): number {
  const text = raw.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) {
    throw new Error(
      `fault '${key}': '${raw}' is not a ${kind === 'probability' ? 'probability between 0 and 1' : 'non-negative number'}`,
    );
  }
  const n = Number(text);
  if (kind === 'probability' && (n < 0 || n > 1))
    throw new Error(`fault '${key}': ${raw} is not a probability between 0 and 1`);
  if (kind === 'count' && !Number.isInteger(n)) throw new Error(`fault '${key}': ${raw} must be a whole number`);
  return n;
}

export function parseFaults(spec: string): FaultSpec {
  const text = spec.trim();
  if (text === '' || text === 'none' || text === 'off') return {};
  const out: FaultSpec = {};
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') throw new Error(`fault spec '${spec}': empty item`);
    const eq = item.indexOf('=');
    if (eq < 0) throw new Error(`fault '${item}': expected key=value (keys: ${KEYS.join(', ')})`);
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1);
    if (!(KEYS as readonly string[]).includes(key))
      throw new Error(`unknown fault '${key}' (keys: ${KEYS.join(', ')})`);
    if (seen.has(key)) throw new Error(`fault '${key}' given twice`);
    seen.add(key);
    switch (key) {
      case 'latency':
        out.latency = parseNumber(key, value, 'count');
        break;
      case 'jitter':
        out.jitter = parseNumber(key, value, 'count');
        break;
      case 'error':
        out.error = parseNumber(key, value, 'probability');
        break;
      case 'drop':
        out.drop = parseNumber(key, value, 'probability');
        break;
      case '429':
        out.tooMany = parseNumber(key, value, 'probability');
        break;
      case 'burst429':
        out.burst429 = parseNumber(key, value, 'count');
        break;
      case 'expire':
        out.expire = parseNumber(key, value, 'count');
        break;
      case 'seed':
        out.seed = parseNumber(key, value, 'count');
        break;
    }
  }
  const total = (out.error ?? 0) + (out.drop ?? 0) + (out.tooMany ?? 0);
  if (total > 1) throw new Error(`fault spec '${spec}': error + drop + 429 add up to more than 1`);
  return out;
}

export type FaultDecision =
  {kind: 'none'} | {kind: '429'} | {kind: 'error'; status: 500 | 502 | 503 | 504} | {kind: 'drop'; afterApply: boolean};

const ERROR_STATUSES = [500, 502, 503, 504] as const;

/** The dice: one draw per request, in request order. */
export class Faults {
  private spec: FaultSpec = {};
  private rng: Rng;
  private burstLeft = 0;

  constructor(
    spec: string,
    private readonly defaultSeed: string,
  ) {
    this.rng = new Rng(`faults:${defaultSeed}`);
    this.set(spec);
  }

  set(spec: string): void {
    this.spec = parseFaults(spec);
    this.rng = new Rng(this.spec.seed !== undefined ? this.spec.seed : `faults:${this.defaultSeed}`);
    this.burstLeft = this.spec.burst429 ?? 0;
  }

  get current(): Readonly<FaultSpec> {
    return this.spec;
  }

  /** Extra delay for this response. */
  delay(): number {
    const jitter = this.spec.jitter ? this.rng.next() * this.spec.jitter : 0;
    return (this.spec.latency ?? 0) + jitter;
  }

  decide(): FaultDecision {
    if (this.burstLeft > 0) {
      this.burstLeft--;
      return {kind: '429'};
    }
    const {error = 0, drop = 0, tooMany = 0} = this.spec;
    if (error + drop + tooMany === 0) return {kind: 'none'};
    const r = this.rng.next();
    if (r < tooMany) return {kind: '429'};
    if (r < tooMany + error) return {kind: 'error', status: this.rng.pick(ERROR_STATUSES)};
    if (r < tooMany + error + drop) return {kind: 'drop', afterApply: this.rng.chance(0.5)};
    return {kind: 'none'};
  }
}
