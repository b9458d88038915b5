// The monitor wizard's capture: a real tcpdump answer from db's router
// grouped into flows, judged by vseg's rules (the legacy MySQL client no
// rule allows, PostgreSQL from the web servers by its rule), and "allow this
// flow" planned as a new incoming accept rule whose review lists the
// verdict change.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {VergeClient} from '../../source/api/client.js';
import {loadSite} from '../../source/domain/load-site.js';
import {SecretBox, WIZARDS, adjustAnswers} from '../../source/domain/wizards/index.js';
import {reviewWithCalls} from '../../source/domain/wizards/review.js';
import {captureFlows, flowsOf} from '../../source/session/capture-flows.js';
import {parseTcpdump} from '../../source/api/diag/index.js';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {wizardPolicy} from '../../source/session/wizard-policy.js';

describe('capture flows', () => {
  let sim: SimulatorHandle;
  let client: VergeClient;
  beforeAll(async () => {
    sim = await startSimulator({seed: 'demo', queryDelayMs: 5});
    client = new VergeClient({url: sim.url, auth: {kind: 'basic', user: sim.user, password: sim.password}});
  });
  afterAll(async () => {
    await client.close();
    await sim.close();
  });

  it('groups initiating packets into flows and sees which were answered', () => {
    const {packets} = parseTcpdump(
      [
        '10:00:00.000001 eth1  In  IP 10.0.0.1.1000 > 10.0.0.2.22: Flags [S], seq 1, length 0',
        '10:00:00.000001 eth0  Out IP 10.0.0.1.1000 > 10.0.0.2.22: Flags [S], seq 1, length 0',
        '10:00:00.000002 eth0  In  IP 10.0.0.2.22 > 10.0.0.1.1000: Flags [S.], seq 1, length 0',
        '10:00:00.000003 eth1  In  IP 10.0.0.1.1001 > 10.0.0.2.3306: Flags [S], seq 1, length 0',
        '10:00:01.000003 eth1  In  IP 10.0.0.1.1001 > 10.0.0.2.3306: Flags [S], seq 1, length 0',
        '10:00:02.000000 eth1  In  IP 10.0.0.1.40000 > 1.1.1.1.53: UDP, length 40',
      ].join('\n'),
    );
    expect(flowsOf(packets)).toEqual([
      {src: '10.0.0.1', dst: '10.0.0.2', protocol: 'tcp', port: 3306, packets: 2, answered: false},
      {src: '10.0.0.1', dst: '1.1.1.1', protocol: 'udp', port: 53, packets: 1, answered: false},
      {src: '10.0.0.1', dst: '10.0.0.2', protocol: 'tcp', port: 22, packets: 1, answered: true},
    ]);
  });

  it("judges db's captured flows and plans allowing the one no rule allows", async () => {
    const site = await loadSite(client);
    const db = site.networks.find((n) => n.name === 'db')!;
    const {flows, on} = await captureFlows(client, site, db, {pollMs: 10});
    expect(on).toBe('db');
    const mysql = flows.find((f) => f.src === '10.10.1.11' && f.port === 3306)!;
    expect(mysql).toMatchObject({
      dst: '10.10.2.21',
      protocol: 'tcp',
      answered: false,
      verdict: 'deny',
      rule: null,
      entersHere: true,
    });
    const pg = flows.find((f) => f.port === 5432)!;
    expect(pg).toMatchObject({
      answered: true,
      verdict: 'allow',
      rule: {name: 'Allow PostgreSQL from web', network: 'db'},
    });

    const plan = WIZARDS.monitor.plan(
      site,
      adjustAnswers(db, {allowFlows: [{from: '10.10.1.11', protocol: 'tcp', port: '3306'}]}),
      {
        policy: wizardPolicy(),
        secrets: new SecretBox(),
      },
    );
    expect(plan.errors).toEqual([]);
    const create = plan.changePlan.steps.find((s) => s.kind === 'create');
    expect(create?.table).toBe('vnet_rules');
    expect(create && 'body' in create ? create.body : null).toEqual(
      expect.objectContaining({
        name: 'Allow tcp/3306 from 10.10.1.11',
        action: 'accept',
        direction: 'incoming',
        source_ip: '10.10.1.11',
        destination_ports: '3306',
      }),
    );
    const review = reviewWithCalls(plan, site, wizardPolicy())
      .map((l) => l.text)
      .join('\n');
    // only web-01 gets through: the web network as a whole goes from deny to partial
    expect(review).toMatch(/web → db tcp\/3306: deny → partial/);
  });
});
