// The one layout model behind :map and the report: columns and lanes from a
// site, the terminal drawing (fits the width, collapses, keeps rails under
// their boxes) and the SVG (escaped, one lane per connection).
import {describe, expect, it} from 'vitest';
import {siteMap} from '../../source/domain/layout/topology.js';
import {drawMap, fitColumns} from '../../source/domain/layout/terminal.js';
import {mapSvg} from '../../source/domain/layout/svg.js';
import {laneVerdicts} from '../../source/policy/map-verdicts.js';
import {contractCells} from '../../source/policy/contracts/index.js';
import {checkContracts} from '../../source/policy/contracts/check.js';
import {matrix} from '../../source/policy/matrix.js';
import {parseService} from '../../source/policy/protocols.js';
import {threeTier} from '../policy/fixtures.js';

const text = (line: ReadonlyArray<{text: string}>) => line.map((s) => s.text).join('');

describe('site map', () => {
  it('columns: outside, External, the managed networks; lanes: routes, uplinks, tunnels', () => {
    const {b, web, app} = threeTier();
    b.wireguard(app, '192.168.9.1/24', ['192.168.9.2/32']);
    const map = siteMap(b.build());
    expect(map.columns.map((c) => c.name)).toEqual(['outside', 'External', 'app', 'db', 'web']);
    expect(map.columns.find((c) => c.name === 'web')!.vms).toEqual(['web1']);
    const lanes = map.lanes.map((l) => `${l.kind} ${map.columns[l.from].name}>${map.columns[l.to].name}`);
    expect(lanes).toEqual(
      expect.arrayContaining(['route web>app', 'route app>db', 'uplink web>outside', 'wireguard outside>app']),
    );
    expect(map.lanes.find((l) => l.kind === 'route' && l.label.startsWith('route web'))!.why).toEqual({
      from: 'net:web',
      to: 'net:app',
    });
    void web;
  });

  it('lanes are judged like matrix cells, and a matrix of the same service answers them', () => {
    const {b} = threeTier();
    const site = b.build();
    const map = siteMap(site);
    const svc = parseService('tcp/8080');
    if (!svc.ok) throw new Error(svc.error);
    const direct = laneVerdicts(site, map, svc.value);
    const viaMatrix = laneVerdicts(site, map, svc.value, {matrix: matrix(site, {service: svc.value})});
    expect(viaMatrix).toEqual(direct);
    const at = map.lanes.findIndex((l) => l.id.startsWith('route:') && l.label.startsWith('route web → app'));
    expect(direct[at]).toBe('allow');
  });

  it('terminal: every line fits, rails stay under their boxes, narrow terminals drop labels then scroll', () => {
    const {b} = threeTier();
    const map = siteMap(b.build());
    for (const width of [200, 80, 60, 40]) {
      const canvas = drawMap(map, {width, boxHeight: 6});
      for (const line of [...canvas.boxes, ...canvas.lanes]) expect([...text(line)].length).toBeLessThanOrEqual(width);
      const bottom = text(canvas.boxes[canvas.boxes.length - 1]);
      const tees = [...bottom].flatMap((ch, x) => (ch === '┬' ? [x] : []));
      for (const lane of canvas.lanes) {
        const l = [...text(lane)];
        for (const x of tees) expect('│├┤▶◀─↺›'.includes(l[x] ?? ' ')).toBe(true);
      }
    }
    expect(fitColumns(5, 200).labels).toBe(true);
    expect(fitColumns(5, 70)).toMatchObject({visible: 5, labels: false});
    expect(fitColumns(12, 80).visible).toBeLessThan(12);
  });

  it('SVG: escaped text, one lane row per connection, classes by verdict', () => {
    const {b, web} = threeTier();
    web.name = 'web<script>';
    const map = siteMap(b.build());
    const svg = mapSvg(map, {laneClass: (i) => (i === 0 ? 'v-allow' : 'v-deny')});
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('web&lt;script&gt;');
    expect(svg.match(/class="lane-row"/g)).toHaveLength(map.lanes.length);
    expect(svg).toMatch(/class="lane v-allow"/);
  });
});

describe('contract cells in the matrix', () => {
  it('marks whole-network statements with their pair status', () => {
    const {b} = threeTier();
    const site = b.build();
    const spec = {
      zones: {web: {members: ['net:web'], except: []}, lab: {members: ['10.0.9.0/24'], except: []}},
      statements: [
        {name: 'app never db', from: ['net:app'], to: ['net:db'], kind: 'never' as const, services: []},
        {
          name: 'web must app',
          from: ['web'],
          to: ['net:app', 'net:db'],
          kind: 'mustReach' as const,
          services: ['tcp/8080'],
        },
        {name: 'lab never web', from: ['lab'], to: ['web'], kind: 'never' as const, services: []},
      ].map((s) => ({...s, logged: false, described: false, maxAge: '', notUnusedFor: ''})),
    };
    const cells = contractCells(spec, checkContracts(site, spec));
    expect(cells.get('app\u0000db')).toMatchObject({kind: 'never', status: 'fail'});
    expect(cells.get('web\u0000app')).toMatchObject({kind: 'mustReach', status: 'pass'});
    // web cannot reach db on 8080: that pair fails, the other holds.
    expect(cells.get('web\u0000db')).toMatchObject({kind: 'mustReach', status: 'fail'});
    expect([...cells.keys()].some((k) => k.startsWith('lab'))).toBe(false);
  });
});
