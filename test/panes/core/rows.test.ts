// The pure parts of the core panes: rule rows in evaluation order with marks,
// removed rules and pseudo-rules; the form helpers; the data age text; the
// Apply Rules summary.
import {describe, expect, it} from 'vitest';
import {initialFormState} from '../../../source/ui/components/form/form-state.js';
import {lineAt} from '../../../source/ui/components/line-edit.js';
import type {FieldDef} from '../../../source/ui/components/form/fields.js';
import {entryPairs} from '../../../source/ui/panes/aliases/AliasForm.js';
import {agoText} from '../../../source/domain/format.js';
import {dataAge} from '../../../source/ui/panes/core/DataAge.js';
import {appendToken, reconcile} from '../../../source/ui/panes/core/EditForm.js';
import {findingsByRule} from '../../../source/ui/panes/core/hooks.js';
import {applySummary} from '../../../source/ui/panes/rules/apply-rules.js';
import {flagText, formatCount, ruleRows} from '../../../source/ui/panes/rules/rule-rows.js';
import {DEFAULT_POLICY} from '../../../source/policy/index.js';
import {UNICODE_GLYPHS} from '../../../source/ui/theme/tokens.js';
import {SiteBuilder} from '../../policy/fixtures.js';

function pendingSite() {
  const b = new SiteBuilder();
  const web = b.network('web', '10.0.1.0/24', {needFwApply: true});
  const db = b.network('db', '10.0.2.0/24');
  b.route(web, db);
  const keep = b.rule(web, {name: 'keep', orderid: 2});
  const gone = b.rule(web, {name: 'gone', orderid: 3});
  const top = b.rule(web, {name: 'top', pin: 'top', orderid: 9});
  b.rule(db, {name: 'from web', protocol: 'tcp', sourceIp: 'vnet:web', destinationPorts: '3306'});
  b.setApplied(web, {source: 'baseline', rules: b.rulesOf(web), lastFwApply: 1, recordedAt: 1});
  b.removeRule(gone);
  b.rule(web, {name: 'new', orderid: 1});
  const site = b.build();
  site.rules = site.rules.map((r) => (r.key === keep.key ? {...r, enabled: false} : r));
  return {site, web, db, top};
}

describe('rule rows', () => {
  it('are in evaluation order with marks, then removed rules, then the defaults', () => {
    const {site, web} = pendingSite();
    const rows = ruleRows(site, [web], findingsByRule(site, DEFAULT_POLICY), DEFAULT_POLICY);
    expect(
      rows.map(
        (r) =>
          `${r.kind}:${r.kind === 'default' ? r.pseudo.name : r.rule.name}${r.kind === 'rule' && r.mark ? `:${r.mark}` : ''}`,
      ),
    ).toEqual([
      'rule:top',
      'rule:route to db',
      'rule:new:added',
      'rule:keep:changed',
      'removed:gone',
      'default:default incoming',
      'default:default outgoing',
    ]);
    const defaults = rows.filter((r) => r.kind === 'default');
    expect(defaults.map((r) => r.kind === 'default' && [r.pseudo.position, r.pseudo.action])).toEqual([
      [5, 'drop'],
      [6, 'accept'],
    ]);
  });

  it('flags read in fixed places and counters stay short', () => {
    const {site} = pendingSite();
    const top = site.rules.find((r) => r.name === 'top')!;
    expect(flagText({...top, statistics: true, systemRule: true}, UNICODE_GLYPHS, false)).toBe('✓▲S·🔒');
    expect(flagText({...top, enabled: false, pin: 'no', log: true}, UNICODE_GLYPHS, true)).toBe('-..L');
    expect([formatCount(999), formatCount(1234), formatCount(45_600), formatCount(2_500_000_000)]).toEqual([
      '999',
      '1.2k',
      '46k',
      '2.5G',
    ]);
  });
});

