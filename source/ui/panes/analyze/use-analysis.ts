// The data every Analyze view works on: the site with the sections the
// analysis reads (polled while the view is mounted), and the policy defaults
// of the profile (what a router does when no rule matches).
import {useMemo} from 'react';
import {ANALYSIS_SECTIONS, type Section, type Site} from '../../../domain/model.js';
import {mergeDefaults, type PolicyDefaults} from '../../../policy/index.js';
import type {SiteSnapshot} from '../../../session/console-session.js';
import {useSession, useSite} from '../../data/session.js';

export interface AnalysisData {
  snapshot: SiteSnapshot;
  /** The site once every section asked for is loaded; null before. */
  site: Site | null;
  defaults: PolicyDefaults;
}

export function hasSections(site: Site | null, sections: readonly Section[]): site is Site {
  return site !== null && sections.every((s) => site.sections.has(s));
}

export function useAnalysisSite(sections: readonly Section[] = ANALYSIS_SECTIONS): AnalysisData {
  const session = useSession();
  const snapshot = useSite(sections);
  const site = hasSections(snapshot.site, sections) ? snapshot.site : null;
  const raw = session.connection?.profile?.policyDefaults;
  const defaults = useMemo(() => mergeDefaults(raw), [raw]);
  return {snapshot, site, defaults};
}

/** What the view says while the site is not there yet. */
export function waitingText(snapshot: SiteSnapshot, what: string): string {
  if (snapshot.error && !snapshot.site) return `Cannot load the site: ${snapshot.error}`;
  return `Loading ${what}…`;
}
