import type {Section, Site} from '../../../../domain/model.js';
import type {SiteSnapshot} from '../../../../session/console-session.js';
import {useSite} from '../../../data/session.js';

/**
 * The site once every section this view shows has loaded (null before): a
 * list must not say "no tenants" while the tenants are still on their way.
 */
export function useLoadedSite(sections: readonly Section[]): SiteSnapshot & {site: Site | null} {
  const snapshot = useSite(sections);
  const site = snapshot.site && sections.every((s) => snapshot.site!.sections.has(s)) ? snapshot.site : null;
  return {...snapshot, site};
}
