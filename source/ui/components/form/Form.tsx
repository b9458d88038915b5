// A form: state hook (form-state.ts) + keys at one router layer + a pure view.
// It never sends anything: a valid submit calls onSubmit(values).
import {Box, Text} from 'ink';
import {sanitize} from '../../../domain/text.js';
import {useKeys} from '../../keys/context.js';
import type {Layer} from '../../keys/router.js';
import {useTheme} from '../../theme/context.js';
import {displayWidth, fit} from '../../../domain/text-width.js';
import {InputLine} from '../InputLine.js';
import {
  formErrors,
  formValues,
  isLine,
  pickerMatches,
  type FieldDef,
  type FormValues,
  type RawValue,
} from './fields.js';
import {
  formHints,
  formKey,
  formPaste,
  initialFormState,
  type FormState,
  type InitialFormOptions,
} from './form-state.js';
import {PickerList} from './PickerList.js';
import {wrapText} from '../../text/wrap.js';
import {plainIf} from '../../text/ascii.js';
import {useSyncState} from '../use-sync-state.js';

export interface FormProps {
  fields: readonly FieldDef[];
  onSubmit: (values: FormValues) => void;
  onCancel: () => void;
  width: number;
  height: number;
  title?: string;
  submitLabel?: string;
  layer?: Layer;
  isActive?: boolean;
  /** Read once, when the form mounts. */
  initial?: InitialFormOptions;
  /** What Esc does, for the footer ("cancel", "back"). */
  cancelLabel?: string;
}

// Header (title) + buttons + message lines around the fields.
const CHROME = 3;
// The focused field's whole error, when its column cuts it, takes at most these
// lines under the buttons (from the fields' room, never from the fixed height).
const DETAIL_MAX = 3;

export function Form({
  fields,
  onSubmit,
  onCancel,
  width,
  height,
  title,
  submitLabel = 'Submit',
  layer = 'dialog',
  isActive,
  initial,
  cancelLabel,
}: FormProps) {
  const [state, setState, latest] = useSyncState<FormState>(() => initialFormState(fields, initial));
  const listHeight = Math.max(1, height - CHROME - 1);
  useKeys(
    layer,
    (event) => {
      const step = formKey(latest.current, event, fields, listHeight);
      if (!step) return false;
      setState(step.state);
      if (step.effect && 'submit' in step.effect) onSubmit(step.effect.submit);
      if (step.effect && 'cancel' in step.effect) onCancel();
      return true;
    },
    {
      isActive,
      onPaste: (text) => (setState((s) => formPaste(s, text, fields)), true),
      hints: formHints(state, fields, {submitLabel, cancelLabel}),
    },
  );
  return (
    <FormView fields={fields} state={state} width={width} height={height} title={title} submitLabel={submitLabel} />
  );
}

export interface FormViewProps {
  fields: readonly FieldDef[];
  state: FormState;
  width: number;
  height: number;
  title?: string;
  submitLabel?: string;
}

