// The console's Form (same state reducer and view), plus what the edit panes
// need around it:
// - fields that depend on what was typed (an alias grows a blank entry pair
//   once the last one is filled);
// - insert helpers: on a text field with helpers, Ctrl+P opens a searchable
//   list (networks, VM NICs, aliases, router, vnetself) and appends the
//   chosen token to the field instead of replacing it;
// - an asynchronous submit: keys are held while the change is sent, and a
//   refusal from the API stays on the form with the values intact;
// - an edit is measured against the values the form started from (`base`,
//   handed to onSubmit): when a field changed on the server and in the form,
//   onSubmit answers with the conflicts and the form shows both values for
//   the operator to choose, then submits again with the choices.
import {Box, Text} from 'ink';
import {useState} from 'react';
import {sanitize} from '../../../domain/text.js';
import {FormView} from '../../components/form/Form.js';
import {
  ConflictChooser,
  chooserKey,
  chosen,
  initialChooser,
  type ChooserState,
  type ConflictChoices,
  type ConflictView,
} from '../../components/form/conflicts.js';
import {
  initialRaw,
  initialValues,
  isLine,
  pickerMatches,
  type FieldDef,
  type FormValues,
  type PickerItem,
  type RawValue,
} from '../../components/form/fields.js';
import {formHints, formKey, formPaste, initialFormState, type FormState} from '../../components/form/form-state.js';
import {PickerList} from '../../components/form/PickerList.js';
import {InputLine} from '../../components/InputLine.js';
import {editLine, insertText, lineAt, type LineState} from '../../components/line-edit.js';
import {clampWindow, moveForKey, moveWindow, type ListWindow} from '../../components/table/window.js';
import {useSyncState} from '../../components/use-sync-state.js';
import {useKeys} from '../../keys/context.js';
import type {KeyEvent} from '../../keys/names.js';
import {useTheme} from '../../theme/context.js';
import {fit} from '../../../domain/text-width.js';
import {plainIf} from '../../text/ascii.js';

export const HELPER_KEY = 'ctrl+p';

const HELPER_HINTS = [
  {key: '↑/↓', label: 'move'},
  {key: 'Enter', label: 'insert'},
  {key: 'Esc', label: 'back'},
];

export type FieldList = readonly FieldDef[] | ((values: FormValues | undefined) => readonly FieldDef[]);

export interface EditFormProps {
  title: string;
  fields: FieldList;
  /** Per text field name: what Ctrl+P offers to insert. */
  helpers?: Readonly<Record<string, readonly PickerItem[]>>;
  submitLabel?: string;
  /**
   * Resolves an error to show on the form, undefined when done (the caller
   * closes the form), or the fields that changed on both sides for the
   * operator to choose (the form then submits again with the choices).
   */
  onSubmit: (values: FormValues, edit: EditContext) => Promise<SubmitResult>;
  onCancel: () => void;
  width: number;
  height: number;
  isActive?: boolean;
}

export interface EditContext {
  /** The values the form started from. */
  base: FormValues;
  /** What the operator chose for fields changed on both sides (empty until asked). */
  choices: ConflictChoices;
}

export type SubmitResult = string | undefined | {conflicts: ConflictView[]};

interface HelperState extends ListWindow {
  field: number;
  query: LineState;
}

export interface EditFormState {
  form: FormState;
  names: readonly string[];
  helper?: HelperState;
  busy: boolean;
  /** Fields changed on both sides, with the values the operator submitted. */
  choosing?: {chooser: ChooserState; values: FormValues};
}

const CHROME = 3;

function resolve(fields: FieldList, values: FormValues | undefined): readonly FieldDef[] {
  return typeof fields === 'function' ? fields(values) : fields;
}

function valuesOf(names: readonly string[], raws: readonly RawValue[]): FormValues {
  return Object.fromEntries(
    names.map((n, i) => {
      const raw = raws[i];
      return [n, isLine(raw) ? raw.value : raw];
    }),
  );
}

