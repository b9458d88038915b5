// Plans: what it takes to make a site match a site file (diff.ts), shown to
// people (render.ts) and run by the executor (change-plan.ts, run.ts).
import type {Site} from '../model.js';
import {parseSitefile} from '../sitefile/parse.js';
import type {Sitefile} from '../sitefile/schema.js';
import {diffSite, type DiffOptions} from './diff.js';
import type {Plan} from './types.js';

export * from './types.js';
export * from './diff.js';
export * from './order.js';
export * from './after.js';
export * from './render.js';
export * from './change-plan.js';
export {displayValue, ruleSummary} from './display.js';
export {toPlanVerdict, type EvaluatorVerdictChange, type VerdictSource} from './verdicts.js';

/**
 * The plan to make `site` match the site file `text` (YAML or JSON). Throws
 * SitefileError when the file is not valid; references to missing aliases or
 * networks and impossible changes come back as plan.errors.
 */
export function planFromFile(site: Site, text: string, options: DiffOptions = {}): Plan {
  const doc: Sitefile = parseSitefile(text, options.source);
  return diffSite(site, doc, options);
}
