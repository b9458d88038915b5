// Form behaviour as a pure reducer: focus moves, editing, picker, submit
// refusal and the discard question. Nothing here sends anything.
import type {KeyEvent} from '../../keys/names.js';
import type {KeyHint} from '../../keys/router.js';
import {clampWindow, moveForKey, moveWindow, type ListWindow} from '../table/window.js';
import {editLine, insertText, lineAt, type LineState} from '../line-edit.js';
import {
  formErrors,
  formValues,
  initialRaw,
  isLine,
  pickerMatches,
  type FieldDef,
  type FormValues,
  type RawValue,
} from './fields.js';

export interface PickerState extends ListWindow {
  field: number;
  query: LineState;
}

export interface FormState {
  raws: RawValue[];
  /** 0..fields-1 a field, fields.length the submit button. */
  focus: number;
  touched: boolean[];
  /** A submit was attempted: every error shows from now on. */
  submitted: boolean;
  picker?: PickerState;
  confirmDiscard: boolean;
  message?: string;
  /** What the last key did where the field alone would not say it (an insert, a checkbox): shown until the next key. */
  note?: string;
  /**
   * Text is being typed at a checkbox or a select (the operator thinks a text
   * field has the focus): its spaces must not switch the value. Ends with the
   * next key that is not text.
   */
  strayText?: boolean;
}

export type FormEffect = {submit: FormValues} | {cancel: true};

export interface FormStep {
  state: FormState;
  effect?: FormEffect;
}

export interface InitialFormOptions {
  /**
   * The initial values were given, not typed (`:why A B` arguments): their
   * errors show at once, the focus starts on the first one, and `message`
   * says why the form is open instead of done. The first edit clears it.
   */
  reveal?: {message?: string};
}

export function initialFormState(fields: readonly FieldDef[], options: InitialFormOptions = {}): FormState {
  const state: FormState = {
    raws: fields.map(initialRaw),
    focus: 0,
    touched: fields.map(() => false),
    submitted: false,
    confirmDiscard: false,
  };
  if (!options.reveal) return state;
  const firstBad = formErrors(fields, state.raws).findIndex((e) => e !== undefined);
  return {...state, submitted: true, focus: Math.max(0, firstBad), message: options.reveal.message};
}

export function isDirty(state: FormState, fields: readonly FieldDef[]): boolean {
  return fields.some((f, i) => {
    const a = initialRaw(f);
    const b = state.raws[i];
    return isLine(a) && isLine(b) ? a.value !== b.value : a !== b;
  });
}

function setRaw(state: FormState, index: number, raw: RawValue): FormState {
  const raws = [...state.raws];
  raws[index] = raw;
  const touched = [...state.touched];
  touched[index] = true;
  return {...state, raws, touched, message: undefined};
}

function attemptSubmit(state: FormState, fields: readonly FieldDef[]): FormStep {
  const errors = formErrors(fields, state.raws);
  const firstBad = errors.findIndex((e) => e !== undefined);
  if (firstBad >= 0) {
    const count = errors.filter(Boolean).length;
    return {
      state: {
        ...state,
        submitted: true,
        focus: firstBad,
        message: `Fix ${count} field${count > 1 ? 's' : ''} before submitting`,
      },
    };
  }
  return {state: {...state, submitted: true, message: undefined}, effect: {submit: formValues(fields, state.raws)}};
}

function cycle(field: FieldDef, raw: RawValue, step: number): RawValue {
  if (field.kind === 'toggle') return !raw;
  if (field.kind !== 'select' || !field.options.length) return raw;
  const at = field.options.findIndex((o) => o.value === raw);
  const n = field.options.length;
  return field.options[(at + step + n) % n].value;
}

/** A checkbox switched, and said so: the field shows [x]/[ ], the note names it and its new value. */
function flip(state: FormState, field: FieldDef, raw: RawValue): FormState {
  const next = !raw;
  return {...setRaw(state, state.focus, next), note: `${field.label}: now ${next ? 'on' : 'off'}`};
}

function pickerKey(
  state: FormState,
  picker: PickerState,
  event: KeyEvent,
  fields: readonly FieldDef[],
  listHeight: number,
): FormStep {
  const field = fields[picker.field];
  const items = field?.kind === 'picker' ? pickerMatches(field.items, picker.query.value) : [];
  if (event.name === 'escape') return {state: {...state, picker: undefined}};
  if (event.name === 'enter') {
    const chosen = items[picker.cursor];
    if (!chosen) return {state};
    return {
      state: {
        ...setRaw(state, picker.field, chosen.value),
        picker: undefined,
        focus: Math.min(picker.field + 1, fields.length),
      },
    };
  }
  // Letters type into the search, so only non-printing keys navigate.
  const move = event.text ? undefined : moveForKey(event.name);
  if (move) return {state: {...state, picker: {...picker, ...moveWindow(picker, move, items.length, listHeight, 1)}}};
  const query = editLine(picker.query, event);
  if (query)
    return {
      state: {
        ...state,
        picker: {...picker, query, ...clampWindow({cursor: 0, offset: 0}, items.length, listHeight, 1)},
      },
    };
  return {state};
}

