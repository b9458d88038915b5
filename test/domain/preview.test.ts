// The site a ChangePlan would leave, as the console's contract gate judges
// it: rules and aliases created (refs between steps resolved), updated and
// deleted; a network's rules go with it; other tables pass through.
import {describe, expect, it} from 'vitest';
import {previewPlan, touchesAnalysis} from '../../source/domain/changes/preview.js';
import type {ChangePlan} from '../../source/domain/changes/types.js';
import {threeTier} from '../policy/fixtures.js';

describe('previewPlan', () => {
  it('applies creates (with refs), updates and deletes of the tables the analysis reads', () => {
    const {b, app, db} = threeTier();
    const site = b.build();
    const webToApp = site.rules.find((r) => r.name === 'web to app')!;
    const plan: ChangePlan = {
      title: 't',
      steps: [
        {
          kind: 'create',
          id: 'alias',
          title: 'alias',
          table: 'vnet_rule_aliases',
          body: {name: 'ops', value: '10.0.9.0/24'},
          identity: {name: 'ops'},
          provides: 'alias:ops',
        },
        {
          kind: 'create',
          id: 'rule',
          title: 'rule',
          table: 'vnet_rules',
          body: {
            vnet: db.key,
            name: 'ops to db',
            action: 'accept',
            direction: 'incoming',
            protocol: 'tcp',
            source_ip: {ref: 'alias:ops', prefix: 'alias:'},
            destination_ports: '22',
          },
          identity: {vnet: db.key, name: 'ops to db'},
        },
        {
          kind: 'update',
          id: 'port',
          title: 'port',
          table: 'vnet_rules',
          key: webToApp.key,
          body: {destination_ports: '9090'},
        },
        {kind: 'delete', id: 'net', title: 'net', table: 'vnets', key: app.key},
        {kind: 'apply-rules', id: 'apply', title: 'apply', vnet: db.key, network: 'db'},
      ],
    };
    expect(touchesAnalysis(plan)).toBe(true);
    const after = previewPlan(site, plan);
    const alias = after.aliases.find((a) => a.name === 'ops')!;
    const created = after.rules.find((r) => r.name === 'ops to db')!;
    expect(created.sourceIp).toBe(`alias:${alias.key}`);
    expect(created.vnet).toBe(db.key);
    // web to app lived on app: deleting the network takes its rules along.
    expect(after.rules.some((r) => r.key === webToApp.key)).toBe(false);
    expect(after.networks.some((n) => n.key === app.key)).toBe(false);
    // The snapshot it came from is untouched.
    expect(site.rules.find((r) => r.key === webToApp.key)!.destinationPorts).toBe('8080');
  });

  it('an update of a rule changes only what the body names', () => {
    const {b} = threeTier();
    const site = b.build();
    const r = site.rules.find((x) => x.name === 'app to db')!;
    const after = previewPlan(site, {
      title: 't',
      steps: [{kind: 'update', id: 'u', title: 'u', table: 'vnet_rules', key: r.key, body: {enabled: false}}],
    });
    expect(after.rules.find((x) => x.key === r.key)).toEqual({...r, enabled: false});
    expect(
      touchesAnalysis({title: 't', steps: [{kind: 'delete', id: 'd', title: 'd', table: 'tag_members', key: 1}]}),
    ).toBe(false);
  });
});
