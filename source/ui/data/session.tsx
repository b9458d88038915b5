// How views reach the live session: the snapshot they show (kept fresh for the
// sections they declare while mounted) and the session's operations.
import {createContext, useContext, useEffect, useSyncExternalStore} from 'react';
import type {Section} from '../../domain/model.js';
import type {ConsoleSession, SiteSnapshot} from '../../session/console-session.js';

export const SessionContext = createContext<ConsoleSession | null>(null);

export function useSession(): ConsoleSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() is only available inside the console');
  return session;
}

/** Whether this session may change the site: hints that name a mutating key ask this first. */
export function useReadOnly(): boolean {
  const session = useSession();
  return useSyncExternalStore(session.model.subscribe, () => session.model.getState().readOnly);
}

/** The site snapshot; while mounted, the session polls `sections` for this view. */
export function useSite(sections: readonly Section[]): SiteSnapshot {
  const session = useSession();
  const key = [...sections].sort().join(',');
  useEffect(() => session.watch(key.split(',') as Section[]), [session, key]);
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}
