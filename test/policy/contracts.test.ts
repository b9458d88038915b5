// Contract statements on the three-tier fixture: each kind, each property,
// the witness and deciding rules, unknown zones, and what a change breaks.
import {describe, expect, it} from 'vitest';
import type {ContractsSpec, StatementSpec} from '../../source/domain/sitefile/contracts.js';
import {
  checkContracts,
  complementBoxes,
  contractDelta,
  contractFindings,
  type HitEvidence,
} from '../../source/policy/contracts/index.js';
import {parseService} from '../../source/policy/protocols.js';
import {threeTier} from './fixtures.js';

const DAY = 86_400_000;
const NOW = Date.parse('2027-01-15T12:00:00Z');

function statement(p: Partial<StatementSpec> & Pick<StatementSpec, 'from' | 'to' | 'kind'>): StatementSpec {
  return {name: 's', services: [], logged: false, described: false, maxAge: '', notUnusedFor: '', ...p};
}

function contracts(...statements: StatementSpec[]): ContractsSpec {
  return {
    zones: {
      web: {members: ['net:web'], except: []},
      app: {members: ['net:app'], except: []},
      db: {members: ['net:db'], except: []},
    },
    statements: statements.map((s, i) => ({...s, name: s.name === 's' ? `s${i}` : s.name})),
  };
}

