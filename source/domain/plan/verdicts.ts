// The evaluator's answer, as a plan shows it. The domain cannot import the
// policy layer, so this takes the shape policy's verdictChanges returns
// (structurally) and keeps what a plan prints: the flow, both verdicts and
// the rule that decides the new one. The console passes
// `verdicts: (before, after) => verdictChanges(before, after)` to planFromFile.
import type {Site} from '../model.js';
import type {VerdictChange} from './types.js';

/** What policy's verdictChanges returns per flow (only the parts used here). */
export interface EvaluatorVerdictChange {
  from: string;
  to: string;
  service: string;
  before: string;
  after: string;
  rules?: {
    after: ReadonlyArray<{verdict: string; hops: ReadonlyArray<{network: string; rule: {name: string} | null}>}>;
  };
}

export type VerdictSource = (before: Site, after: Site) => ReadonlyArray<EvaluatorVerdictChange | VerdictChange>;

function isPlanVerdict(v: EvaluatorVerdictChange | VerdictChange): v is VerdictChange {
  return typeof (v as VerdictChange).flow === 'string';
}

export function toPlanVerdict(v: EvaluatorVerdictChange | VerdictChange): VerdictChange {
  if (isPlanVerdict(v)) return v;
  // The deciding rule: the last hop with a rule, in an outcome that has the new verdict.
  const outcomes = v.rules?.after ?? [];
  const outcome = outcomes.find((o) => o.verdict === (v.after === 'allow' ? 'allow' : 'deny')) ?? outcomes[0];
  const hop = outcome ? [...outcome.hops].reverse().find((h) => h.rule !== null) : undefined;
  return {
    flow: `${v.from} → ${v.to} ${v.service}`,
    before: v.before,
    after: v.after,
    ...(hop?.rule ? {rule: `${hop.network}/${hop.rule.name}`} : {}),
  };
}