describe('Apply Rules summary', () => {
  it('lists rule changes and the flows whose verdict changes', () => {
    const b = new SiteBuilder();
    const web = b.network('web', '10.0.1.0/24');
    const db = b.network('db', '10.0.2.0/24', {needFwApply: true});
    b.route(web, db);
    b.setApplied(db, {source: 'baseline', rules: [], lastFwApply: 1, recordedAt: 1});
    b.rule(db, {name: 'mysql', protocol: 'tcp', sourceIp: 'vnet:web', destinationPorts: '3306'});
    const {lines, flows} = applySummary(b.build(), db, DEFAULT_POLICY);
    expect(lines).toEqual([
      'Rule changes since the last apply (1):',
      '+ mysql: accept incoming tcp vnet:web → any:3306',
      'Flows whose verdict changes (2):',
      '  web → db any: deny → partial',
      '  web → db tcp/3306: deny → allow',
    ]);
    expect(flows).toHaveLength(2);
  });

  it('says when the live rules are unknown and when the network is stopped', () => {
    const b = new SiteBuilder();
    const db = b.network('db', '10.0.2.0/24', {needFwApply: true, running: false, status: 'stopped'});
    b.rule(db, {name: 'x'});
    const {lines, flows} = applySummary(b.build(), db, DEFAULT_POLICY);
    expect(flows).toBeNull();
    expect(lines[0]).toMatch(/live rules are unknown/);
    expect(lines.at(-1)).toBe(
      'db is stopped: the rules stay staged until it is started with Apply Rules (Power on does that).',
    );
  });
});

describe('form helpers', () => {
  it('appends helper tokens to comma lists', () => {
    expect(appendToken('', 'alias:x')).toBe('alias:x');
    expect(appendToken('10.0.0.1 ', 'alias:x')).toBe('10.0.0.1,alias:x');
    expect(appendToken('10.0.0.1,', 'router')).toBe('10.0.0.1,router');
  });

  it('carries typed values and focus over to a new field list by name', () => {
    const a: FieldDef[] = [
      {kind: 'text', name: 'name', label: 'Name'},
      {kind: 'text', name: 'entry0', label: 'Entry 1'},
    ];
    const b: FieldDef[] = [...a, {kind: 'text', name: 'entry1', label: 'Entry 2', initial: ''}];
    const state = {...initialFormState(a), raws: [lineAt('dns'), lineAt('1.1.1.1')], focus: 1, touched: [true, true]};
    const next = reconcile(state, ['name', 'entry0'], b);
    expect(next.raws).toEqual([lineAt('dns'), lineAt('1.1.1.1'), lineAt('')]);
    expect(next.touched).toEqual([true, true, false]);
    expect(next.focus).toBe(1);
    expect(reconcile({...state, focus: 2}, ['name', 'entry0'], b).focus).toBe(3);
  });

  it('alias forms show one blank entry pair after the last filled one, never fewer than shown', () => {
    expect(entryPairs(undefined, 3)).toBe(3);
    expect(entryPairs({entry0: '1.1.1.1', label0: ''}, 1)).toBe(2);
    expect(entryPairs({entry0: '1.1.1.1', label0: '', entry1: '', label1: 'x'}, 1)).toBe(3);
    expect(entryPairs({entry0: '', label0: '', entry1: '', label1: '', entry2: '', label2: ''}, 1)).toBe(3);
  });
});

describe('data age', () => {
  it('says how old the data is, and when it is stale', () => {
    expect(agoText(4_400)).toBe('4 s ago');
    expect(agoText(125_000)).toBe('2 min ago');
    expect(agoText(7_300_000)).toBe('2 h ago');
    expect(dataAge({loadedAt: null, loading: true, stale: false}, 0)).toEqual({text: 'loading…', tone: 'muted'});
    expect(dataAge({loadedAt: 1000, loading: false, stale: false}, 5000)).toEqual({
      text: 'updated 4 s ago',
      tone: 'muted',
    });
    expect(dataAge({loadedAt: 1000, loading: false, stale: true}, 61_000)).toEqual({
      text: 'stale — updated 1 min ago',
      tone: 'warning',
    });
  });
});
