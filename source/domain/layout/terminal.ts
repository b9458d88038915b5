// The site map drawn in character cells for the console's :map: boxes for
// the columns on screen (a window of them when they do not all fit), then one
// row per lane, with rails continuing down from every box. Pure text and
// roles; the pane only colours and scrolls it.
import type {MapColumn, MapLane, SiteMap} from './topology.js';

export type MapRole = 'border' | 'name' | 'text' | 'muted' | 'rail' | 'lane' | 'label' | 'warn';

export interface MapSegment {
  text: string;
  role: MapRole;
  /** Index into SiteMap.lanes for lane segments (colour by verdict, selection). */
  lane?: number;
}

export type MapLine = MapSegment[];

export interface MapCanvas {
  /** The boxes, as many lines as the tallest box. */
  boxes: MapLine[];
  /** One line per lane, in SiteMap.lanes order. */
  lanes: MapLine[];
  /** The columns on screen. */
  firstColumn: number;
  visibleColumns: number;
  boxWidth: number;
  /** Lines inside a box (between the borders) that were cut. */
  collapsed: boolean;
  /** Whether lane lines end with their label (else there is no room for them). */
  labels: boolean;
}

export interface CanvasOptions {
  width: number;
  /** Lines available for the boxes (the rest is for lanes); default 8. */
  boxHeight?: number;
  firstColumn?: number;
  ascii?: boolean;
}

const MIN_BOX = 12;
const MAX_BOX = 20;
const LABEL_ROOM = 24;

interface Glyphs {
  h: string;
  v: string;
  tl: string;
  tr: string;
  bl: string;
  br: string;
  tee: string;
  right: string;
  left: string;
  self: string;
  more: string;
  ellipsis: string;
}

const UNICODE: Glyphs = {
  h: '─',
  v: '│',
  tl: '┌',
  tr: '┐',
  bl: '└',
  br: '┘',
  tee: '┬',
  right: '▶',
  left: '◀',
  self: '↺',
  more: '›',
  ellipsis: '…',
};
const ASCII: Glyphs = {
  h: '-',
  v: '|',
  tl: '+',
  tr: '+',
  bl: '+',
  br: '+',
  tee: '+',
  right: '>',
  left: '<',
  self: '@',
  more: '>',
  ellipsis: '~',
};

function cut(text: string, width: number, g: Glyphs): string {
  const chars = [...text];
  if (chars.length <= width) return text + ' '.repeat(width - chars.length);
  return chars.slice(0, Math.max(0, width - 1)).join('') + g.ellipsis;
}

/**
 * How many columns fit, and how wide their boxes are: all of them with room
 * for lane labels on the right if possible, else all of them without labels
 * (the selected lane's label shows below), else a window of narrow boxes.
 */
export function fitColumns(count: number, width: number): {visible: number; boxWidth: number; labels: boolean} {
  // A drawing is one edge cell, then per column a box and a gap (the last gap takes the right scroll mark).
  for (const labels of [true, false]) {
    const room = width - (labels ? LABEL_ROOM : 0);
    for (let box = MAX_BOX; box >= MIN_BOX; box--) {
      if (1 + count * (box + 1) <= room) return {visible: count, boxWidth: box, labels};
    }
  }
  return {visible: Math.max(1, Math.floor((width - 1) / (MIN_BOX + 1))), boxWidth: MIN_BOX, labels: false};
}

function boxBody(c: MapColumn): string[] {
  const vms = c.vms.length ? [`${c.vms.join(', ')}${c.moreVms ? ` +${c.moreVms}` : ''}`] : [];
  return [...c.lines, ...vms];
}

