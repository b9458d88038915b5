// Form field declarations and the pure rules that turn what was typed into
// values and inline errors.
import {rankMatches} from '../../../domain/search-rank.js';
import {lineAt, type LineState} from '../line-edit.js';

export type FieldValue = string | number | boolean | undefined;
export type FormValues = Record<string, FieldValue>;
type Validate<V> = (value: V, values: FormValues) => string | undefined;

interface Base {
  name: string;
  label: string;
  /** One muted line under the form when the field has focus. */
  hint?: string;
}

export interface TextField extends Base {
  kind: 'text';
  initial?: string;
  /** Shown while empty; a function follows what the other fields hold (a chosen network's block). */
  placeholder?: string | ((values: FormValues) => string | undefined);
  validate?: Validate<string>;
}
export interface SecretField extends Base {
  kind: 'secret';
  initial?: string;
  validate?: Validate<string>;
}
export interface NumberField extends Base {
  kind: 'number';
  initial?: number;
  min?: number;
  max?: number;
  integer?: boolean;
  validate?: Validate<number | undefined>;
}
export interface SelectField extends Base {
  kind: 'select';
  options: readonly {value: string; label: string}[];
  initial?: string;
  validate?: Validate<string>;
}
export interface ToggleField extends Base {
  kind: 'toggle';
  initial?: boolean;
  validate?: Validate<boolean>;
}
export interface PickerItem {
  value: string;
  label: string;
  /** What the candidate is (network, alias, VM NIC …): shown in its own column. */
  kind?: string;
  detail?: string;
}
/** Opens a searchable list: networks, VMs, NICs, aliases … */
export interface PickerField extends Base {
  kind: 'picker';
  items: readonly PickerItem[];
  initial?: string;
  placeholder?: string;
  validate?: Validate<string | undefined>;
}

export type FieldDef = TextField | SecretField | NumberField | SelectField | ToggleField | PickerField;

/** What the user has entered so far, per field. */
export type RawValue = LineState | string | boolean | undefined;

export function initialRaw(field: FieldDef): RawValue {
  switch (field.kind) {
    case 'text':
    case 'secret':
      return lineAt(field.initial ?? '');
    case 'number':
      return lineAt(field.initial === undefined ? '' : String(field.initial));
    case 'select':
      return field.initial ?? field.options[0]?.value ?? '';
    case 'toggle':
      return field.initial ?? false;
    case 'picker':
      return field.initial;
  }
}

export const isLine = (raw: RawValue): raw is LineState => typeof raw === 'object' && raw !== null;

export function toValue(field: FieldDef, raw: RawValue): FieldValue {
  if (isLine(raw)) {
    if (field.kind !== 'number') return raw.value;
    const text = raw.value.trim();
    return text === '' ? undefined : Number(text);
  }
  return raw;
}

export function formValues(fields: readonly FieldDef[], raws: readonly RawValue[]): FormValues {
  return Object.fromEntries(fields.map((f, i) => [f.name, toValue(f, raws[i])]));
}

function numberError(field: NumberField, raw: RawValue): string | undefined {
  const text = isLine(raw) ? raw.value.trim() : '';
  if (text === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) return 'must be a number';
  if (field.integer && !Number.isInteger(n)) return 'must be a whole number';
  if (field.min !== undefined && n < field.min) return `must be at least ${field.min}`;
  if (field.max !== undefined && n > field.max) return `must be at most ${field.max}`;
  return undefined;
}

export function fieldError(field: FieldDef, raw: RawValue, values: FormValues): string | undefined {
  if (field.kind === 'number') {
    const builtin = numberError(field, raw);
    if (builtin) return builtin;
  }
  const value = toValue(field, raw);
  // The union of validators is contravariant; each field's own validator
  // receives the value kind it was declared with.
  const validate = field.validate as Validate<FieldValue> | undefined;
  return validate?.(value, values);
}

export function formErrors(fields: readonly FieldDef[], raws: readonly RawValue[]): (string | undefined)[] {
  const values = formValues(fields, raws);
  return fields.map((f, i) => fieldError(f, raws[i], values));
}

/** The items that match what was typed, best first (domain/search-rank.ts). */
export function pickerMatches(items: readonly PickerItem[], query: string): readonly PickerItem[] {
  return rankMatches(items, query);
}
