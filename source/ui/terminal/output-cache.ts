// Ink draws every frame into a fresh Output: each text node is split into
// styled characters (an ANSI tokenizer and a regex per character) and measured,
// then the grid is turned back into lines. Output keeps caches for that, but
// a new set per frame, so a cursor move on a 200×50 screen re-tokenizes the
// 10,000 characters that did not change: about 5 ms of the frame. These caches
// are pure functions of the text, so the console keeps them for two frames:
// what is drawn again is found, what left the screen is dropped a frame later
// (memory stays at about two screens). Ink's Output is reached by file path:
// its package exports only the entry point. keepOutputCaches() reports false,
// and changes nothing, if that Output is not the one this was written for (a
// test asserts it is).
import Output from '../../../node_modules/ink/build/output.js';

interface Caches {
  getStyledChars(line: string): unknown;
  getStringWidth(text: string): number;
  getWidestLine(text: string): number;
}

/** Two generations of each cache; lookups promote, endFrame() ages. */
class TwoFrameCaches implements Caches {
  private styled = new Map<string, unknown>();
  private styledBefore = new Map<string, unknown>();
  private widths = new Map<string, number>();
  private widthsBefore = new Map<string, number>();
  private blocks = new Map<string, number>();
  private blocksBefore = new Map<string, number>();
  private inner: Caches;

  constructor(private readonly fresh: () => Caches) {
    this.inner = fresh();
  }

  getStyledChars(line: string): unknown {
    let v = this.styled.get(line);
    if (v === undefined) {
      v = this.styledBefore.get(line) ?? this.inner.getStyledChars(line);
      this.styled.set(line, v);
    }
    return v;
  }

  getStringWidth(text: string): number {
    let v = this.widths.get(text);
    if (v === undefined) {
      v = this.widthsBefore.get(text) ?? this.inner.getStringWidth(text);
      this.widths.set(text, v);
    }
    return v;
  }

  getWidestLine(text: string): number {
    let v = this.blocks.get(text);
    if (v === undefined) {
      v = this.blocksBefore.get(text) ?? this.inner.getWidestLine(text);
      this.blocks.set(text, v);
    }
    return v;
  }

  endFrame(): void {
    this.styledBefore = this.styled;
    this.styled = new Map();
    this.widthsBefore = this.widths;
    this.widths = new Map();
    this.blocksBefore = this.blocks;
    this.blocks = new Map();
    this.inner = this.fresh();
  }
}

let installed = false;

/** Makes Ink's Output reuse its caches across frames; true when in place. */
export function keepOutputCaches(): boolean {
  if (installed) return true;
  const proto = Output.prototype as unknown as {get?: (this: {caches: Caches}) => unknown};
  const probe = new Output({width: 1, height: 1}) as unknown as {caches?: Caches};
  const own = probe.caches;
  const looksRight =
    typeof proto.get === 'function' &&
    own !== undefined &&
    typeof own.getStyledChars === 'function' &&
    typeof own.getStringWidth === 'function' &&
    typeof own.getWidestLine === 'function';
  if (!looksRight) return false;
  const Inner = own.constructor as new () => Caches;
  const shared = new TwoFrameCaches(() => new Inner());
  const get = proto.get!;
  proto.get = function (this: {caches: Caches}) {
    this.caches = shared;
    try {
      return get.call(this);
    } finally {
      shared.endFrame();
    }
  };
  installed = true;
  return true;
}
