// One router for every key: handlers register at a layer, the highest layer is
// asked first, and the first handler that returns true consumes the key.
// Within a layer the most recently registered handler goes first, so a dialog
// opened on top of another dialog wins.
import type {KeyEvent} from './names.js';

export type Layer = 'overlay' | 'dialog' | 'input' | 'pane' | 'global';

const RANK: Record<Layer, number> = {overlay: 4, dialog: 3, input: 2, pane: 1, global: 0};

export interface KeyHandler {
  onKey(event: KeyEvent): boolean;
  /** Bracketed paste; only text inputs take it. */
  onPaste?(text: string): boolean;
}

interface Entry {
  layer: Layer;
  seq: number;
  handler: KeyHandler;
}

export class KeyRouter {
  private entries: Entry[] = [];
  private seq = 0;

  register(layer: Layer, handler: KeyHandler): () => void {
    const entry: Entry = {layer, seq: ++this.seq, handler};
    this.entries = [...this.entries, entry].sort((a, b) => RANK[b.layer] - RANK[a.layer] || b.seq - a.seq);
    return () => {
      this.entries = this.entries.filter((e) => e !== entry);
    };
  }

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
