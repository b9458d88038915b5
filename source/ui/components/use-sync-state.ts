import {useCallback, useRef, useState} from 'react';

/**
 * State whose latest value key handlers can read before React re-renders:
 * several keys can arrive in one stdin chunk, and each must build on the one
 * before it rather than on the last rendered state. The ref is written only
 * by the setter (an event handler), never during render.
 */
export function useSyncState<T>(
  initial: T | (() => T),
): [T, (next: T | ((previous: T) => T)) => void, {readonly current: T}] {
  const [state, setState] = useState(initial);
  const ref = useRef(state);
  const set = useCallback((next: T | ((previous: T) => T)) => {
    ref.current = typeof next === 'function' ? (next as (previous: T) => T)(ref.current) : next;
    setState(ref.current);
  }, []);
  return [state, set, ref];
}
