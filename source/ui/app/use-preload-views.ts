// When the preloaded views' code (lazyView, views.ts) loads: once the site has
// answered, not as soon as the console is on screen. Before that a view has
// nothing to show, and a preload that runs while the first site load is read
// and drawn competes with it for the one thread (start → networks listed,
// docs/PERFORMANCE.md). A console whose site never answers loads none of it.
// Without a session (a model alone, as in the shell's own tests) the site is
// taken as loaded once the model is online.
import {useContext, useEffect, useSyncExternalStore} from 'react';
import {SessionContext} from '../data/session.js';
import {preloadViews} from './views.js';

const noSubscription = () => () => undefined;

export function usePreloadViews(online: boolean): void {
  const session = useContext(SessionContext);
  const siteLoaded = useSyncExternalStore(session?.subscribe ?? noSubscription, () =>
    session ? session.getSnapshot().loadedAt !== null : true,
  );
  const ready = online && siteLoaded;
  useEffect(() => {
    if (!ready) return;
    // A module that fails to load says so when its view is drawn, not here.
    const timer = setTimeout(() => void preloadViews().catch(() => undefined), 0);
    return () => clearTimeout(timer);
  }, [ready]);
}
