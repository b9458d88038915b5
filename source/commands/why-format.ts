// `vseg why` output: the JSON document (policy's whyToJson, turned around
// when --pending makes the staged ruleset the answer) and the human trace.
import type {Site} from '../domain/model.js';
import {sanitize} from '../domain/text.js';
import {whyToJson, type PolicyDefaults, type Verdict, type WhyJson, type WhyResult} from '../policy/index.js';
import {whyLines} from '../policy/present.js';
import {verifyLines, type VerifyResult} from '../session/verify-text.js';

/**
 * The document for -o json/yaml. With `pending`, the top level is the staged
 * ruleset's answer and the live one moves to `applied` (when it differs), so
 * a script reads `verdict` either way.
 */
export function whyDocument(r: WhyResult, pending: boolean): WhyJson {
  const json = whyToJson(r);
  if (!pending) return json;
  if (!json.pending) return {...json, ruleset: 'pending'};
  const {pending: staged, verdict, reason, hops, unreachedHops, outcomes, notes, ...meta} = json;
  const applied = {verdict, reason, hops, ...(unreachedHops ? {unreachedHops} : {}), outcomes, notes};
  return {...staged, ...meta, ruleset: 'pending', applied};
}

/** The verdict the command answers with (and exits on). */
export function primaryVerdict(r: WhyResult, pending: boolean): Verdict {
  return pending && r.pending ? r.pending.verdict : r.verdict;
}

export function whyText(
  site: Site,
  r: WhyResult,
  options: {pending: boolean; defaults?: PolicyDefaults; width: number},
): string {
  const lines = whyLines(site, r, {
    primary: options.pending ? 'pending' : undefined,
    defaults: options.defaults,
    width: options.width,
    more: ' (-o json lists them all)',
  });
  return lines.map((l) => sanitize(l.text)).join('\n') + '\n';
}

/** The --verify section under the trace. */
export function verifyText(v: VerifyResult): string {
  return verifyLines(v)
    .map((l) => sanitize(l))
    .join('\n')
    .concat('\n');
}
