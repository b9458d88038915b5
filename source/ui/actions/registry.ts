// Every key the console answers to is declared here, once: the router's action
// dispatch, the footer, the help overlay and the README key reference all read
// the same registry, so read-only or offline mode cannot forget one of them.
import {textOf} from '../../domain/text.js';
import {formatKey, isKeyName} from '../keys/names.js';
import {CONFIRM_KEYS, type ActionContext, type ActionDef, type BoundAction, type KeymapIssue} from './types.js';

export type Keymap = Readonly<Record<string, readonly string[]>>;

export interface ActionRegistry {
  /** All actions with their effective keys, in declaration order. */
  readonly actions: readonly ActionDef[];
  /** Problems found in the defaults or the key map; reported, never thrown. */
  readonly issues: readonly KeymapIssue[];
  get(id: string): ActionDef | undefined;
  /** The actions of `scope` and the global ones, minus what `context` removes. */
  visible(scope: string, context: ActionContext): BoundAction[];
  /** The action `key` triggers in `scope`, if any survives `context`. */
  match(key: string, scope: string, context: ActionContext): BoundAction | undefined;
  /** The action `key` would trigger in `scope` but `context` removed (read-only), to say why nothing happens. */
  removed(key: string, scope: string, context: ActionContext): ActionDef | undefined;
  /** Effective keys of an action, formatted for display ('' when unbound). */
  keyLabel(id: string, ascii?: boolean): string;
}

export function isMutating(action: ActionDef): boolean {
  return Boolean(action.mutating || action.dangerous);
}

/** What `context` does to an action: removed, listed but unavailable, or available. */
export function availability(action: ActionDef, context: ActionContext): BoundAction['availability'] | 'removed' {
  if (context.readOnly && isMutating(action)) return 'removed';
  if (!context.online && action.needsConnection) return 'offline';
  return 'available';
}

function overlaps(a: ActionDef, b: ActionDef): boolean {
  return a.scope === b.scope || a.scope === 'global' || b.scope === 'global';
}

export function createActionRegistry(defs: readonly ActionDef[], keymap: Keymap = {}): ActionRegistry {
  const issues: KeymapIssue[] = [];
  const byId = new Map<string, ActionDef>();
  for (const def of defs) {
    if (byId.has(def.id)) issues.push({kind: 'duplicate-action', action: def.id});
    else byId.set(def.id, def);
  }
  const remapped = new Set<string>();
  const keysOf = new Map<string, string[]>();
  for (const def of byId.values()) keysOf.set(def.id, [...def.keys]);
  for (const [id, keys] of Object.entries(keymap)) {
    const def = byId.get(id);
    if (!def) {
      issues.push({kind: 'unknown-action', action: id});
      continue;
    }
    if (def.fixed) {
      issues.push({kind: 'fixed-action', action: id});
      continue;
    }
    const valid = (Array.isArray(keys) ? (keys as unknown[]) : []).filter((key): key is string => {
      const ok = typeof key === 'string' && isKeyName(key);
      if (!ok) issues.push({kind: 'invalid-key', action: id, key: textOf(key)});
      return ok;
    });
    keysOf.set(id, valid);
    remapped.add(id);
  }
  for (const def of byId.values()) {
    if (!def.dangerous) continue;
    const keys = keysOf.get(def.id)!;
    for (const key of keys.filter((k) => CONFIRM_KEYS.includes(k))) {
      issues.push({kind: 'confirm-key', action: def.id, key});
    }
    keysOf.set(
      def.id,
      keys.filter((k) => !CONFIRM_KEYS.includes(k)),
    );
  }
  // Who keeps a contested key: fixed (component) keys, then global ones (a
  // console key must mean the same in every view), then the user's remapping
  // over a default, then declaration order.
  const rank = (def: ActionDef) => (def.fixed ? 0 : (def.scope === 'global' ? 1 : 3) + (remapped.has(def.id) ? 0 : 1));
  const ordered = [...byId.values()].sort((a, b) => rank(a) - rank(b));
  const claimed: {key: string; def: ActionDef}[] = [];
  for (const def of ordered) {
    const kept: string[] = [];
    for (const key of keysOf.get(def.id)!) {
      const owner = claimed.find((c) => c.key === key && overlaps(c.def, def));
      if (owner) {
        issues.push({kind: 'conflict', key, kept: owner.def.id, dropped: def.id});
        continue;
      }
      claimed.push({key, def});
      kept.push(key);
    }
    keysOf.set(def.id, kept);
  }
  const actions = [...byId.values()].map((def) => Object.freeze({...def, keys: keysOf.get(def.id)!}));
  const effective = new Map(actions.map((a) => [a.id, a]));

  const bind = (def: ActionDef, context: ActionContext): BoundAction | undefined => {
    const state = availability(def, context);
    return state === 'removed' ? undefined : {...def, availability: state};
  };

  return {
    actions,
    issues,
    get: (id) => effective.get(id),
    visible(scope, context) {
      const out: BoundAction[] = [];
      for (const def of actions) {
        if (def.scope !== scope && def.scope !== 'global') continue;
        const bound = bind(def, context);
        if (bound) out.push(bound);
      }
      return out;
    },
    match(key, scope, context) {
      // The view's own binding first: it is the more specific one.
      const hit =
        actions.find((a) => a.scope === scope && a.keys.includes(key)) ??
        actions.find((a) => a.scope === 'global' && a.keys.includes(key));
      return hit ? bind(hit, context) : undefined;
    },
    removed(key, scope, context) {
      const hit =
        actions.find((a) => a.scope === scope && a.keys.includes(key)) ??
        actions.find((a) => a.scope === 'global' && a.keys.includes(key));
      return hit && availability(hit, context) === 'removed' ? hit : undefined;
    },
    keyLabel(id, ascii = false) {
      return (effective.get(id)?.keys ?? []).map((k) => formatKey(k, ascii)).join('/');
    },
  };
}

export function describeIssue(issue: KeymapIssue): string {
  switch (issue.kind) {
    case 'duplicate-action':
      return `action ${issue.action} is declared twice`;
    case 'unknown-action':
      return `key map names an unknown action "${issue.action}"`;
    case 'invalid-key':
      return `"${issue.key}" is not a key name (action ${issue.action})`;
    case 'fixed-action':
      return `${issue.action} has fixed keys and cannot be remapped`;
    case 'confirm-key':
      return `${issue.action} is destructive and cannot use the confirm key "${issue.key}"`;
    case 'conflict':
      return `key "${issue.key}" is taken by ${issue.kept}; removed from ${issue.dropped}`;
  }
}
