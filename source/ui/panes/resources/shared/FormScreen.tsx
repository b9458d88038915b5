// A form as a pushed view: a few lines saying what the change does, then the
// fields. Submitting hands the values to the view (which builds the plan and
// asks for confirmation); a second submit while one is running is ignored.
// An edit is measured against the values the form started from (`base`):
// when the view answers that fields changed both here and on the server, the
// screen shows both values of each, and submits again with the operator's
// choices.
import {Box, Text} from 'ink';
import {useRef, useState} from 'react';
import {sanitize} from '../../../../domain/text.js';
import {
  ConflictChooser,
  chooserKey,
  chosen,
  initialChooser,
  type ChooserState,
  type ConflictChoices,
  type ConflictView,
} from '../../../components/form/conflicts.js';
import {initialValues, type FieldDef, type FormValues} from '../../../components/form/fields.js';
import {Form} from '../../../components/form/Form.js';
import {useKeys} from '../../../keys/context.js';
import {useTheme} from '../../../theme/context.js';
import {fit} from '../../../../domain/text-width.js';

export interface FormScreenProps {
  title: string;
  intro?: readonly string[];
  fields: readonly FieldDef[];
  submitLabel?: string;
  width: number;
  height: number;
  /**
   * Resolves when the work started by a submit is over; with the fields that
   * changed on both sides when the operator must choose first.
   */
  onSubmit: (values: FormValues, edit: FormEditContext) => Promise<EditOutcome> | EditOutcome;
  onCancel: () => void;
  isActive?: boolean;
}

export interface FormEditContext {
  /** The values the form started from. */
  base: FormValues;
  choices: ConflictChoices;
}

export type EditOutcome = void | {conflicts: ConflictView[]};

const MAX_INTRO = 4;

export function FormScreen({
  title,
  intro = [],
  fields,
  submitLabel,
  width,
  height,
  onSubmit,
  onCancel,
  isActive = true,
}: FormScreenProps) {
  const theme = useTheme();
  const busy = useRef(false);
  // What the form started from, fixed at mount: a refresh changes the fields' initial values, not this.
  const [base] = useState(() => initialValues(fields));
  const [choosing, setChoosing] = useState<{chooser: ChooserState; values: FormValues} | undefined>();
  // The fields need at least their own rows plus the form's chrome; the intro gives way first.
  const introRows = Math.max(0, Math.min(intro.length, MAX_INTRO, height - fields.length - 5));
  const submit = (values: FormValues, choices: ConflictChoices = {}) => {
    if (busy.current) return;
    busy.current = true;
    void Promise.resolve(onSubmit(values, {base, choices}))
      .then((outcome) => setChoosing(outcome ? {chooser: initialChooser(outcome.conflicts), values} : undefined))
      .finally(() => {
        busy.current = false;
      });
  };
  useKeys(
    'dialog',
    (event) => {
      if (!choosing) return false;
      if (busy.current || event.name === 'ctrl+c') return event.name !== 'ctrl+c';
      const step = chooserKey(choosing.chooser, event);
      if (!step) return true;
      if (step.effect === 'back') setChoosing(undefined);
      else if (step.effect === 'save') submit(choosing.values, chosen(step.state));
      else setChoosing({...choosing, chooser: step.state});
      return true;
    },
    {isActive: isActive && choosing !== undefined},
  );
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      {intro.slice(0, introRows).map((line, i) => (
        <Text key={i} wrap="truncate-end" {...theme.style('muted')}>
          {fit(sanitize(line), width, 'left', theme.glyphs.ellipsis)}
        </Text>
      ))}
      {choosing ? <ConflictChooser state={choosing.chooser} width={width} height={height - introRows} /> : null}
      {/* Kept mounted while the operator chooses, so Esc returns to what was typed. */}
      <Form
        fields={fields}
        title={title}
        submitLabel={submitLabel}
        width={width}
        height={choosing ? 0 : height - introRows}
        onSubmit={(values) => submit(values)}
        onCancel={onCancel}
        isActive={isActive && !choosing}
      />
    </Box>
  );
}
