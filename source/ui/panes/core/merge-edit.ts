// The console's edit forms save through here: the row is read again and
// merged with what the form started from (session/edit-merge.ts decides), so
// a form never sends back a value someone else changed meanwhile. This file
// only turns the decision into what a form shows: field labels, values as
// text, and the sentence telling the operator what was kept.
import type {Section, Site} from '../../../domain/model.js';
import {mergeWithServer} from '../../../session/edit-merge.js';
import type {ConsoleSession} from '../../../session/console-session.js';
import type {ConflictChoices, ConflictView} from '../../components/form/conflicts.js';
import {initialValues, type FieldDef, type FieldValue, type FormValues} from '../../components/form/fields.js';

export interface FormEdit<Row> {
  sections: readonly Section[];
  find: (site: Site) => Row | undefined;
  /** The form's fields for a row: their initial values are the row as the form shows it. */
  fields: (site: Site, row: Row) => readonly FieldDef[];
  base: FormValues;
  mine: FormValues;
  choices: ConflictChoices;
  skip?: (field: string) => boolean;
}

export type FormEditResult<Row> =
  | {kind: 'ready'; site: Site; row: Row; values: FormValues; kept: string[]}
  | {kind: 'conflicts'; conflicts: ConflictView[]}
  | {kind: 'gone'};

function shown(def: FieldDef | undefined, value: FieldValue): string {
  if (def?.kind === 'toggle') return value === true ? 'on' : 'off';
  if (def?.kind === 'select') return def.options.find((o) => o.value === value)?.label ?? String(value ?? '');
  if (def?.kind === 'secret') return '(hidden)';
  const text = value === undefined ? '' : String(value);
  return text.trim() === '' ? '(empty)' : text;
}

export async function mergeFormEdit<Row>(session: ConsoleSession, edit: FormEdit<Row>): Promise<FormEditResult<Row>> {
  const r = await mergeWithServer(session, {
    sections: edit.sections,
    find: edit.find,
    formValues: (site, row) => initialValues(edit.fields(site, row)),
    base: edit.base,
    mine: edit.mine,
    skip: edit.skip,
    choices: edit.choices,
  });
  if (r.kind === 'gone') return r;
  const defs = new Map(edit.fields(r.site, r.row).map((d) => [d.name, d]));
  const label = (field: string) => defs.get(field)?.label.trim() ?? field;
  if (r.kind === 'conflicts')
    return {
      kind: 'conflicts',
      conflicts: r.conflicts.map((c) => ({
        field: c.field,
        label: label(c.field),
        mine: shown(defs.get(c.field), c.mine),
        theirs: shown(defs.get(c.field), c.theirs),
        theirsValue: c.theirs,
      })),
    };
  return {kind: 'ready', site: r.site, row: r.row, values: r.values, kept: r.kept.map(label)};
}

/** What the operator is told after saving when the server's newer values were kept. */
export function keptNotice(what: string, kept: readonly string[]): string | undefined {
  if (kept.length === 0) return undefined;
  return `${what}: kept the newer ${kept.join(', ')} from the server (changed by someone else while the form was open)`;
}
