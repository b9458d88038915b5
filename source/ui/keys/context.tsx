// The only place in the console that reads the keyboard. Everything else
// registers with the router through useKeys().
import {
  createContext,
  useContext,
  useEffectEvent,
  useLayoutEffect,
  useMemo,
  useRef,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import {useInput, usePaste, useStdin} from 'ink';
import {normalizeKey, splitTyped, type KeyEvent} from './names.js';
import {KeyRouter, type KeyHint, type Layer} from './router.js';

const RouterContext = createContext<KeyRouter | null>(null);

/**
 * False inside a view that is not on top of the stack or is covered by a
 * dialog: its handlers stay registered but receive nothing, so a pane cannot
 * forget to gate its keys.
 */
const ActiveScopeContext = createContext(true);

export function ActiveScope({active, children}: {active: boolean; children: ReactNode}) {
  const outer = useContext(ActiveScopeContext);
  return <ActiveScopeContext value={outer && active}>{children}</ActiveScopeContext>;
}

export function useActiveScope(): boolean {
  return useContext(ActiveScopeContext);
}

type Input = {key: KeyEvent} | {paste: string};

export function KeyRouterProvider({
  router,
  onInput,
  children,
}: {
  router?: KeyRouter;
  /** Any key or paste (the session uses it to tell an operator at work from an idle console). */
  onInput?: () => void;
  children: ReactNode;
}) {
  const own = useMemo(() => router ?? new KeyRouter(), [router]);
  // Keys that arrive together (one stdin chunk: fast typing over SSH, key
  // repeat, `:net⏎`) are handled one at a time, each after React committed
  // what the previous one changed — so `:` opens the command line before `n`
  // is typed into it. React schedules its commit as a microtask during the
  // handler, so a microtask queued after the handler runs after that commit.
  const queue = useRef<Input[]>([]);
  const draining = useRef(false);
  const pump = useRef(() => {
    const next = queue.current.shift();
    if (!next) {
      draining.current = false;
      return;
    }
    if ('key' in next) own.dispatch(next.key);
    else own.paste(next.paste);
    queueMicrotask(pump.current);
  });
  const enqueue = (items: Input[]) => {
    onInput?.();
    queue.current.push(...items);
    if (draining.current) return;
    draining.current = true;
    pump.current();
  };
  // Ink's useInput throws "Raw mode is not supported" on a non-TTY stdin
  // (pipes, some CI runners): there is simply no keyboard then.
  const {isRawModeSupported} = useStdin();
  useInput(
    (input, key) => {
      if (key.eventType === 'release') return;
      const event = normalizeKey(input, key);
      // Several characters at once without bracketed paste are fast typing:
      // each is a key (pastes arrive through usePaste instead).
      if (event.name === '' && event.text) enqueue(splitTyped(event.text).map((k) => ({key: k})));
      else enqueue([{key: event}]);
    },
    {isActive: isRawModeSupported},
  );
  usePaste((text) => enqueue([{paste: text}]), {isActive: isRawModeSupported});
  return <RouterContext value={own}>{children}</RouterContext>;
}

export function useKeyRouter(): KeyRouter {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useKeys() needs a <KeyRouterProvider> above it');
  return router;
}

export interface UseKeysOptions {
  isActive?: boolean;
  onPaste?: (text: string) => boolean;
  /** The keys that work while this handler takes every key (see KeyHandler.hints). */
  hints?: readonly KeyHint[];
}

/** Registers a key handler at `layer` while active; return true to consume. */
export function useKeys(layer: Layer, onKey: (event: KeyEvent) => boolean, options: UseKeysOptions = {}): void {
  const router = useKeyRouter();
  const scopeActive = useActiveScope();
  const active = (options.isActive ?? true) && scopeActive;
  // Latest closures without re-registering (which would reorder the layer).
  const key = useEffectEvent(onKey);
  const paste = useEffectEvent((text: string) => options.onPaste?.(text) ?? false);
  // Hints are read while the footer renders (an effect event may not be called then): a ref, kept current after each commit.
  const hintsRef = useRef(options.hints);
  useLayoutEffect(() => {
    hintsRef.current = options.hints;
  });
  const hasPaste = options.onPaste !== undefined;
  const hasHints = options.hints !== undefined;
  const hintsText = options.hints?.map((h) => `${h.key} ${h.label}`).join('\n');
  // A layout effect registers during the commit: keys that arrive in the same
  // stdin chunk as the one that opened a dialog or the command line (fast
  // typing over SSH, key repeat) already reach the new handler.
  useLayoutEffect(() => {
    if (!active) return undefined;
    return router.register(layer, {
      onKey: (event) => key(event),
      onPaste: hasPaste ? (text) => paste(text) : undefined,
      hints: hasHints ? () => hintsRef.current : undefined,
    });
  }, [router, layer, active, hasPaste, hasHints]);
  // New hints (the focus moved to another kind of field) reach the footer.
  useLayoutEffect(() => {
    if (active && hintsText !== undefined) router.changed();
  }, [router, active, hintsText]);
}

/** The hints of the handler that has every key now, if any (the footer shows them). */
export function useKeyHints(): readonly KeyHint[] | undefined {
  const router = useKeyRouter();
  useSyncExternalStore(router.subscribe, router.getVersion);
  return router.hints();
}