/** Carries what was typed over to a new field list, by field name. */
export function reconcile(form: FormState, names: readonly string[], next: readonly FieldDef[]): FormState {
  const at = new Map(names.map((n, i) => [n, i]));
  const raws = next.map((f) => (at.has(f.name) ? form.raws[at.get(f.name)!] : initialRaw(f)));
  const touched = next.map((f) => (at.has(f.name) ? (form.touched[at.get(f.name)!] ?? false) : false));
  const focusName = names[form.focus];
  const focus =
    focusName === undefined
      ? next.length
      : Math.max(
          0,
          next.findIndex((f) => f.name === focusName),
        );
  return {...form, raws, touched, focus};
}

function sameNames(a: readonly string[], b: readonly FieldDef[]): boolean {
  return a.length === b.length && b.every((f, i) => f.name === a[i]);
}

/** Appends a token to a comma list ("10.0.0.1" + "alias:x" → "10.0.0.1,alias:x"). */
export function appendToken(value: string, token: string): string {
  const v = value.trimEnd();
  if (v === '') return token;
  return v.endsWith(',') ? `${v}${token}` : `${v},${token}`;
}

export function initialEditFormState(fields: FieldList): EditFormState {
  const defs = resolve(fields, undefined);
  return {form: initialFormState(defs), names: defs.map((f) => f.name), busy: false};
}

function helperKey(
  s: EditFormState,
  helper: HelperState,
  event: KeyEvent,
  items: readonly PickerItem[],
  listHeight: number,
  label: string,
): EditFormState {
  if (event.name === 'escape') return {...s, helper: undefined};
  const matches = pickerMatches(items, helper.query.value);
  if (event.name === 'enter') {
    const chosen = matches[helper.cursor];
    if (!chosen) return s;
    const raws = [...s.form.raws];
    const current = raws[helper.field];
    raws[helper.field] = lineAt(appendToken(isLine(current) ? current.value : '', chosen.value));
    const touched = [...s.form.touched];
    touched[helper.field] = true;
    // Said in words: the list closes and the field may be too narrow to show the end of it.
    const note = `Inserted ${chosen.label}${chosen.kind ? ` (${chosen.kind})` : ''} into ${label}`;
    return {...s, helper: undefined, form: {...s.form, raws, touched, message: undefined, note}};
  }
  const move = event.text ? undefined : moveForKey(event.name);
  if (move) return {...s, helper: {...helper, ...moveWindow(helper, move, matches.length, listHeight, 1)}};
  const query = editLine(helper.query, event);
  if (query)
    return {
      ...s,
      helper: {
        ...helper,
        query,
        ...clampWindow({cursor: 0, offset: 0}, pickerMatches(items, query.value).length, listHeight, 1),
      },
    };
  return s;
}

