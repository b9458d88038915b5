// How a view plugs into the shell: declare it once, with its command, its
// actions (scoped to it) and a render function used as a React component.
import {createElement, useEffect, useState, type ComponentType, type ExoticComponent, type ReactElement} from 'react';
import type {ActionDef} from '../actions/types.js';
import type {ConsoleState} from '../../session/console-model.js';
import type {ShellApi} from './shell-api.js';

export interface ViewProps<P = unknown> {
  params: P;
  width: number;
  height: number;
  /** On top of the stack with nothing covering it; key hooks inside are gated on it already. */
  active: boolean;
  /** The `/` filter for this view (live while typed). */
  filter: string;
  shell: ShellApi;
  state: ConsoleState;
}

/** A view's own action; its scope defaults to the view id. */
export type ViewAction = Omit<ActionDef, 'scope'> & {scope?: string};

/** What draws a view: a component, or one that loads on first render (lazyView). */
export type ViewComponent<P> = ComponentType<ViewProps<P>> | ExoticComponent<ViewProps<P>>;

export interface ViewDef<P = unknown> {
  id: string;
  /** Breadcrumb label. Sanitized by the shell. */
  title: string | ((params: P) => string);
  /** `:command` that jumps to this view (root views only). */
  command?: string;
  aliases?: readonly string[];
  /** One line for command completion and help. */
  description?: string;
  actions?: readonly ViewAction[];
  render: ViewComponent<P>;
}

export function defineView<P>(def: ViewDef<P>): ViewDef<P> {
  return def;
}

/** Everything the shell needs before a view is drawn: help, completion, keys, breadcrumb. */
export type ViewMeta<P = unknown> = Omit<ViewDef<P>, 'render'>;

/** Loaders of the lazy views declared so far that preloadViews runs. */
const loaders: Array<() => Promise<unknown>> = [];

/**
 * A view whose component — and every module it imports (site files, yaml,
 * zod schemas, policy, edits) — loads after the first frame, not before it.
 * The shell preloads these views once the console is signed in
 * (preloadViews), so a view opened later draws at once; one opened before its
 * module is in suspends for that moment (ViewStack's Suspense).
 */
export function lazyView<P>(meta: ViewMeta<P>, load: () => Promise<ViewComponent<P>>): ViewDef<P> {
  return declareLazyView(meta, load, true);
}

/**
 * A lazy view that is not preloaded: its code loads when it is first opened
 * (its area stays blank for that moment, about 50 ms). For the analysis,
 * govern, router-diagnostics and wizard views: they pull in the policy
 * evaluator, site files and wizard engines — about 5 MB of resident memory
 * until one is opened (docs/PERFORMANCE.md) — and an operator opens them by
 * command, not by moving through a list.
 */
export function lazyViewOnOpen<P>(meta: ViewMeta<P>, load: () => Promise<ViewComponent<P>>): ViewDef<P> {
  return declareLazyView(meta, load, false);
}

function declareLazyView<P>(meta: ViewMeta<P>, load: () => Promise<ViewComponent<P>>, preload: boolean): ViewDef<P> {
  // The promise carries its value once settled (the convention for promises a
  // library resolves itself): a preloaded view draws on its first render.
  type Tracked = Promise<ViewComponent<P>> & {status?: 'fulfilled'; value?: ViewComponent<P>};
  let pending: Tracked | undefined;
  const ensure = (): Tracked => {
    if (pending) return pending;
    // The import starts on the next turn of the event loop: Node resolves,
    // reads and links a module graph synchronously inside import(), and the
    // console's first render asks for its first view — whose frame (the
    // chrome, the view still loading) would otherwise wait for all of it.
    const promise: Tracked = new Promise<void>((resolve) => setImmediate(resolve)).then(load);
    // A failed load is reported when the view is drawn (LazyView).
    promise.then(
      (component) => {
        promise.status = 'fulfilled';
        promise.value = component;
      },
      () => undefined,
    );
    return (pending = promise);
  };
  if (preload) loaders.push(ensure);
  // A view whose module is not in yet draws nothing until it is, then draws:
  // not by suspending, because React holds the content of a Suspense boundary
  // that resolves back until 300 ms after its fallback showed (its throttle
  // against flicker) — the whole wait of a first opening, when the module
  // itself takes a few milliseconds to load.
  function LazyView(props: ViewProps<P>): ReactElement | null {
    const promise = ensure();
    const [loaded, setLoaded] = useState<{component?: ViewComponent<P>; error?: Error}>(() => ({
      component: promise.value,
    }));
    useEffect(() => {
      if (loaded.component) return;
      let live = true;
      promise.then(
        (component) => live && setLoaded({component}),
        (error: unknown) =>
          live &&
          setLoaded({
            error: error instanceof Error ? error : new Error(`view ${meta.id} did not load: ${String(error)}`),
          }),
      );
      return () => {
        live = false;
      };
    }, [promise, loaded.component]);
    // A failed load is reported where it is drawn: the view's error boundary.
    if (loaded.error) throw loaded.error;
    return loaded.component ? createElement(loaded.component as ComponentType<ViewProps<P>>, props) : null;
  }
  LazyView.displayName = `Lazy(${meta.id})`;
  return {...meta, render: LazyView};
}

/** Loads the code of every preloaded lazy view (lazyView); resolves once all are in. */
export async function preloadViews(): Promise<void> {
  await Promise.all(loaders.map((load) => load()));
}

export function viewTitle<P>(view: ViewDef<P>, params: P): string {
  return typeof view.title === 'function' ? view.title(params) : view.title;
}

// Views differ in their params type; the shell treats them alike.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyViewDef = ViewDef<any>;

export function viewActions(views: readonly AnyViewDef[]): ActionDef[] {
  return views.flatMap((v) => (v.actions ?? []).map((a) => ({...a, scope: a.scope ?? v.id})));
}
