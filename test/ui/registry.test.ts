import {describe, expect, test} from 'vitest';
import {BUILTIN_ACTIONS} from '../../source/ui/actions/builtin.js';
import {createActionRegistry, describeIssue} from '../../source/ui/actions/registry.js';
import {generateKeyReference} from '../../source/ui/actions/reference.js';
import type {ActionDef} from '../../source/ui/actions/types.js';
import {footerHints} from '../../source/ui/components/Footer.js';
import {helpLines} from '../../source/ui/components/HelpOverlay.js';
import {viewActions} from '../../source/ui/app/views.js';
import {commandVocabulary} from '../../source/ui/app/commands.js';
import {consoleKeyReference} from '../../source/ui/key-reference.js';
import {consoleCommands, consoleViews} from '../../source/ui/panes/index.js';

const RULE_ACTIONS: ActionDef[] = [
  {
    id: 'rules.create',
    title: 'New rule',
    description: 'Add a rule',
    keys: ['n'],
    scope: 'rules',
    mutating: true,
    needsConnection: true,
    footer: 1,
    hint: 'new',
  },
  {
    id: 'rules.delete',
    title: 'Delete rule',
    description: 'Delete the selected rule',
    keys: ['d'],
    scope: 'rules',
    dangerous: true,
    needsConnection: true,
    footer: 2,
  },
  {
    id: 'rules.apply',
    title: 'Apply Rules',
    description: 'Apply staged rule changes',
    keys: ['a'],
    scope: 'rules',
    mutating: true,
    needsConnection: true,
    footer: 3,
  },
  {id: 'rules.why', title: 'Why', description: 'Explain a verdict', keys: ['w'], scope: 'rules', footer: 4},
  {
    id: 'rules.refresh',
    title: 'Refresh',
    description: 'Reload from the API',
    keys: ['ctrl+r'],
    scope: 'rules',
    needsConnection: true,
  },
];
const ALL = [...BUILTIN_ACTIONS, ...RULE_ACTIONS];
const online = {readOnly: false, online: true};

