/** 'global' or the id of the view the action belongs to. */
export type Scope = string;

export interface ActionDef {
  /** Dotted id, e.g. `rules.create`; the key map config refers to it. */
  id: string;
  title: string;
  description: string;
  /** Default keys, in router names (`n`, `ctrl+r`, `pageDown`). */
  keys: readonly string[];
  scope: Scope;
  /** Help groups actions under this heading (defaults to the scope's title). */
  group?: string;
  /** Changes data on the site: removed entirely in read-only mode. */
  mutating?: boolean;
  /** Destroys or disrupts: always confirmed; never bound to a confirm key. Implies mutating. */
  dangerous?: boolean;
  /** Talks to the API: unavailable (shown dimmed) while offline. */
  needsConnection?: boolean;
  /** Footer position (lower first); absent = not shown in the footer. */
  footer?: number;
  /** Short footer label; defaults to the title. */
  hint?: string;
  /** Handled by a component with fixed keys (table navigation): listed, not remappable. */
  fixed?: boolean;
  /** Runs Apply Rules: the pending-rules banner names the key of the one the current view has. */
  appliesRules?: boolean;
}

export interface ActionContext {
  readOnly: boolean;
  online: boolean;
}

/** An action as bound after the key map: its effective keys and whether it can run now. */
export interface BoundAction extends ActionDef {
  keys: readonly string[];
  /** 'offline': listed dimmed, keys answer with a warning instead of running. */
  availability: 'available' | 'offline';
}

export type KeymapIssue =
  | {kind: 'duplicate-action'; action: string}
  | {kind: 'unknown-action'; action: string}
  | {kind: 'invalid-key'; action: string; key: string}
  | {kind: 'fixed-action'; action: string}
  | {kind: 'confirm-key'; action: string; key: string}
  | {kind: 'conflict'; key: string; kept: string; dropped: string};

/** Keys a confirmation dialog answers to: a dangerous action may not use them. */
export const CONFIRM_KEYS: readonly string[] = ['enter', 'space', 'y', 'Y'];