export function drawMap(map: SiteMap, options: CanvasOptions): MapCanvas {
  const g = options.ascii ? ASCII : UNICODE;
  const {visible, boxWidth, labels} = fitColumns(map.columns.length, options.width);
  const first = Math.max(0, Math.min(options.firstColumn ?? 0, map.columns.length - visible));
  const cols = map.columns.slice(first, first + visible);
  const inner = boxWidth - 2;
  const bodyRoom = Math.max(1, (options.boxHeight ?? 8) - 2);
  const bodies = cols.map(boxBody);
  const tallest = Math.min(bodyRoom, Math.max(1, ...bodies.map((b) => b.length)));
  let collapsed = false;

  const boxes: MapLine[] = [];
  const left = first > 0 ? g.more : ' ';
  const right = first + visible < map.columns.length ? g.more : '';
  // Top border with the name in it.
  boxes.push([
    {text: left, role: 'muted'},
    ...cols.flatMap((c, i): MapSegment[] => {
      const name = cut(` ${c.name} `, Math.max(1, inner - 1), g).trimEnd();
      return [
        {text: g.tl + g.h, role: 'border'},
        {text: name, role: c.pending ? 'warn' : 'name'},
        {
          text: g.h.repeat(Math.max(0, inner - 1 - [...name].length)) + g.tr + (i < cols.length - 1 ? ' ' : ''),
          role: 'border',
        },
      ];
    }),
    {text: right, role: 'muted'},
  ]);
  for (let row = 0; row < tallest; row++) {
    boxes.push([
      {text: ' ', role: 'muted'},
      ...cols.flatMap((c, i): MapSegment[] => {
        const body = bodies[i];
        let text = body[row] ?? '';
        if (row === tallest - 1 && body.length > tallest) {
          text = `+${body.length - tallest + 1} more`;
          collapsed = true;
        }
        return [
          {text: g.v, role: 'border'},
          {text: cut(text, inner, g), role: row === 0 ? 'text' : 'muted'},
          {text: g.v + (i < cols.length - 1 ? ' ' : ''), role: 'border'},
        ];
      }),
    ]);
  }
  // Bottom border with the rail leaving from its middle.
  const mid = Math.floor(inner / 2);
  boxes.push([
    {text: ' ', role: 'muted'},
    ...cols.map((_, i): MapSegment => ({
      text: g.bl + g.h.repeat(mid) + g.tee + g.h.repeat(inner - mid - 1) + g.br + (i < cols.length - 1 ? ' ' : ''),
      role: 'border',
    })),
  ]);

  // Lanes: x of each column's rail, relative to the drawing.
  const railX = (i: number) => 1 + i * (boxWidth + 1) + 1 + mid;
  const drawWidth = 1 + cols.length * (boxWidth + 1);
  const lanes: MapLine[] = map.lanes.map((lane, index) =>
    laneLine(lane, index, first, cols.length, railX, drawWidth, g, labels),
  );
  return {boxes, lanes, firstColumn: first, visibleColumns: visible, boxWidth, collapsed, labels};
}

function laneLine(
  lane: MapLane,
  index: number,
  first: number,
  count: number,
  railX: (i: number) => number,
  width: number,
  g: Glyphs,
  labels: boolean,
): MapLine {
  const chars: Array<{ch: string; lane: boolean}> = Array.from({length: width}, () => ({ch: ' ', lane: false}));
  for (let i = 0; i < count; i++) chars[railX(i)] = {ch: g.v, lane: false};
  const a = lane.from - first;
  const b = lane.to - first;
  const xa = a < 0 ? 0 : a >= count ? width - 1 : railX(a);
  const xb = b < 0 ? 0 : b >= count ? width - 1 : railX(b);
  if (lane.from === lane.to) {
    if (a >= 0 && a < count) chars[xa] = {ch: g.self, lane: true};
  } else {
    const lo = Math.min(xa, xb);
    const hi = Math.max(xa, xb);
    for (let x = lo; x <= hi; x++) chars[x] = {ch: g.h, lane: true};
    chars[xa] = {ch: a < 0 || a >= count ? g.more : g.v === '|' ? '+' : xa < xb ? '├' : '┤', lane: true};
    chars[xb] = {ch: b < 0 || b >= count ? g.more : xb > xa ? g.right : g.left, lane: true};
  }
  const out: MapLine = [];
  for (const c of chars) {
    const role: MapRole = c.lane ? 'lane' : c.ch === ' ' ? 'muted' : 'rail';
    const last = out[out.length - 1];
    if (last && last.role === role) last.text += c.ch;
    else out.push(role === 'lane' ? {text: c.ch, role, lane: index} : {text: c.ch, role});
  }
  if (labels) out.push({text: ` ${lane.label}`, role: 'label', lane: index});
  return out;
}
