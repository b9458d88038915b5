// Defaults the profiles file and the console share, in a module of their own:
// the console reads them before its first frame, without the profiles store
// (zod and the schema load after it).

/** How often the console reloads a site when its profile does not say (and for a console opened with --url). */
export const DEFAULT_REFRESH_SECONDS = 30;
