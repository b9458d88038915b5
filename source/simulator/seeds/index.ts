// Seed names: 'demo' (default), 'empty', 'scale:<networks>:<rules>'.
import type {Sim} from '../sim.js';
import {seedBase} from './base.js';
import {seedDemo} from './demo.js';
import {SCALE_LIMITS, seedScale} from './scale.js';

export type SeedSpec = {kind: 'demo'} | {kind: 'empty'} | {kind: 'scale'; networks: number; rules: number};

export function parseSeed(seed: string): SeedSpec {
  if (seed === 'demo' || seed === 'empty') return {kind: seed};
  const m = /^scale:(\d+):(\d+)$/.exec(seed);
  if (!m) throw new Error(`unknown seed '${seed}' (expected demo, empty or scale:<networks>:<rules>)`);
  const networks = Number(m[1]);
  const rules = Number(m[2]);
  if (networks < 1 || networks > SCALE_LIMITS.networks)
    throw new Error(`seed '${seed}': networks must be 1..${SCALE_LIMITS.networks}`);
  if (rules > SCALE_LIMITS.rules) throw new Error(`seed '${seed}': rules must be at most ${SCALE_LIMITS.rules}`);
  return {kind: 'scale', networks, rules};
}

/** Builds a seed through the normal write paths, with side effects run at once. */
export function buildSeed(sim: Sim, seed: string): void {
  const spec = parseSeed(seed);
  const before = sim.immediate;
  sim.immediate = true;
  try {
    if (spec.kind === 'demo') seedDemo(sim);
    else if (spec.kind === 'empty') seedBase(sim);
    else seedScale(sim, spec.networks, spec.rules);
  } finally {
    sim.immediate = before;
  }
}
