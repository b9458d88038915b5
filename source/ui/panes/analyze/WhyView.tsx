// :why — the what-if form (endpoints from a list or typed, protocol, port);
// submitting opens the trace. `:why web-01 db-01 tcp/3306` fills the form and
// opens the trace at once. Esc leaves the form for the console's keys; e or
// Enter edits again.
import {Box, Text} from 'ink';
import {useEffect, useMemo, useRef, useState} from 'react';
import {useActionHandler} from '../../actions/bus.js';
import type {ViewProps} from '../../app/views.js';
import {Form} from '../../components/form/Form.js';
import {useTheme} from '../../theme/context.js';
import {fit} from '../../../domain/text-width.js';
import {useAnalysisSite, waitingText} from './use-analysis.js';
import {initialFromArgs, queryFromArgs, queryOf, whyFields} from './why-form.js';
import type {TraceParams} from './TraceView.js';

export interface WhyParams {
  /** Arguments of `:why`: from, to, service. */
  args?: readonly string[];
}

export function Why({params, width, height, shell, active}: ViewProps<WhyParams | undefined>) {
  const theme = useTheme();
  const {site, snapshot} = useAnalysisSite();
  const initial = useMemo(() => initialFromArgs(params?.args ?? []).initial, [params]);
  // Rebuilt on refresh so the checks see the current site; the form keeps what was typed.
  const fields = useMemo(() => (site ? whyFields(site, initial) : []), [site, initial]);
  // `:why A B service`: judged when the site is there. A question that cannot
  // be asked opens the form with its problem shown there (inline and as the
  // form's message), where fixing a field clears it — not in the status line,
  // where it would outlive the fix.
  const args = params?.args;
  const asked = useMemo(() => (site && args?.length ? queryFromArgs(site, args) : undefined), [site, args]);
  const problem = asked?.error;
  // Until the operator edits or leaves the form, it shows only when there is
  // nothing to ask at once: with a good question the form waits, filled,
  // behind the trace.
  const [chosen, setEditing] = useState<boolean | undefined>(args?.length ? undefined : true);
  const editing = chosen ?? problem !== undefined;

  const open = (query: TraceParams['query']) => {
    setEditing(false);
    shell.push('analyze.trace', {query} satisfies TraceParams);
  };

  // A good question is asked once, as soon as the site is there to judge it.
  const pushed = useRef(false);
  useEffect(() => {
    if (pushed.current || !asked?.query) return;
    pushed.current = true;
    shell.push('analyze.trace', {query: asked.query} satisfies TraceParams);
  }, [asked, shell]);

  useActionHandler('app.open', () => setEditing(true), {isActive: !editing});
  useActionHandler('analyze.why.edit', () => setEditing(true), {isActive: !editing});

  if (!site) return <Text {...theme.style('muted')}>{fit(waitingText(snapshot, 'the site'), width)}</Text>;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Form
        fields={fields}
        width={width}
        height={height - 1}
        layer="pane"
        isActive={active && editing}
        initial={problem ? {reveal: {message: problem}} : undefined}
        title="What-if: would this traffic pass, and which rule decides?"
        submitLabel="Explain"
        onSubmit={(values) => open(queryOf(values))}
        onCancel={() => setEditing(false)}
      />
      <Text wrap="truncate-end" {...theme.style('muted')}>
        {fit(
          editing ? 'Esc: stop editing (then : for commands)' : 'e or Enter: edit the question and explain it again',
          width,
        )}
      </Text>
    </Box>
  );
}
