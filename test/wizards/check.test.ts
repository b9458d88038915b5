// A wizard's run is checked on the site as loaded afterwards (#14 item 2): a
// touched network that is stopped, or still has rule changes waiting, is a
// problem with what to do; the IPsec wizard also checks its flows.
import {beforeAll, describe, expect, it} from 'vitest';
import type {Site} from '../../source/domain/model.js';
import {
  checkLines,
  checkRun,
  nothingToDo,
  SecretBox,
  WIZARDS,
  type PlanContext,
  type WizardPlan,
} from '../../source/domain/wizards/index.js';
import {vpnSchema, type VpnAnswers} from '../../source/domain/wizards/vpn.js';
import {wizardPolicy} from '../../source/session/wizard-policy.js';
import {demoSite} from '../domain/demo-site.js';

let demo: Site;
beforeAll(async () => {
  demo = await demoSite();
});

const ctx = (): PlanContext => ({policy: wizardPolicy(undefined), secrets: new SecretBox()});
const touching = (...names: string[]) => [
  {touched: names, changePlan: {title: '', steps: []}} as unknown as WizardPlan,
];

describe('checkRun', () => {
  it('names a stopped network and one with rules waiting, and what to do', () => {
    const site: Site = {
      ...demo,
      networks: demo.networks.map((n) =>
        n.name === 'web' ? {...n, running: false, status: 'stopped'} : n.name === 'db' ? {...n, needFwApply: true} : n,
      ),
    };
    const c = checkRun(WIZARDS.rules, touching('web', 'db', 'mgmt'), site, undefined, ctx());
    expect(c.problems).toEqual([
      'db still has rule changes waiting: Apply Rules (:networks, a)',
      'web is stopped: its router forwards nothing — power it on with its staged rules applied (:networks, P)',
    ]);
    expect(c.ok).toEqual(['mgmt is running and its rules are live']);
    expect(checkLines(c)[0]).toBe('Checked on the site now: 2 problems');
  });

  it('the IPsec wizard checks each remote → local flow, and a stopped tunnel network fails it', () => {
    const answers: VpnAnswers = vpnSchema.parse({
      kind: 'ipsec',
      ipsec: {
        tunnel: 'hq',
        network: 'mgmt',
        remoteGateway: '198.51.100.10',
        localSubnets: ['db'],
        remoteSubnets: ['172.16.0.0/16'],
      },
    });
    const stopped: Site = {
      ...demo,
      networks: demo.networks.map((n) => (n.name === 'mgmt' ? {...n, running: false} : n)),
    };
    const c = checkRun(WIZARDS.vpn, touching('mgmt'), stopped, answers, ctx());
    expect(c.problems.join('\n')).toMatch(/mgmt is not running/);
    expect(c.problems.join('\n')).toMatch(
      /172\.16\.0\.0\/16 → 10\.10\.2\.0\/24 through tunnel hq: deny — Blocked: router stopped/,
    );
  });
});

describe('a plan with no step (#14)', () => {
  it('says nothing can be changed instead of "nothing to do" when a flow stays partly allowed', () => {
    expect(nothingToDo({warnings: []})).toBe('nothing to do, the site already matches');
    const text = nothingToDo({warnings: ['web → db tcp/5432 is still only partly allowed after these changes: …']});
    expect(text).not.toContain('nothing to do');
    expect(text).toBe(
      'no change the wizard can make, but 1 warning stands: web → db tcp/5432 is still only partly allowed after these changes: …',
    );
  });
});

describe('the alias wizard after the rules wizard (#14)', () => {
  it('names the blocks the rules spell out and the network each one is', async () => {
    const {spelledOut} = await import('../../source/domain/wizards/aliases.js');
    const site: Site = {
      ...demo,
      rules: [
        ...demo.rules,
        {
          ...demo.rules.find((r) => r.action === 'accept')!,
          key: 9999,
          name: 'allow-web-to-db-tcp-5432',
          sourceIp: '10.10.1.0/24',
        },
      ],
    };
    const lines = spelledOut(site);
    expect(lines[0]).toMatch(/^Rules spell out these blocks/);
    expect(lines.join('\n')).toMatch(/10\.10\.1\.0\/24 \(net:web\) in \S+\/allow-web-to-db-tcp-5432/);
  });
});
