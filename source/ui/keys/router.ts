// One router for every key: handlers register at a layer, the highest layer is
// asked first, and the first handler that returns true consumes the key.
// Within a layer the most recently registered handler goes first, so a dialog
// opened on top of another dialog wins.
import type {KeyEvent} from './names.js';

export type Layer = 'overlay' | 'dialog' | 'input' | 'pane' | 'global';

const RANK: Record<Layer, number> = {overlay: 4, dialog: 3, input: 2, pane: 1, global: 0};

/** A key and what it does, for the footer. */
export interface KeyHint {
  key: string;
  label: string;
}

export interface KeyHandler {
  onKey(event: KeyEvent): boolean;
  /** Bracketed paste; only text inputs take it. */
  onPaste?(text: string): boolean;
  /**
   * A handler that takes every key (a form, a text box) says which keys work
   * while it has them: the footer shows these instead of the view's actions,
   * which cannot be reached then.
   */
  hints?(): readonly KeyHint[] | undefined;
}

interface Entry {
  layer: Layer;
  seq: number;
  handler: KeyHandler;
}

export class KeyRouter {
  private entries: Entry[] = [];
  private seq = 0;
  private listeners = new Set<() => void>();
  private version = 0;

  register(layer: Layer, handler: KeyHandler): () => void {
    const entry: Entry = {layer, seq: ++this.seq, handler};
    this.entries = [...this.entries, entry].sort((a, b) => RANK[b.layer] - RANK[a.layer] || b.seq - a.seq);
    if (handler.hints) this.changed();
    return () => {
      this.entries = this.entries.filter((e) => e !== entry);
      if (handler.hints) this.changed();
    };
  }

  /** The hints of the first handler (in dispatch order) that gives some. */
  hints(): readonly KeyHint[] | undefined {
    for (const {handler} of this.entries) {
      const h = handler.hints?.();
      if (h) return h;
    }
    return undefined;
  }

  /** Tells subscribers that hints may have changed. */
  changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes whenever hints may have: a useSyncExternalStore snapshot. */
  getVersion = (): number => this.version;

  /** Returns true when some handler consumed the key. */
  dispatch(event: KeyEvent): boolean {
    // A snapshot: handlers may open or close things (and so register or
    // unregister) while the key is being handled.
    for (const {handler} of this.entries) {
      if (handler.onKey(event)) return true;
    }
    return false;
  }

  paste(text: string): boolean {
    for (const {handler} of this.entries) {
      if (handler.onPaste?.(text)) return true;
    }
    return false;
  }

  /** The layers with at least one handler, highest first (for tests and debugging). */
  activeLayers(): Layer[] {
    return [...new Set(this.entries.map((e) => e.layer))];
  }
}