/** Applies a key; undefined only for keys the form leaves to the console (Ctrl+C). */
export function formKey(
  state: FormState,
  event: KeyEvent,
  fields: readonly FieldDef[],
  listHeight: number,
): FormStep | undefined {
  if (event.name === 'ctrl+c') return undefined;
  if (state.confirmDiscard) {
    if (event.name === 'y' || event.name === 'Y')
      return {state: {...state, confirmDiscard: false}, effect: {cancel: true}};
    return {state: {...state, confirmDiscard: false}};
  }
  if (state.picker) return pickerKey(state, state.picker, event, fields, listHeight);
  // A note describes the key before; a later key retires it — except more of
  // the text typed at a checkbox, which the note is about.
  const straying = state.strayText === true && event.text !== '';
  if (!straying && (state.note !== undefined || state.strayText)) state = {...state, note: undefined, strayText: false};
  const last = fields.length;
  const field = fields[state.focus];
  const raw = state.raws[state.focus];
  switch (event.name) {
    case 'escape':
      return isDirty(state, fields) ? {state: {...state, confirmDiscard: true}} : {state, effect: {cancel: true}};
    case 'ctrl+s':
      return attemptSubmit(state, fields);
    case 'tab':
    case 'down':
      return {state: {...state, focus: (state.focus + 1) % (last + 1)}};
    case 'shift+tab':
    case 'up':
      return {state: {...state, focus: (state.focus + last) % (last + 1)}};
    case 'enter':
      if (!field) return attemptSubmit(state, fields);
      if (field.kind === 'toggle') return {state: flip(state, field, raw)};
      if (field.kind === 'picker')
        return {
          state: {
            ...state,
            picker: {
              field: state.focus,
              query: lineAt(''),
              cursor: Math.max(
                0,
                field.items.findIndex((i) => i.value === raw),
              ),
              offset: 0,
            },
          },
        };
      return {state: {...state, focus: state.focus + 1}};
  }
  if (!field) return {state};
  if (field.kind === 'select' || field.kind === 'toggle') {
    // Spaces in a run of typed text are words, not a choice (see strayText).
    if (state.strayText && event.text) return {state};
    if (event.text && event.name !== 'space' && !event.ctrl && !event.meta) {
      const how = field.kind === 'toggle' ? 'Space or Enter switches it' : '←/→ or Space choose';
      return {state: {...state, strayText: true, note: `${field.label} is not a text field: ${how}; Tab moves on`}};
    }
    if (field.kind === 'toggle') return event.name === 'space' ? {state: flip(state, field, raw)} : {state};
    if (event.name === 'left') return {state: setRaw(state, state.focus, cycle(field, raw, -1))};
    if (event.name === 'right' || event.name === 'space')
      return {state: setRaw(state, state.focus, cycle(field, raw, 1))};
    return {state};
  }
  if (field.kind === 'picker') {
    if (event.name === 'space') return formKey(state, {...event, name: 'enter', text: ''}, fields, listHeight);
    // Typing on a picker opens it with the typed text as the search.
    if (event.text && !event.ctrl && !event.meta) {
      return {
        state: {
          ...state,
          picker: {field: state.focus, query: insertText(lineAt(''), event.text), cursor: 0, offset: 0},
        },
      };
    }
    if (event.name === 'backspace' || event.name === 'delete') return {state: setRaw(state, state.focus, undefined)};
    return {state};
  }
  if (isLine(raw)) {
    const line = editLine(raw, event);
    if (line) return {state: setRaw(state, state.focus, line)};
  }
  return {state};
}

export function formPaste(state: FormState, text: string, fields: readonly FieldDef[]): FormState {
  if (state.picker)
    return {...state, picker: {...state.picker, query: insertText(state.picker.query, text), cursor: 0, offset: 0}};
  const raw = state.raws[state.focus];
  if (!fields[state.focus] || !isLine(raw)) return state;
  return setRaw(state, state.focus, insertText(raw, text));
}

export interface FormHintOptions {
  submitLabel: string;
  /** What Esc does here: "cancel" on an edit form, "back" on a wizard page. */
  cancelLabel?: string;
  /** Ctrl+P inserts into the focused field. */
  insert?: boolean;
}

/** The keys that work on the form as it is now (the footer shows them while the form has the keyboard). */
export function formHints(state: FormState, fields: readonly FieldDef[], options: FormHintOptions): KeyHint[] {
  if (state.confirmDiscard)
    return [
      {key: 'y', label: 'discard'},
      {key: 'any key', label: 'keep editing'},
    ];
  if (state.picker)
    return [
      {key: '↑/↓', label: 'move'},
      {key: 'Enter', label: 'choose'},
      {key: 'Esc', label: 'back'},
    ];
  const field = fields[state.focus];
  const here: KeyHint[] = !field
    ? [{key: 'Enter', label: options.submitLabel.toLowerCase()}]
    : field.kind === 'toggle'
      ? [{key: 'Space/Enter', label: 'switch'}]
      : field.kind === 'select'
        ? [{key: '←/→', label: 'choose'}]
        : field.kind === 'picker'
          ? [{key: 'Enter', label: 'choose'}]
          : options.insert
            ? [{key: 'Ctrl+P', label: 'insert'}]
            : [];
  return [
    ...here,
    {key: 'Tab/↑↓', label: 'move'},
    {key: 'Ctrl+S', label: options.submitLabel.toLowerCase()},
    {key: 'Esc', label: options.cancelLabel ?? 'cancel'},
  ];
}