export function FormView({fields, state, width, height, title, submitLabel = 'Submit'}: FormViewProps) {
  const theme = useTheme();
  if (width <= 0 || height <= 0) return null;
  const errors = formErrors(fields, state.raws);
  const values = formValues(fields, state.raws);
  const labelWidth = Math.min(
    Math.floor(width / 3),
    Math.max(...fields.map((f) => displayWidth(sanitize(f.label))), 4) + 2,
  );
  const valueWidth = Math.max(6, Math.min(40, width - labelWidth - 4 - 20));
  const errorWidth = Math.max(0, width - 2 - labelWidth - valueWidth - 1);
  const shownError = (index: number) => ((state.touched[index] || state.submitted) && errors[index]) || undefined;
  const inline = (error: string) => ` ${theme.glyphs.tone.danger} ${sanitize(error)}`;
  const focusedError = state.picker ? undefined : shownError(state.focus);
  const detail =
    focusedError && displayWidth(inline(focusedError)) > errorWidth + 1
      ? wrapText(
          `${theme.glyphs.tone.danger} ${sanitize(fields[state.focus]?.label ?? '')}: ${sanitize(focusedError)}`,
          width,
          Math.min(DETAIL_MAX, Math.max(0, height - CHROME - 1)),
          theme.glyphs.ellipsis,
        )
      : [];
  const fieldRows = Math.max(0, height - CHROME - detail.length);

  if (state.picker) {
    const field = fields[state.picker.field];
    const items = field?.kind === 'picker' ? pickerMatches(field.items, state.picker.query.value) : [];
    return (
      <Box flexDirection="column" width={width} height={height} overflowY="hidden">
        <InputLine
          line={state.picker.query}
          width={width}
          prefix={`Choose ${sanitize(field?.label ?? '')}: `}
          placeholder="type to search"
        />
        <PickerList
          items={items}
          cursor={state.picker.cursor}
          offset={state.picker.offset}
          width={width}
          height={height - 2}
        />
        <Text wrap="truncate-end" {...theme.style('muted')}>
          {fit(
            plainIf(
              theme.ascii,
              `${items.length} match${items.length === 1 ? '' : 'es'} · ↑/↓ move · Enter choose · Esc back`,
            ),
            width,
          )}
        </Text>
      </Box>
    );
  }

  // Window the fields around the focus when the form is taller than its room.
  const focusField = Math.min(state.focus, fields.length - 1);
  const start = Math.max(0, Math.min(focusField - fieldRows + 1, fields.length - fieldRows));
  const shown = fields.slice(start, start + fieldRows);
  const focusedHint = fields[state.focus]?.hint;
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text wrap="truncate-end" {...theme.style('title')}>
        {fit(sanitize(title ?? ''), width)}
      </Text>
      {shown.map((field, i) => {
        const index = start + i;
        const focused = index === state.focus;
        const error = shownError(index);
        return (
          <Box key={field.name} width={width} height={1}>
            <Text wrap="truncate-end" {...(focused ? theme.style('title') : {})}>
              {fit(focused ? theme.glyphs.marker : ' ', 2) + fit(sanitize(field.label), labelWidth)}
            </Text>
            <Box width={valueWidth} height={1}>
              <FieldValueView
                field={field}
                raw={state.raws[index]}
                focused={focused}
                width={valueWidth}
                values={values}
              />
            </Box>
            <Text wrap="truncate-end" {...theme.style('danger')}>
              {error ? fit(inline(error), errorWidth + 1, 'left', theme.glyphs.ellipsis) : ' '.repeat(errorWidth + 1)}
            </Text>
          </Box>
        );
      })}
      <Text wrap="truncate-end">
        <Text {...(state.focus === fields.length ? theme.style('selection') : theme.style('key'))}>
          {`${state.focus === fields.length ? theme.glyphs.marker : ' '}[ ${sanitize(submitLabel)} ]`}
        </Text>
        {/* The keys are in the footer (formHints), which follows the focused field. */}
        <Text>{fit('', Math.max(0, width - displayWidth(submitLabel) - 5))}</Text>
      </Text>
      {detail.map((line, i) => (
        <Text key={`detail-${i}`} wrap="truncate-end" {...theme.style('danger')}>
          {fit(line, width)}
        </Text>
      ))}
      {state.confirmDiscard ? (
        <Text wrap="truncate-end" {...theme.style('warning')}>
          {fit('Discard your changes? y = discard, any other key = keep editing', width)}
        </Text>
      ) : state.message ? (
        <Text wrap="truncate-end" {...theme.style('danger')}>
          {fit(`${theme.glyphs.tone.danger} ${sanitize(state.message)}`, width, 'left', theme.glyphs.ellipsis)}
        </Text>
      ) : state.note ? (
        <Text wrap="truncate-end" {...theme.style('ok')}>
          {fit(`${theme.glyphs.tone.ok} ${sanitize(state.note)}`, width, 'left', theme.glyphs.ellipsis)}
        </Text>
      ) : (
        <Text wrap="truncate-end" {...theme.style('muted')}>
          {fit(sanitize(focusedHint ?? ''), width)}
        </Text>
      )}
    </Box>
  );
}

function FieldValueView({
  field,
  raw,
  focused,
  width,
  values,
}: {
  field: FieldDef;
  raw: RawValue;
  focused: boolean;
  width: number;
  values: FormValues;
}) {
  const theme = useTheme();
  if (isLine(raw)) {
    return (
      <InputLine
        line={raw}
        width={width}
        masked={field.kind === 'secret'}
        focused={focused}
        placeholder={
          field.kind !== 'text'
            ? undefined
            : typeof field.placeholder === 'function'
              ? field.placeholder(values)
              : field.placeholder
        }
      />
    );
  }
  const style = focused ? theme.style('accent') : {};
  if (field.kind === 'toggle')
    return (
      <Text wrap="truncate-end" {...style}>
        {fit(`${raw ? theme.glyphs.checked : theme.glyphs.unchecked} ${raw ? 'yes' : 'no'}`, width)}
      </Text>
    );
  if (field.kind === 'select') {
    const label = field.options.find((o) => o.value === raw)?.label ?? String(raw ?? '');
    return (
      <Text wrap="truncate-end" {...style}>
        {fit(
          `${theme.glyphs.select[0]} ${sanitize(label)} ${theme.glyphs.select[1]}`,
          width,
          'left',
          theme.glyphs.ellipsis,
        )}
      </Text>
    );
  }
  if (field.kind === 'picker') {
    const item = field.items.find((i) => i.value === raw);
    const text = item ? sanitize(item.label) : (field.placeholder ?? 'none — Enter to choose');
    return (
      <Text wrap="truncate-end" {...(item ? style : theme.style('muted'))}>
        {fit(`${text} ${theme.glyphs.dropdown}`, width, 'left', theme.glyphs.ellipsis)}
      </Text>
    );
  }
  return null;
}
