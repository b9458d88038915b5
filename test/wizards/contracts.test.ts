// The rules wizard leaves its intent behind as contracts: the flows must keep
// working, and with default deny only they pass between whole networks. The
// saved contracts then judge later changes (check, apply).
import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {applyCommand} from '../../source/commands/apply.js';
import {checkCommand} from '../../source/commands/check.js';
import {exportCommand} from '../../source/commands/export.js';
import {wizardCommand} from '../../source/commands/wizard.js';
import {flowContracts, flowServices} from '../../source/domain/wizards/contracts.js';
import {parseContractsText, parseSitefile, serialiseSitefile} from '../../source/domain/sitefile/index.js';
import {contractsSiteKey} from '../../source/session/contracts.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {contractsFile} from '../../source/store/contracts.js';
import {vsegPaths} from '../../source/store/paths.js';
import {sim, Workspace} from '../commands/helpers.js';
import {threeTier} from '../policy/fixtures.js';

describe('the intent of the rules wizard', () => {
  it('flows become must-reach statements, and with default deny allow-only between whole networks', () => {
    const {b} = threeTier();
    const site = b.build();
    const flows = [
      {from: 'web', to: 'app', protocol: 'tcp', ports: '8080,8443'},
      {from: 'vm:web1', to: 'app', protocol: 'tcpudp', ports: '53'},
      {from: 'app', to: 'vm:db1', protocol: 'tcp', ports: '5432'},
    ];
    expect(flowServices(flows[1])).toEqual(['tcp/53', 'udp/53']);
    const c = flowContracts(site, flows, true);
    expect(c.statements.map((s) => [s.kind, s.from[0], s.to[0], s.services.join(' ')])).toEqual([
      ['mustReach', 'net:web', 'net:app', 'tcp/8080 tcp/8443'],
      ['mustReach', 'vm:web1', 'net:app', 'tcp/53 udp/53'],
      ['mustReach', 'net:app', 'vm:db1', 'tcp/5432'],
      // web1 lives in web: its flow widens what web may send to app.
      ['allowOnly', 'net:web', 'net:app', 'tcp/8080 tcp/8443 tcp/53 udp/53'],
    ]);
    expect(flowContracts(site, flows, false).statements.every((s) => s.kind === 'mustReach')).toBe(true);
  });
});

describe('rules wizard → saved contracts → later changes', () => {
  const ws = new Workspace({VSEG_SECRET_IPSEC_MGMT_HQ_PSK: 'psk'});
  let s: SimulatorHandle;
  beforeAll(async () => {
    s = await sim('demo');
  });
  afterAll(async () => {
    await s.close();
    ws.remove();
  });

  it('saves the intent, check reads it without flags, and apply refuses to undo a flow', async () => {
    const answers = ws.file('flows.yaml', 'flows:\n  - {from: web, to: db, protocol: tcp, ports: "3306"}\n');
    const run = await ws.run(wizardCommand, ['rules', '--file', answers, '--yes', ...ws.site(s)]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Contracts it saves with the site');
    expect(run.stderr).toContain("The intent is saved with the site's contracts");
    // web already reached db on PostgreSQL: "only 3306" does not hold, so it is not saved.
    expect(run.stderr).toContain(
      'not saved as a contract (the site already differs): rules wizard: only tcp/3306 from net:web to net:db',
    );
    const paths = vsegPaths(ws.env);
    const saved = parseContractsText(
      readFileSync(
        contractsFile(paths, contractsSiteKey({profile: null, host: new URL(s.url).host, secretSource: 'env'})),
        'utf8',
      ),
    );
    expect(saved.statements.map((st) => st.kind)).toEqual(['mustReach']);

    const check = await ws.run(checkCommand, ws.site(s));
    expect(check.stdout).toContain('PASS    rules wizard: net:web reaches net:db on tcp/3306');
    expect(check.code, check.stdout).toBe(0);

    // Taking the MySQL rule away again breaks the saved must-reach.
    const doc = parseSitefile((await ws.run(exportCommand, ws.site(s))).stdout);
    const db = doc.networks.find((n) => n.name === 'db')!;
    db.rules = db.rules.filter((r) => !/3306/.test(r.destinationPorts));
    const file = ws.file('undo.yaml', serialiseSitefile(doc));
    const apply = await ws.run(applyCommand, ['-f', file, '--prune', '--yes', ...ws.site(s)]);
    expect(apply.code).toBe(2);
    expect(apply.stderr).toContain('breaks contract "rules wizard: net:web reaches net:db on tcp/3306"');
  });
});
