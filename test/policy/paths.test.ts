// Issue 14 #2 and #4 on the demo site as the client loads it:
// - a stopped router on the path blocks (no-route, "router stopped") in why
//   and in the matrix — the source's, the destination's, and the network
//   whose tunnel carries a remote address;
// - a published port gives one answer both ways: outside → the public
//   address follows the translation to web and names the translate rule;
//   outside → web-01 says it is published, by which rule, and the answer there.
import {beforeAll, describe, expect, it} from 'vitest';
import type {Site} from '../../source/domain/model.js';
import {matrix, parseService, why} from '../../source/policy/index.js';
import {outcomeDecider} from '../../source/policy/present.js';
import {demoSite} from '../domain/demo-site.js';

let demo: Site;
beforeAll(async () => {
  demo = await demoSite();
});

const stop = (site: Site, name: string): Site => ({
  ...site,
  networks: site.networks.map((n) => (n.name === name ? {...n, running: false, status: 'stopped'} : n)),
});

function ask(site: Site, from: string, to: string, service: string) {
  const r = why(site, {from, to, service});
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('a stopped router on the path', () => {
  it('blocks at the destination, with the reason', () => {
    expect(ask(demo, 'web-01', 'db-01', 'tcp/5432').verdict).toBe('allow');
    const r = ask(stop(demo, 'db'), 'web-01', 'db-01', 'tcp/5432');
    expect(r.verdict).toBe('deny');
    expect(r.reason).toMatch(/^Blocked: router stopped — router stopped: db is stopped/);
    expect(r.hops.at(-1)).toMatchObject({
      network: 'db',
      direction: 'incoming',
      action: 'no-route',
      route: {via: 'stopped'},
    });
  });

  it('blocks at the source', () => {
    const r = ask(stop(demo, 'web'), 'web-01', 'db-01', 'tcp/5432');
    expect(r.verdict).toBe('deny');
    expect(r.hops).toHaveLength(1);
    expect(r.hops[0]).toMatchObject({network: 'web', direction: 'outgoing', action: 'no-route'});
  });

  it('blocks traffic from a remote subnet whose tunnel network is stopped', () => {
    // hq-lan (172.16.0.0/16) arrives through the IPsec tunnel on mgmt.
    const before = ask(demo, 'ip:172.16.0.5', 'db-01', 'tcp/22');
    const r = ask(stop(demo, 'mgmt'), 'ip:172.16.0.5', 'db-01', 'tcp/22');
    expect(r.verdict).toBe('deny');
    expect(r.reason).toMatch(/router stopped: mgmt is stopped.*its tunnels carry 172\.16\.0\.5/);
    expect(before.reason).not.toMatch(/router stopped/);
  });

  it('turns the matrix cells through it into deny, saying why', () => {
    const service = parseService('tcp/5432');
    if (!service.ok) throw new Error(service.error);
    const m = matrix(stop(demo, 'db'), {service: service.value, ruleset: 'applied'});
    const at = (n: string) => m.nodes.findIndex((x) => x.name === n);
    const cell = m.cells[at('web')][at('db')];
    expect(cell.verdict).toBe('deny');
    expect(outcomeDecider(cell.outcomes[0])).toBe('db: router stopped');
    const live = matrix(demo, {service: service.value, ruleset: 'applied'});
    expect(live.cells[at('web')][at('db')].verdict).not.toBe('deny');
  });
});

describe('a published port', () => {
  it('follows the translation to the network it lands in and names the rule', () => {
    const r = ask(demo, 'outside', 'ip:203.0.113.10', 'tcp/443');
    expect(r.verdict).toBe('allow');
    expect(r.hops.map((h) => [h.network, h.direction, h.action, h.rule?.name])).toEqual([
      ['External', 'incoming', 'accept', 'Publish web HTTP/HTTPS'],
      ['web', 'incoming', 'accept', 'Allow HTTP/HTTPS'],
    ]);
    expect(r.reason).toMatch(
      /Translated: destination 203\.0\.113\.10:443 → 10\.10\.1\.11:443 by "Publish web HTTP\/HTTPS"/,
    );
  });

  it('gives the same answer asked by the inner address, naming the translate rule', () => {
    const r = ask(demo, 'outside', 'web-01', 'tcp/443');
    expect(r.verdict).toBe('allow');
    expect(r.notes.join('\n')).toMatch(
      /10\.10\.1\.11 is published on External as 203\.0\.113\.10 port 443 by rule "Publish web HTTP\/HTTPS" \(#\d+\): from outside through it, allow/,
    );
  });

  it('stays blocked where a rule after the translation refuses, and where the target network refuses', () => {
    // Port 22 is not published: External's default decides, as before.
    expect(ask(demo, 'outside', 'ip:203.0.113.10', 'tcp/22').verdict).toBe('deny');
    // web's router stopped: the forwarded packet stops there.
    const r = ask(stop(demo, 'web'), 'outside', 'ip:203.0.113.10', 'tcp/443');
    expect(r.verdict).toBe('deny');
    expect(r.hops.at(-1)).toMatchObject({network: 'web', action: 'no-route'});
  });
});

describe('names (#14 item 10)', () => {
  it('an unknown name suggests the closest ones', () => {
    const r = why(demo, {from: 'web01', to: 'db-01', service: 'tcp/22'});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe('from: nothing is named "web01" — did you mean web-01?');
    const net = why(demo, {from: 'net:mgnt', to: 'db-01', service: 'tcp/22'});
    if (!net.ok) expect(net.error).toMatch(/no network named "mgnt" — did you mean mgmt\?/);
    expect(net.ok).toBe(false);
  });

  it('a VM whose capture NIC has no address is resolved through its other NICs', () => {
    const capture = demo.vms.find((v) => v.name === 'capture-01')!;
    expect(capture.nics.length).toBeGreaterThan(1);
    const r = ask(demo, 'capture-01', 'db-01', 'tcp/22');
    expect(r.query.from.label).toBe('VM capture-01 (10.10.3.51)');
    expect(r.notes.join('\n')).toMatch(
      /capture-01\.\S+ has no known address .*left out, the VM is judged by its other NICs/,
    );
    // Asked for that NIC alone, it is still refused, with the reason.
    const nic = capture.nics.find((n) => n.ip === '')!;
    const alone = why(demo, {from: `vm:capture-01.${nic.name}`, to: 'db-01', service: 'tcp/22'});
    expect(alone.ok).toBe(false);
  });
});
