// A form as a pushed view: a few lines saying what the change does, then the
// fields. Submitting hands the values to the view (which builds the plan and
// asks for confirmation); a second submit while one is running is ignored.
import {Box, Text} from 'ink';
import {useRef} from 'react';
import {sanitize} from '../../../../domain/text.js';
import type {FieldDef, FormValues} from '../../../components/form/fields.js';
import {Form} from '../../../components/form/Form.js';
import {useTheme} from '../../../theme/context.js';
import {fit} from '../../../../domain/text-width.js';

export interface FormScreenProps {
  title: string;
  intro?: readonly string[];
  fields: readonly FieldDef[];
  submitLabel?: string;
  width: number;
  height: number;
  /** Resolves when the work started by a submit is over. */
  onSubmit: (values: FormValues) => Promise<void> | void;
  onCancel: () => void;
}

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
}: FormScreenProps) {
  const theme = useTheme();
  const busy = useRef(false);
  // The fields need at least their own rows plus the form's chrome; the intro gives way first.
  const introRows = Math.max(0, Math.min(intro.length, MAX_INTRO, height - fields.length - 5));
  const submit = (values: FormValues) => {
    if (busy.current) return;
    busy.current = true;
    void Promise.resolve(onSubmit(values)).finally(() => {
      busy.current = false;
    });
  };
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      {intro.slice(0, introRows).map((line, i) => (
        <Text key={i} wrap="truncate-end" {...theme.style('muted')}>
          {fit(sanitize(line), width, 'left', theme.glyphs.ellipsis)}
        </Text>
      ))}
      <Form
        fields={fields}
        title={title}
        submitLabel={submitLabel}
        width={width}
        height={height - introRows}
        onSubmit={submit}
        onCancel={onCancel}
      />
    </Box>
  );
}
