// The site map as SVG for the report: the same columns and lanes as the
// console's :map (topology.ts), in pixels. Self-contained (its own style, no
// fonts or images fetched); lanes carry a class per verdict so the report's
// legend and colours apply.
import type {SiteMap} from './topology.js';

const BOX_W = 168;
const GAP = 24;
const LINE_H = 15;
const HEAD_H = 22;
const LANE_H = 18;
const MAX_BODY = 7;
const MARGIN = 12;

export function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
      // Control characters have no place in XML 1.0 text: shown as the replacement character.

      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '\ufffd')
  );
}

export interface SvgMapOptions {
  /** CSS class of each lane (by index), e.g. "v-allow"; default "v-none". */
  laneClass?: (index: number) => string;
  /** Text appended to a lane's label, e.g. " — allow". */
  laneNote?: (index: number) => string;
  title?: string;
}

function clip(text: string, chars: number): string {
  const c = [...text];
  return c.length <= chars ? text : `${c.slice(0, chars - 1).join('')}…`;
}

export function mapSvg(map: SiteMap, options: SvgMapOptions = {}): string {
  const bodies = map.columns.map((c) => [
    ...c.lines,
    ...(c.vms.length ? [`${c.vms.join(', ')}${c.moreVms ? ` +${c.moreVms}` : ''}`] : []),
  ]);
  const bodyLines = Math.min(MAX_BODY, Math.max(1, ...bodies.map((b) => b.length)));
  const boxH = HEAD_H + bodyLines * LINE_H + 8;
  const x = (i: number) => MARGIN + i * (BOX_W + GAP);
  const rail = (i: number) => x(i) + BOX_W / 2;
  const lanesTop = MARGIN + boxH + 20;
  const laneY = (i: number) => lanesTop + i * LANE_H;
  const drawW = MARGIN + map.columns.length * (BOX_W + GAP);
  const labelW = 420;
  const width = drawW + labelW;
  const height = lanesTop + Math.max(1, map.lanes.length) * LANE_H + MARGIN;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="sitemap" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
  );
  if (options.title) out.push(`<title>${escapeXml(options.title)}</title>`);
  out.push(
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">' +
      '<path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>',
  );
  out.push(
    '<style>.sitemap text{font:12px ui-monospace,Menlo,Consolas,monospace;fill:#222}.sitemap .name{font-weight:bold}' +
      '.sitemap .box{fill:#f6f8fa;stroke:#555}.sitemap .pending{stroke:#b58900;stroke-width:2}.sitemap .stopped{fill:#eee;stroke-dasharray:4 3}' +
      '.sitemap .rail{stroke:#bbb}.sitemap .lane{fill:none;stroke-width:2}.sitemap .v-allow{stroke:#2e7d32}.sitemap .v-deny{stroke:#c62828}' +
      '.sitemap .v-partial{stroke:#ef6c00}.sitemap .v-na,.sitemap .v-none{stroke:#607d8b}.sitemap .muted{fill:#666}</style>',
  );
  const lastY = laneY(Math.max(0, map.lanes.length - 1));
  map.columns.forEach((c, i) => {
    const cls = ['box', c.pending ? 'pending' : '', c.running ? '' : 'stopped'].filter(Boolean).join(' ');
    out.push(`<g class="column" data-column="${escapeXml(c.id)}">`);
    out.push(`<rect class="${cls}" x="${x(i)}" y="${MARGIN}" width="${BOX_W}" height="${boxH}" rx="4"/>`);
    out.push(`<text class="name" x="${x(i) + 8}" y="${MARGIN + 16}">${escapeXml(clip(c.name, 22))}</text>`);
    const body = bodies[i];
    body.slice(0, bodyLines).forEach((line, k) => {
      const text = k === bodyLines - 1 && body.length > bodyLines ? `+${body.length - bodyLines + 1} more` : line;
      out.push(
        `<text class="${k === 0 ? '' : 'muted'}" x="${x(i) + 8}" y="${MARGIN + HEAD_H + 12 + k * LINE_H}">${escapeXml(clip(text, 24))}</text>`,
      );
    });
    if (map.lanes.length > 0)
      out.push(`<line class="rail" x1="${rail(i)}" y1="${MARGIN + boxH}" x2="${rail(i)}" y2="${lastY + 4}"/>`);
    out.push('</g>');
  });
  map.lanes.forEach((lane, i) => {
    const y = laneY(i);
    const cls = options.laneClass?.(i) ?? 'v-none';
    const a = rail(lane.from);
    const b = rail(lane.to);
    out.push(`<g class="lane-row" data-lane="${escapeXml(lane.id)}">`);
    if (lane.from === lane.to) out.push(`<circle class="lane ${cls}" cx="${a}" cy="${y}" r="5"/>`);
    else out.push(`<line class="lane ${cls}" x1="${a}" y1="${y}" x2="${b}" y2="${y}" marker-end="url(#arrow)"/>`);
    out.push(`<text x="${drawW + 6}" y="${y + 4}">${escapeXml(lane.label + (options.laneNote?.(i) ?? ''))}</text>`);
    out.push('</g>');
  });
  out.push('</svg>');
  return out.join('\n');
}
