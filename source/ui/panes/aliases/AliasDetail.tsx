// One alias in full: its entries (with labels and what each is), and every
// rule that uses it, per network and field.
import {Box} from 'ink';
import {aliasUsage, entryKindCounts} from '../../../domain/edits/aliases.js';
import {aliasEntryKind} from '../../../domain/edits/rule-tokens.js';
import type {Alias, Key, Site} from '../../../domain/model.js';
import {useActionHandler} from '../../actions/bus.js';
import type {ViewProps} from '../../app/views.js';
import {TextView, useTextView, useTextViewInput} from '../../components/TextView.js';
import {useSite} from '../../data/session.js';
import {PaneTitle} from '../core/DataAge.js';
import {ALIAS_SECTIONS} from './AliasesList.js';

export function aliasDetailLines(site: Site, alias: Alias): string[] {
  const uses = aliasUsage(site, alias);
  const kinds = entryKindCounts(alias);
  const holds = [
    `${kinds.addresses} address${kinds.addresses === 1 ? '' : 'es'}`,
    `${kinds.ports} port${kinds.ports === 1 ? '' : 's'}`,
    ...(kinds.invalid ? [`${kinds.invalid} unreadable`] : []),
  ].join(', ');
  const lines = [
    `Alias ${alias.name}  (key ${alias.key}; rules refer to it as alias:${alias.key})`,
    `Scope ${alias.publishingScope}${alias.description ? ` · ${alias.description}` : ''}`,
    '',
    `Entries (${alias.entries.length}: ${holds}):`,
    ...alias.entries.map((e) => `  ${e.value.padEnd(20)} ${aliasEntryKind(e.value).padEnd(8)} ${e.label}`),
    '',
    uses.length
      ? `Used by ${uses.length} rule${uses.length === 1 ? '' : 's'}:`
      : 'Not used by any rule: it can be deleted.',
    ...uses.map((u) => `  ${u.network}/${u.rule.name}  (${u.fields.join(', ')})`),
  ];
  if (alias.entries.length === 0) lines.splice(4, 0, '  (none: rules that use it never match)');
  return lines;
}

export function AliasDetail({params, width, height, active, shell}: ViewProps<{key: Key}>) {
  const snapshot = useSite(ALIAS_SECTIONS);
  const site = snapshot.site;
  const alias = site?.aliases.find((a) => a.key === params.key);
  const lines = site && alias ? aliasDetailLines(site, alias) : [];
  const view = useTextView({lineCount: lines.length, height: Math.max(1, height - 1)});
  useTextViewInput(view);
  useActionHandler('aliases.detailEdit', () => {
    if (alias) shell.push('aliases.form', {key: alias.key});
  });
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaneTitle
        width={width}
        active={active}
        snapshot={snapshot}
        parts={[{text: alias ? `alias ${alias.name}` : 'alias', tone: 'title'}]}
      />
      <TextView
        lines={lines}
        width={width}
        height={Math.max(1, height - 1)}
        offset={view.offset}
        left={view.left}
        emptyText={site ? 'That alias is gone (r refreshes)' : 'Loading…'}
      />
    </Box>
  );
}
