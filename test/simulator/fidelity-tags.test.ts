// Tags in the simulator, each behaviour next to the public source it follows
// (source/simulator/semantics/tags.ts and the README's tag section): the
// fields pyVergeOS and tsvergeos read and write, the taggable check, the
// duplicate answer, single-tag categories, and what deleting takes with it.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {Api, start} from './helpers.js';

interface Created {
  $key: string;
}
interface Row {
  [field: string]: unknown;
}
interface Err {
  err: string;
}
const CATEGORY_FIELDS = [
  '$key,name,description,single_tag_selection',
  'taggable_vms,taggable_vnets,taggable_volumes,taggable_vnet_rules,taggable_vmware_containers,taggable_users',
  'taggable_tenant_nodes,taggable_sites,taggable_nodes,taggable_groups,taggable_clusters,taggable_tenants',
  'created,modified',
].join(',');

describe('tags (pyVergeOS resources/tags.py, tsvergeos tag*/types.ts, Ansible tag modules)', () => {
  let sim: SimulatorHandle;
  let api: Api;
  let ruleKey: number;
  let otherRule: number;

  beforeAll(async () => {
    sim = await start({seed: 'demo'});
    api = new Api(sim);
    // Rules the demo's lifecycle left untagged, so every member a test sees is its own.
    const tagged = new Set(sim.rows('tag_members').map((m) => m['member']));
    const rules = sim
      .rows('vnet_rules')
      .filter((r) => r['owner'] === '' && r['system_rule'] !== true && !tagged.has(`vnet_rules/${String(r['$key'])}`));
    ruleKey = Number(rules[0]['$key']);
    otherRule = Number(rules[1]['$key']);
  });
  afterAll(() => sim.close());

  const category = async (name: string, extra: Record<string, unknown> = {}) => {
    const r = await api.post<Created>('tag_categories', {name, taggable_vnet_rules: true, ...extra});
    expect(r.status).toBe(201);
    return Number(r.body.$key);
  };
  const tag = async (name: string, cat: number) => {
    const r = await api.post<Created>('tags', {name, category: cat, description: 'd'});
    expect(r.status).toBe(201);
    return Number(r.body.$key);
  };

  it('serves the fields the SDKs list (TagCategoryManager._default_fields, TagManager, TagMemberManager)', async () => {
    const cat = await category('Owners', {description: 'who owns it'});
    const t = await tag('owner:alice', cat);
    const m = await api.post<Created>('tag_members', {tag: t, member: `vnet_rules/${ruleKey}`});
    expect(m.status).toBe(201);
    const cats = await api.get<Row[]>('tag_categories', {
      fields: CATEGORY_FIELDS,
      filter: `name eq 'Owners'`,
    });
    expect(cats.status).toBe(200);
    expect(cats.body[0]).toMatchObject({
      name: 'Owners',
      description: 'who owns it',
      taggable_vnet_rules: true,
      taggable_vms: false,
    });
    const tags = await api.get<Row[]>('tags', {
      fields: '$key,name,description,category,category#name as category_name,created,modified',
    });
    expect(tags.body.find((x) => x.name === 'owner:alice')).toMatchObject({
      category: cat,
      category_name: 'Owners',
    });
    // TagMemberManager.list: filter "tag eq N", fields "$key,tag,member"
    const members = await api.get('tag_members', {fields: '$key,tag,member', filter: `tag eq ${t}`});
    expect(members.body).toEqual([{$key: Number(m.body.$key), tag: t, member: `vnet_rules/${ruleKey}`}]);
    // tsvergeos listByMember: "member eq 'vnet_rules/N'"
    const byMember = await api.get('tag_members', {fields: 'tag', filter: `member eq 'vnet_rules/${ruleKey}'`});
    expect(byMember.body).toEqual([{$key: Number(m.body.$key), tag: t}]);
  });

  it('tag names are unique (tsvergeos: "unique within the system"); the category of a tag is set once', async () => {
    const a = await category('A');
    const b = await category('B');
    const t = await tag('shared-name', a);
    expect((await api.post('tags', {name: 'shared-name', category: b})).status).toBe(422);
    const moved = await api.call('PUT', `/api/v4/tags/${t}`, {category: b});
    expect(moved.status).toBe(422);
    expect((await api.call('PUT', `/api/v4/tags/${t}`, {description: 'renamed ok'})).status).toBe(200);
  });

  it('a tag applies only to kinds its category allows (Ansible tag.py: "the appropriate taggable resource type enabled")', async () => {
    const vmsOnly = await api.post<Created>('tag_categories', {name: 'VM tiers', taggable_vms: true});
    const t = await tag('tier:gold', Number(vmsOnly.body.$key));
    const r = await api.post<Err>('tag_members', {tag: t, member: `vnet_rules/${ruleKey}`});
    expect(r.status).toBe(422);
    expect(r.body.err).toContain('cannot be applied to vnet_rules');
    // "type/id" format (tsvergeos), and the row must exist.
    expect((await api.post('tag_members', {tag: t, member: `vnet_rules:${ruleKey}`})).status).toBe(422);
    expect((await api.post('tag_members', {tag: t, member: 'vms/99999'})).status).toBe(404);
  });

  it('a second identical assignment: 409 "Tag member is already assigned" (tsvergeos tag-member/types.ts)', async () => {
    const cat = await category('Tickets');
    const t = await tag('ticket:CHG-1', cat);
    expect((await api.post('tag_members', {tag: t, member: `vnet_rules/${ruleKey}`})).status).toBe(201);
    const again = await api.post('tag_members', {tag: t, member: `vnet_rules/${ruleKey}`});
    expect(again.status).toBe(409);
    expect(again.body).toEqual({err: 'Tag member is already assigned'});
  });

  it('tag and member are read-only after creation (tsvergeos: "to reassign, delete and recreate")', async () => {
    const cat = await category('Reassign');
    const t1 = await tag('re:1', cat);
    const m = await api.post<Created>('tag_members', {tag: t1, member: `vnet_rules/${ruleKey}`});
    const put = await api.call('PUT', `/api/v4/tag_members/${m.body.$key}`, {member: `vnet_rules/${otherRule}`});
    expect(put.status).toBe(422);
  });

  it('single_tag_selection: a second tag of the category on the same row is refused (INFERRED: refused, not swapped)', async () => {
    const cat = await category('Expiry', {single_tag_selection: true});
    const t1 = await tag('expires:2027-01-01', cat);
    const t2 = await tag('expires:2028-01-01', cat);
    expect((await api.post('tag_members', {tag: t1, member: `vnet_rules/${otherRule}`})).status).toBe(201);
    const second = await api.post<Err>('tag_members', {tag: t2, member: `vnet_rules/${otherRule}`});
    expect(second.status).toBe(422);
    expect(second.body.err).toContain('allows one tag per vnet_rules row');
  });

  it('deleting a tag takes its members (tsvergeos, pyVergeOS); a category with tags cannot be deleted (pyVergeOS)', async () => {
    const cat = await category('Gone');
    const t = await tag('gone:1', cat);
    await api.post('tag_members', {tag: t, member: `vnet_rules/${ruleKey}`});
    expect((await api.call('DELETE', `/api/v4/tag_categories/${cat}`)).status).toBe(422);
    expect((await api.call('DELETE', `/api/v4/tags/${t}`)).status).toBe(200);
    expect(sim.rows('tag_members').filter((m) => m['tag'] === t)).toEqual([]);
    expect((await api.call('DELETE', `/api/v4/tag_categories/${cat}`)).status).toBe(200);
  });

  it('a deleted rule loses its tags (INFERRED; the simulator reuses keys, a new rule must not inherit them)', async () => {
    const cat = await category('Owners2');
    const t = await tag('owner:bob', cat);
    const vnet = Number(sim.rows('vnet_rules').find((r) => Number(r['$key']) === ruleKey)!['vnet']);
    const rule = await api.post<Created>('vnet_rules', {vnet, name: 'temporary', action: 'accept'});
    const key = Number(rule.body.$key);
    await api.post('tag_members', {tag: t, member: `vnet_rules/${key}`});
    expect((await api.call('DELETE', `/api/v4/vnet_rules/${key}`)).status).toBe(200);
    expect(sim.rows('tag_members').filter((m) => m['member'] === `vnet_rules/${key}`)).toEqual([]);
  });
});
