// When the preloaded views' code (lazyView, views.ts) loads: once the console
// is signed in to its site, not as soon as it is on screen. Before that no view
// has anything to show, and a console whose site never answers — a wrong
// address, an outage — loads none of it (docs/PERFORMANCE.md: the idle
// console). Signed in, it loads beside the first site load, so the view an
// operator opens next is there when the list is.
import {useEffect} from 'react';
import {preloadViews} from './views.js';

export function usePreloadViews(online: boolean): void {
  useEffect(() => {
    if (!online) return;
    // A module that fails to load says so when its view is drawn, not here.
    const timer = setTimeout(() => void preloadViews().catch(() => undefined), 0);
    return () => clearTimeout(timer);
  }, [online]);
}
