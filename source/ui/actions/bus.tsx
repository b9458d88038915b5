// Runtime half of the registry: a view declares `rules.create` in its
// ActionDefs and binds the behaviour with useActionHandler(); the shell maps
// keys to ids and asks the bus to run them.
import {createContext, useContext, useEffectEvent, useLayoutEffect, type ReactNode} from 'react';
import {useActiveScope} from '../keys/context.js';

export class ActionBus {
  private handlers = new Map<string, (() => void)[]>();

  register(id: string, handler: () => void): () => void {
    this.handlers.set(id, [handler, ...(this.handlers.get(id) ?? [])]);
    return () => {
      const rest = (this.handlers.get(id) ?? []).filter((h) => h !== handler);
      if (rest.length) this.handlers.set(id, rest);
      else this.handlers.delete(id);
    };
  }

  /** Runs the newest handler of `id`; false when nothing handles it right now. */
  run(id: string): boolean {
    const handler = this.handlers.get(id)?.[0];
    if (!handler) return false;
    handler();
    return true;
  }

  has(id: string): boolean {
    return this.handlers.has(id);
  }
}

const BusContext = createContext<ActionBus | null>(null);

export function ActionBusProvider({bus, children}: {bus: ActionBus; children: ReactNode}) {
  return <BusContext value={bus}>{children}</BusContext>;
}

export function useActionHandler(id: string, handler: () => void, options: {isActive?: boolean} = {}): void {
  const bus = useContext(BusContext);
  const scopeActive = useActiveScope();
  const active = (options.isActive ?? true) && scopeActive;
  // The latest handler without re-registering (which would reorder the bus).
  const run = useEffectEvent(handler);
  useLayoutEffect(() => {
    if (!bus || !active) return undefined;
    return bus.register(id, () => run());
  }, [bus, id, active]);
}
