// How a view plugs into the shell: declare it once, with its command, its
// actions (scoped to it) and a render function used as a React component.
import type {ReactNode} from 'react';
import type {ActionDef} from '../actions/types.js';
import type {ConsoleState} from './model.js';
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
  render: (props: ViewProps<P>) => ReactNode;
}

export function defineView<P>(def: ViewDef<P>): ViewDef<P> {
  return def;
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
