// The key reference for the README, generated from the same registry as the
// footer and the help overlay.
import {formatKey} from '../keys/names.js';
import {isMutating, type ActionRegistry} from './registry.js';
import type {ActionDef} from './types.js';

export interface ReferenceOptions {
  /** Headings for view scopes: `{networks: 'Networks'}`. */
  scopeTitles?: Readonly<Record<string, string>>;
  /** The `:command` that opens a view scope, where one does (a detail view has none). */
  scopeCommands?: Readonly<Record<string, string>>;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const keyCell = (keys: readonly string[]) =>
  keys.length ? keys.map((k) => `\`${formatKey(k).replace(/`/g, '\\`')}\``).join(' ') : '—';

function notes(action: ActionDef): string {
  const out: string[] = [];
  if (action.dangerous) out.push('destructive, asks for confirmation');
  else if (isMutating(action)) out.push('changes the site');
  if (isMutating(action)) out.push('hidden in read-only mode');
  if (action.needsConnection) out.push('needs a connection');
  return out.join('; ');
}

export function generateKeyReference(registry: ActionRegistry, options: ReferenceOptions = {}): string {
  const sections = new Map<string, ActionDef[]>();
  for (const action of registry.actions) {
    const heading =
      action.scope === 'global' ? (action.group ?? 'Console') : (options.scopeTitles?.[action.scope] ?? action.scope);
    const command = options.scopeCommands?.[action.scope];
    // A scope id (analyze.why) is not something to type: name the command, or none.
    const title = action.scope === 'global' || !command ? heading : `${heading} (\`:${command}\`)`;
    sections.set(title, [...(sections.get(title) ?? []), action]);
  }
  const lines: string[] = [
    '# Keys',
    '',
    'Generated from the action registry; `?` in the console shows the same list for the current view.',
    '',
  ];
  for (const [title, actions] of sections) {
    lines.push(`## ${title}`, '', '| Key | Action | Description | Notes |', '| --- | --- | --- | --- |');
    for (const a of actions)
      lines.push(`| ${keyCell(a.keys)} | ${cell(a.title)} | ${cell(a.description)} | ${cell(notes(a))} |`);
    lines.push('');
  }
  return lines.join('\n');
}
