// New / edit alias: name, description, scope, and an entry list — one value
// field and one label field per entry; filling the last pair adds a blank
// one. Each entry is checked as typed; nothing is sent until all are valid.
import {Box} from 'ink';
import {useCallback} from 'react';
import {ALIAS_SCOPES} from '../../../api/enums.js';
import {
  aliasFormValues,
  createAliasPlan,
  entriesValue,
  entryField,
  isEntryField,
  labelField,
  updateAliasPlan,
  validateAliasDescription,
  validateAliasEntry,
  validateAliasLabel,
  validateAliasName,
} from '../../../domain/edits/aliases.js';
import type {Key, Site} from '../../../domain/model.js';
import type {ViewProps} from '../../app/views.js';
import type {FieldDef, FormValues} from '../../components/form/fields.js';
import {useSession, useSite} from '../../data/session.js';
import {NoteLine} from '../core/DataAge.js';
import {EditForm, type EditContext, type SubmitResult} from '../core/EditForm.js';
import {keptNotice, mergeFormEdit} from '../core/merge-edit.js';
import {lastError, runPlan} from '../core/run-plan.js';
import {ALIAS_SECTIONS} from './AliasesList.js';

export interface AliasFormParams {
  key?: Key;
}

const SCOPE_LABELS: Record<string, string> = {
  private: 'private (this cloud)',
  global: 'global (this cloud and its tenants)',
  tenant: 'tenant',
  none: 'none',
};

/** How many entry pairs to show: every pair present, and one blank after the last filled one. */
export function entryPairs(values: FormValues | undefined, initialCount: number): number {
  if (!values) return initialCount;
  let present = 0;
  let lastFilled = -1;
  while (entryField(present) in values) {
    if (String(values[entryField(present)] ?? '').trim() || String(values[labelField(present)] ?? '').trim())
      lastFilled = present;
    present++;
  }
  return Math.max(present, lastFilled + 2, 1);
}

export function aliasFields(site: Site, key: Key | undefined, values: FormValues | undefined): FieldDef[] {
  const alias = key === undefined ? undefined : site.aliases.find((a) => a.key === key);
  const initial = aliasFormValues(alias);
  const ctx = {site, key};
  const fields: FieldDef[] = [
    {
      kind: 'text',
      name: 'name',
      label: 'Name',
      hint: 'Unique on the site; rules refer to it as alias:<name>',
      initial: initial['name'],
      validate: (v, vs) => validateAliasName(v, vs, ctx),
    },
    {
      kind: 'text',
      name: 'description',
      label: 'Description',
      hint: 'Free text',
      initial: initial['description'],
      validate: (v) => validateAliasDescription(v),
    },
    {
      kind: 'select',
      name: 'scope',
      label: 'Scope',
      options: ALIAS_SCOPES.map((s) => ({value: s, label: SCOPE_LABELS[s] ?? s})),
      initial: initial['scope'],
    },
  ];
  const initialCount = (alias?.entries.length ?? 0) + 1;
  const pairs = entryPairs(values, initialCount);
  for (let i = 0; i < pairs; i++) {
    fields.push({
      kind: 'text',
      name: entryField(i),
      label: `Entry ${i + 1}`,
      hint: 'An IP, CIDR, range (a-b), port or port range; the last blank entry adds one more',
      placeholder: i === pairs - 1 ? 'add an entry' : undefined,
      initial: initial[entryField(i)] ?? '',
      validate: (v, vs) => validateAliasEntry(i, v, vs),
    });
    fields.push({
      kind: 'text',
      name: labelField(i),
      label: '  label',
      hint: `Optional label of entry ${i + 1} (no , or |)`,
      initial: initial[labelField(i)] ?? '',
      validate: (v) => validateAliasLabel(v),
    });
  }
  return fields;
}

export function AliasFormView({params, width, height, active, shell}: ViewProps<AliasFormParams>) {
  const snapshot = useSite(ALIAS_SECTIONS);
  const session = useSession();
  const site = snapshot.site;
  const alias = params.key === undefined ? undefined : site?.aliases.find((a) => a.key === params.key);
  const fields = useCallback(
    (values: FormValues | undefined) => (site ? aliasFields(site, params.key, values) : []),
    [site, params.key],
  );
  if (!site || (params.key !== undefined && !alias)) {
    return (
      <Box width={width} height={height}>
        <NoteLine width={width} text={site ? 'That alias is gone (refresh with r)' : 'Loading…'} />
      </Box>
    );
  }
  const submit = async (values: FormValues, edit: EditContext): Promise<SubmitResult> => {
    let plan;
    let apply: string[] = [];
    let kept: string[] = [];
    if (alias) {
      // Name, description and scope merge field by field; the entries are a list: the executor
      // merges what the operator added and removed into the server's list when it writes.
      const merged = await mergeFormEdit(session, {
        sections: ALIAS_SECTIONS,
        find: (s) => s.aliases.find((a) => a.key === alias.key),
        fields: (s, a) => aliasFields(s, a.key, undefined),
        base: edit.base,
        mine: values,
        choices: edit.choices,
        skip: isEntryField,
      });
      if (merged.kind === 'gone') return `alias ${alias.name} was deleted meanwhile`;
      if (merged.kind === 'conflicts') return {conflicts: merged.conflicts};
      kept = merged.kept;
      try {
        ({plan, apply} = updateAliasPlan(merged.row, merged.values, merged.site, entriesValue(edit.base)));
      } catch (error) {
        return (error as Error).message;
      }
    } else {
      try {
        plan = createAliasPlan(values, session.getSnapshot().site ?? site);
      } catch (error) {
        return (error as Error).message;
      }
    }
    const ok = await runPlan(shell, session, plan);
    if (!ok) return lastError(session, 'the change was not made');
    if (apply.length) shell.notify('warning', `Apply Rules on ${apply.join(', ')} so their rules use the new entries`);
    const notice = alias ? keptNotice(`alias ${alias.name}`, kept) : undefined;
    if (notice) shell.notify('warning', notice);
    shell.pop();
    return undefined;
  };
  return (
    <EditForm
      key={params.key ?? 'new'}
      title={alias ? `Edit alias ${alias.name}` : 'New alias'}
      fields={fields}
      submitLabel={alias ? 'Save' : 'Create'}
      onSubmit={submit}
      onCancel={() => shell.pop()}
      width={width}
      height={height}
      isActive={active}
    />
  );
}