describe('contract statements', () => {
  it('never: holds when nothing passes, and names the packet and rules when something does', () => {
    const {b} = threeTier();
    const site = b.build();
    const ok = checkContracts(site, contracts(statement({from: ['web'], to: ['db'], kind: 'never'})));
    expect(ok.statements[0].status).toBe('pass');

    const bad = checkContracts(site, contracts(statement({from: ['app'], to: ['db'], kind: 'never'})));
    const s = bad.statements[0];
    expect(s.status).toBe('fail');
    const w = s.violations[0].witness!;
    expect(w.verdict).toBe('allow');
    expect(w.service).toBe('tcp/5432');
    expect(w.example.source.startsWith('10.0.2.')).toBe(true);
    expect(w.example.destination.startsWith('10.0.3.')).toBe(true);
    expect(w.hops.map((h) => [h.network, h.direction, h.rule?.name ?? null])).toEqual([
      ['app', 'outgoing', null],
      ['db', 'incoming', 'app to db'],
    ]);
    expect(w.reason).toContain('app to db');
  });

  it('allowOnly: only traffic outside the services counts, ports included', () => {
    const {b} = threeTier();
    const site = b.build();
    expect(
      checkContracts(site, contracts(statement({from: ['app'], to: ['db'], kind: 'allowOnly', services: ['tcp/5432']})))
        .statements[0].status,
    ).toBe('pass');
    // A narrower service leaves 5432 outside it: the rule that allows 5432 breaks the statement.
    const r = checkContracts(
      site,
      contracts(statement({from: ['app'], to: ['db'], kind: 'allowOnly', services: ['tcp/5000-5431', 'udp']})),
    );
    expect(r.statements[0].status).toBe('fail');
    expect(r.statements[0].violations[0].witness!.service).toBe('tcp/5432');
  });

  it('mustReach: every address of both zones on every listed service', () => {
    const {b} = threeTier();
    const site = b.build();
    expect(
      checkContracts(
        site,
        contracts(statement({from: ['web'], to: ['app'], kind: 'mustReach', services: ['tcp/8080']})),
      ).statements[0].status,
    ).toBe('pass');
    const r = checkContracts(
      site,
      contracts(statement({from: ['web'], to: ['app'], kind: 'mustReach', services: ['tcp/8080', 'tcp/22']})),
    );
    const v = r.statements[0].violations;
    expect(v).toHaveLength(1);
    expect(v[0].witness!.verdict).toBe('deny');
    expect(v[0].witness!.service).toBe('tcp/22');
    expect(v[0].witness!.hops.at(-1)).toMatchObject({network: 'app', direction: 'incoming', default: true});
  });

  it('zones: endpoints in place of zone names, except, and a zone naming nothing is unknown', () => {
    const {b} = threeTier();
    const site = b.build();
    const spec = contracts(
      statement({name: 'direct', from: ['vm:app1'], to: ['ip:10.0.3.0/24'], kind: 'allowOnly', services: ['tcp/5432']}),
      statement({name: 'missing', from: ['nowhere'], to: ['db'], kind: 'never'}),
    );
    spec.zones['apps-but-one'] = {members: ['net:app'], except: ['vm:app1']};
    spec.statements.push(statement({name: 'except', from: ['apps-but-one'], to: ['db'], kind: 'never'}));
    const r = checkContracts(site, spec);
    expect(r.statements.map((s) => [s.name, s.status])).toEqual([
      ['direct', 'pass'],
      ['missing', 'unknown'],
      ['except', 'fail'],
    ]);
    expect(r.statements[1].notes[0]).toContain('nothing is named "nowhere"');
    // app1 is taken out, so the witness is another address of app.
    expect(r.statements[2].violations[0].witness!.example.source).not.toBe('10.0.2.10');
    expect(r.summary).toEqual({pass: 1, fail: 1, unknown: 1});
  });

  it('logged: the rule that decides must log; a default cannot', () => {
    const {b, app} = threeTier();
    const site = b.build();
    const never = statement({from: ['outside'], to: ['app'], kind: 'never', logged: true});
    const r1 = checkContracts(site, contracts(never));
    expect(r1.statements[0].violations.map((v) => v.property)).toEqual(['logged']);
    expect(r1.statements[0].violations[0].message).toContain("app's default incoming policy decides");
    const noRoute = statement({from: ['web'], to: ['db'], kind: 'never', logged: true});
    expect(checkContracts(site, contracts(noRoute)).statements[0].violations[0].message).toContain('no route');

    const allow = statement({from: ['app'], to: ['db'], kind: 'mustReach', services: ['tcp/5432'], logged: true});
    expect(checkContracts(site, contracts(allow)).statements[0].status).toBe('fail');
    const logging = site.rules.map((r) => (r.name === 'app to db' ? {...r, log: true} : r));
    expect(checkContracts({...site, rules: logging}, contracts(allow)).statements[0].status).toBe('pass');
    void app;
  });

  it('described and maxAge look at the deciding rules (review date first, then the last change)', () => {
    const {b} = threeTier();
    const base = b.build();
    const spec = contracts(
      statement({from: ['app'], to: ['db'], kind: 'mustReach', services: ['tcp/5432'], described: true, maxAge: '90d'}),
    );
    const old = base.rules.map((r) => (r.name === 'app to db' ? {...r, modified: (NOW - 200 * DAY) / 1000} : r));
    const r = checkContracts({...base, rules: old}, spec, {now: NOW});
    expect(r.statements[0].violations.map((v) => v.property)).toEqual(['described', 'maxAge']);
    expect(r.statements[0].deciding.map((d) => d.name)).toEqual(['app to db']);

    const fixed = old.map((x) => (x.name === 'app to db' ? {...x, description: 'orders DB (CHG-1)'} : x));
    const reviewed = checkContracts({...base, rules: fixed}, spec, {now: NOW, reviewed: () => '2027-01-01'});
    expect(reviewed.statements[0].status).toBe('pass');
  });

  it('notUnusedFor needs a long enough hit history, then fails idle deciding rules', () => {
    const {b} = threeTier();
    const site = b.build();
    const spec = contracts(
      statement({from: ['app'], to: ['db'], kind: 'mustReach', services: ['tcp/5432'], notUnusedFor: '30d'}),
    );
    const key = site.rules.find((r) => r.name === 'app to db')!.key;
    const short: HitEvidence = {since: NOW - 3 * DAY, lastHit: () => null};
    const r1 = checkContracts(site, spec, {now: NOW, hits: short});
    expect(r1.statements[0].status).toBe('unknown');
    expect(r1.statements[0].notes.join()).toContain('3 days');

    const idle: HitEvidence = {since: NOW - 60 * DAY, lastHit: (k) => (k === key ? null : NOW)};
    expect(checkContracts(site, spec, {now: NOW, hits: idle}).statements[0].violations[0].property).toBe(
      'notUnusedFor',
    );
    const busy: HitEvidence = {since: NOW - 60 * DAY, lastHit: () => NOW - DAY};
    expect(checkContracts(site, spec, {now: NOW, hits: busy}).statements[0].status).toBe('pass');
  });

  it('a change that opens app → web breaks the never statement; removing it fixes it', () => {
    const {b, web} = threeTier();
    const before = b.build();
    b.rule(web, {name: 'app to web', direction: 'incoming', protocol: 'tcp', sourceIp: 'vnet:app'});
    b.route(
      before.networks.find((n) => n.name === 'app')!,
      web,
    );
    const after = b.build();
    const spec = contracts(statement({name: 'app never web', from: ['app'], to: ['web'], kind: 'never'}));
    const opened = contractDelta(checkContracts(before, spec), checkContracts(after, spec));
    expect(opened.broken.map((s) => s.name)).toEqual(['app never web']);
    const closed = contractDelta(checkContracts(after, spec), checkContracts(before, spec));
    expect(closed.fixed.map((s) => s.name)).toEqual(['app never web']);
    expect(contractFindings(checkContracts(after, spec))[0]).toMatchObject({
      severity: 'error',
      code: 'contract',
      network: 'web',
    });
  });
});

describe('complementBoxes', () => {
  const svc = (t: string) => {
    const p = parseService(t);
    if (!p.ok) throw new Error(p.error);
    return p.value;
  };
  it('leaves out exactly the services', () => {
    const boxes = complementBoxes([svc('tcp/80'), svc('tcp/443'), svc('icmp')]);
    const covers = (proto: number, port: number) => boxes.some((b) => b.protocols.has(proto) && b.ports.has(port));
    expect(covers(6, 80)).toBe(false);
    expect(covers(6, 443)).toBe(false);
    expect(covers(6, 81)).toBe(true);
    expect(covers(17, 80)).toBe(true);
    expect(covers(1, 0)).toBe(false);
    expect(covers(47, 0)).toBe(true);
    expect(complementBoxes([svc('any')])).toEqual([]);
  });
});