describe('action registry', () => {
  test('the built-in and sample declarations have no conflicts', () => {
    expect(createActionRegistry(ALL).issues).toEqual([]);
  });

  test("the console's own declarations have no conflicts (the start-up banner lists any)", () => {
    const issues = createActionRegistry([...BUILTIN_ACTIONS, ...viewActions(consoleViews)]).issues;
    expect(issues.map(describeIssue)).toEqual([]);
  });

  test('read-only removes every mutating action from keys, footer and help', () => {
    const registry = createActionRegistry(ALL);
    const ro = {readOnly: true, online: true};
    const ids = registry.visible('rules', ro).map((a) => a.id);
    expect(ids).not.toContain('rules.create');
    expect(ids).not.toContain('rules.delete');
    expect(ids).not.toContain('rules.apply');
    expect(ids).toContain('rules.why');
    expect(registry.match('n', 'rules', ro)).toBeUndefined();
    expect(registry.match('d', 'rules', ro)).toBeUndefined();
    expect(registry.match('w', 'rules', ro)?.id).toBe('rules.why');
    const footer = footerHints(registry.visible('rules', ro), 200).map((h) => h.label);
    expect(footer).not.toContain('new');
    expect(footer).toContain('Why');
    const help = helpLines(registry, 'rules', ro, 'Rules')
      .map((l) => l.text)
      .join('\n');
    expect(help).not.toContain('New rule');
    expect(help).not.toContain('Delete rule');
    expect(help).toContain('Why');
  });

  test('offline keeps needsConnection actions listed but unavailable (dimmed in help, absent from the footer)', () => {
    const registry = createActionRegistry(ALL);
    const offline = {readOnly: false, online: false};
    expect(registry.match('n', 'rules', offline)).toMatchObject({id: 'rules.create', availability: 'offline'});
    expect(registry.match('w', 'rules', offline)).toMatchObject({availability: 'available'});
    const footer = footerHints(registry.visible('rules', offline), 200).map((h) => h.label);
    expect(footer).not.toContain('new');
    expect(footer).toContain('Why');
    const lines = helpLines(registry, 'rules', offline, 'Rules');
    expect(lines.find((l) => l.text.includes('New rule'))).toMatchObject({kind: 'offline'});
    expect(lines.find((l) => l.text.includes('New rule'))!.text).toContain('offline');
  });

  test('a view binding only applies in its view; globals apply everywhere', () => {
    const registry = createActionRegistry(ALL);
    expect(registry.match('n', 'networks', online)).toBeUndefined();
    expect(registry.match('?', 'rules', online)?.id).toBe('app.help');
    expect(registry.match('?', 'networks', online)?.id).toBe('app.help');
  });

  test('remapping moves keys and reports conflicts without throwing', () => {
    const registry = createActionRegistry(ALL, {
      'rules.create': ['c'],
      'rules.why': ['n', 'Z'],
      'rules.apply': ['q'],
      'rules.bogus': ['x'],
      'rules.refresh': ['not-a-key'],
      'nav.down': ['x'],
      'rules.delete': ['enter', 'D'],
    });
    expect(registry.get('rules.create')!.keys).toEqual(['c']);
    expect(registry.match('n', 'rules', online)?.id).toBe('rules.why');
    expect(registry.match('c', 'rules', online)?.id).toBe('rules.create');
    // The user asked for q, but app.quit is global and was declared first: both are user-visible facts.
    expect(registry.match('q', 'rules', online)?.id).toBe('app.quit');
    expect(registry.match('D', 'rules', online)?.id).toBe('rules.delete');
    expect(registry.get('rules.delete')!.keys).toEqual(['D']);
    const kinds = registry.issues.map((i) => i.kind).sort();
    expect(kinds).toEqual(['confirm-key', 'conflict', 'fixed-action', 'invalid-key', 'unknown-action'].sort());
    expect(registry.issues.find((i) => i.kind === 'conflict')).toEqual({
      kind: 'conflict',
      key: 'q',
      kept: 'app.quit',
      dropped: 'rules.apply',
    });
    for (const issue of registry.issues) expect(describeIssue(issue)).toMatch(/\w/);
  });

  test('two remaps onto one key: the first keeps it, the second is reported', () => {
    const registry = createActionRegistry(ALL, {'rules.create': ['x'], 'rules.why': ['x']});
    expect(registry.match('x', 'rules', online)?.id).toBe('rules.create');
    expect(registry.issues).toEqual([{kind: 'conflict', key: 'x', kept: 'rules.create', dropped: 'rules.why'}]);
  });

  test('a dangerous action is never bound to a confirm key, even by default', () => {
    const registry = createActionRegistry([
      {id: 'x.wipe', title: 'Wipe', description: '', keys: ['y', 'W'], scope: 'x', dangerous: true},
    ]);
    expect(registry.get('x.wipe')!.keys).toEqual(['W']);
    expect(registry.issues).toEqual([{kind: 'confirm-key', action: 'x.wipe', key: 'y'}]);
  });

  test('footer hints fit the width and keep help', () => {
    const registry = createActionRegistry(ALL);
    const hints = footerHints(registry.visible('rules', online), 30);
    const text = hints.map((h) => `${h.key} ${h.label}`).join('  ');
    expect(text.length).toBeLessThanOrEqual(30);
    expect(hints.at(-1)).toEqual({key: '?', label: 'help'});
  });
});

describe('key reference', () => {
  test('is Markdown generated from the registry', () => {
    const registry = createActionRegistry(ALL, {'rules.create': ['c']});
    const md = generateKeyReference(registry, {scopeTitles: {rules: 'Rules'}, scopeCommands: {rules: 'rules'}});
    expect(md).toContain('## Rules (`:rules`)');
    expect(md).toContain(
      '| `c` | New rule | Add a rule | changes the site; hidden in read-only mode; needs a connection |',
    );
    expect(md).toContain('| `Ctrl+R` | Refresh |');
    expect(md).toContain('destructive, asks for confirmation');
    expect(md).toContain('## Navigation');
    expect(md).not.toContain('`n` | New rule');
  });

  test('names the command that opens a view, never its scope id (you type :why, not :analyze.why)', () => {
    const reference = consoleKeyReference();
    const named = [...reference.matchAll(/^## .*\(`:([^`]+)`\)$/gm)].map((m) => m[1]);
    const vocabulary = new Set(commandVocabulary(consoleViews, consoleCommands).map((c) => c.name));
    expect(named).toContain('why');
    expect(named).toContain('map');
    for (const name of named) expect(vocabulary, `:${name}`).toContain(name);
  });
});
