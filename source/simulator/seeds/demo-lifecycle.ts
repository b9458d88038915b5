// The demo site's rule lifecycle, as vseg keeps it (tags in the categories
// "vseg owner", "vseg ticket", "vseg expires", "vseg reviewed"; tag names
// "<kind>:<value>"): owners and tickets on most rules, one rule that expired
// twelve days ago, one staged rule that expired two days ago, one that expires
// in ten days, one that has no owner. Dates are relative to the seeding day,
// so the demo always has rules due.
import type {Row} from '../db/table.js';
import type {Sim} from '../sim.js';
import {add} from './base.js';

const KINDS = ['owner', 'ticket', 'expires', 'reviewed'] as const;
type Kind = (typeof KINDS)[number];

const DESCRIPTION: Record<Kind, string> = {
  owner: 'Who answers for a network rule (vseg rule lifecycle)',
  ticket: 'The change ticket a network rule was made for (vseg rule lifecycle)',
  expires: 'The day a network rule expires; vseg expire disables it then',
  reviewed: 'The day a network rule was last re-certified (vseg rule lifecycle)',
};

function day(sim: Sim, offset: number): string {
  return new Date((sim.now() + offset * 86_400) * 1000).toISOString().slice(0, 10);
}

export function seedDemoLifecycle(sim: Sim): void {
  const categories = new Map<Kind, number>();
  for (const kind of KINDS) {
    const c = add(sim, 'tag_categories', {
      name: `vseg ${kind}`,
      description: DESCRIPTION[kind],
      taggable_vnet_rules: true,
      single_tag_selection: true,
    });
    categories.set(kind, c.$key);
  }
  const tags = new Map<string, number>();
  const tagKey = (kind: Kind, value: string): number => {
    const name = `${kind}:${value}`;
    let key = tags.get(name);
    if (key === undefined) {
      key = add(sim, 'tags', {name, category: categories.get(kind), description: DESCRIPTION[kind]}).$key;
      tags.set(name, key);
    }
    return key;
  };
  const rule = (network: string, name: string): Row => {
    const vnet = sim.db.table('vnets').where('name', network)[0];
    const r = sim.db
      .table('vnet_rules')
      .where('vnet', vnet.$key)
      .find((x) => x.name === name);
    if (!r) throw new Error(`demo lifecycle: no rule ${network}/${name}`);
    return r;
  };
  const tag = (network: string, name: string, values: Partial<Record<Kind, string>>): void => {
    const r = rule(network, name);
    for (const kind of KINDS) {
      const v = values[kind];
      if (v !== undefined) add(sim, 'tag_members', {tag: tagKey(kind, v), member: `vnet_rules/${r.$key}`});
    }
  };

  tag('web', 'Allow HTTP/HTTPS', {owner: 'web-team', ticket: 'CHG-1001', reviewed: day(sim, -30)});
  tag('web', 'Allow SSH from admins', {owner: 'ops', ticket: 'CHG-0950', reviewed: day(sim, -200)});
  tag('web', 'Allow ICMP from mgmt', {
    owner: 'ops',
    ticket: 'CHG-0417',
    expires: day(sim, -12),
    reviewed: day(sim, -100),
  });
  tag('db', 'Allow PostgreSQL from web', {
    owner: 'dba',
    ticket: 'CHG-1002',
    expires: day(sim, 10),
    reviewed: day(sim, -90),
  });
  tag('db', 'Allow SSH from admins', {owner: 'ops', ticket: 'CHG-0950'});
  tag('dev', 'Block dev to production', {owner: 'security', ticket: 'CHG-0001', reviewed: day(sim, -20)});
  tag('dev', 'Allow SSH from admins', {owner: 'ops', ticket: 'CHG-0950'});
  // mgmt's "Allow SSH from VPN" is left without an owner on purpose.
}

/** The staged rule on dev (added after the counters' history): it expired two days ago. */
export function seedDemoPendingLifecycle(sim: Sim): void {
  const vnet = sim.db.table('vnets').where('name', 'dev')[0];
  const r = sim.db
    .table('vnet_rules')
    .where('vnet', vnet.$key)
    .find((x) => x.name === 'Allow HTTP from mgmt');
  if (!r) throw new Error('demo lifecycle: no rule dev/Allow HTTP from mgmt');
  const find = (name: string) => sim.db.table('tags').where('name', name)[0];
  const category = (kind: Kind) => sim.db.table('tag_categories').where('name', `vseg ${kind}`)[0].$key;
  for (const [kind, value] of [
    ['owner', 'dev-team'],
    ['ticket', 'CHG-1107'],
    ['expires', day(sim, -2)],
  ] as const) {
    const t =
      find(`${kind}:${value}`) ??
      add(sim, 'tags', {name: `${kind}:${value}`, category: category(kind), description: DESCRIPTION[kind]});
    add(sim, 'tag_members', {tag: t.$key, member: `vnet_rules/${r.$key}`});
  }
}