export function EditForm({
  title,
  fields,
  helpers = {},
  submitLabel = 'Save',
  onSubmit,
  onCancel,
  width,
  height,
  isActive,
}: EditFormProps) {
  const theme = useTheme();
  const [state, setState, latest] = useSyncState<EditFormState>(() => initialEditFormState(fields));
  // What the form started from, fixed at mount: a refresh changes the fields' initial values, not this.
  const [base] = useState(() => initialValues(resolve(fields, undefined)));
  const listHeight = Math.max(1, height - CHROME - 1);

  const send = (values: FormValues, choices: ConflictChoices) => {
    void onSubmit(values, {base, choices}).then(
      (result) =>
        setState((x) =>
          typeof result === 'object'
            ? {...x, busy: false, choosing: {chooser: initialChooser(result.conflicts), values}}
            : {...x, busy: false, choosing: undefined, form: {...x.form, message: result}},
        ),
      (error: unknown) =>
        setState((x) => ({
          ...x,
          busy: false,
          form: {...x.form, message: error instanceof Error ? error.message : String(error)},
        })),
    );
  };

  // What is on screen: the field list for the values typed so far.
  const shownFields = (s: EditFormState): {defs: readonly FieldDef[]; form: FormState} => {
    const defs = resolve(fields, valuesOf(s.names, s.form.raws));
    return {defs, form: sameNames(s.names, defs) ? s.form : reconcile(s.form, s.names, defs)};
  };

  const shown = shownFields(state);
  const focusedDef = shown.defs[shown.form.focus];
  const canInsert = focusedDef?.kind === 'text' && (helpers[focusedDef.name]?.length ?? 0) > 0;
  useKeys(
    'dialog',
    (event) => {
      if (event.name === 'ctrl+c') return false;
      const s = latest.current;
      if (s.busy) return true;
      if (s.choosing) {
        const step = chooserKey(s.choosing.chooser, event);
        if (!step) return true;
        if (step.effect === 'back') setState({...s, choosing: undefined});
        else if (step.effect === 'save') {
          setState({...s, busy: true});
          send(s.choosing.values, chosen(step.state));
        } else setState({...s, choosing: {...s.choosing, chooser: step.state}});
        return true;
      }
      const {defs, form} = shownFields(s);
      const base: EditFormState = {...s, form, names: defs.map((f) => f.name)};
      if (s.helper) {
        const field = defs[s.helper.field];
        setState(
          helperKey(base, s.helper, event, (field && helpers[field.name]) ?? [], listHeight, field?.label ?? ''),
        );
        return true;
      }
      const focused = defs[form.focus];
      if (event.name === HELPER_KEY && focused?.kind === 'text' && helpers[focused.name]?.length) {
        setState({...base, helper: {field: form.focus, query: lineAt(''), cursor: 0, offset: 0}});
        return true;
      }
      const step = formKey(form, event, defs, listHeight);
      if (!step) return false;
      const next = resolve(fields, valuesOf(base.names, step.state.raws));
      const nextForm = sameNames(base.names, next) ? step.state : reconcile(step.state, base.names, next);
      const submitting = step.effect !== undefined && 'submit' in step.effect;
      setState({...base, form: nextForm, names: next.map((f) => f.name), busy: submitting});
      if (step.effect && 'cancel' in step.effect) onCancel();
      if (step.effect && 'submit' in step.effect) send(step.effect.submit, {});
      return true;
    },
    {
      isActive,
      hints: state.helper ? HELPER_HINTS : formHints(shown.form, shown.defs, {submitLabel, insert: canInsert}),
      onPaste: (text) => {
        const s = latest.current;
        if (s.busy) return true;
        if (s.helper)
          setState({...s, helper: {...s.helper, query: insertText(s.helper.query, text), cursor: 0, offset: 0}});
        else {
          const {defs, form} = shownFields(s);
          setState({...s, form: formPaste(form, text, defs), names: defs.map((f) => f.name)});
        }
        return true;
      },
    },
  );

  const {defs, form} = shown;
  if (state.choosing) {
    return (
      <Box flexDirection="column" width={width} height={height}>
        <Text wrap="truncate-end" {...theme.style('accent')}>
          {fit(`${sanitize(title)}${state.busy ? ' — sending…' : ''}`, width)}
        </Text>
        <ConflictChooser state={state.choosing.chooser} width={width} height={height - 1} />
      </Box>
    );
  }
  if (state.helper) {
    const field = defs[state.helper.field];
    const items = pickerMatches((field && helpers[field.name]) ?? [], state.helper.query.value);
    return (
      <Box flexDirection="column" width={width} height={height} overflowY="hidden">
        <InputLine
          line={state.helper.query}
          width={width}
          prefix={`Insert into ${sanitize(field?.label ?? '')}: `}
          placeholder="type to search"
        />
        <PickerList
          items={items}
          cursor={state.helper.cursor}
          offset={state.helper.offset}
          width={width}
          height={height - 2}
        />
        <Text wrap="truncate-end" {...theme.style('muted')}>
          {fit(
            plainIf(
              theme.ascii,
              `${items.length} match${items.length === 1 ? '' : 'es'} · ↑/↓ move · Enter insert · Esc back`,
            ),
            width,
          )}
        </Text>
      </Box>
    );
  }
  return (
    <FormView
      fields={defs}
      state={form}
      width={width}
      height={height}
      title={state.busy ? `${title} — sending…` : title}
      submitLabel={submitLabel}
    />
  );
}
