// A wizard's pages: one form at a time, with back (Esc) and next (Enter on the
// last field, or Ctrl+S). Every field is checked as typed and nothing is sent:
// the last page leads to the review. The answers are saved as a draft after
// every page.
import {Box} from 'ink';
import {planHasChanges, WIZARDS} from '../../../domain/wizards/index.js';
import type {ViewProps} from '../../app/views.js';
import {Form} from '../../components/form/Form.js';
import {wrapText} from '../../text/wrap.js';
import {Lines, Loading, useWizard, type WizardParams} from './common.js';

export function WizardSteps({params, width, height, active, shell}: ViewProps<WizardParams>) {
  const def = WIZARDS[params.id];
  const {site, w, ctx, store} = useWizard(params.id);
  if (!site || !w || !ctx) return <Loading width={width} height={height} />;
  const pages = def.pages(site, w.answers, ctx);
  const index = Math.min(w.page, pages.length - 1);
  const page = pages[index];
  // The guidance is the point of a wizard: wrapped, not cut at the screen's
  // edge, in the rows the form leaves (its fields, title, buttons and hint).
  const room = Math.max(1, Math.min(10, height - (page.fields.length + 4)));
  const guidance = [
    // def.why is one paragraph kept in short source lines: wrapped as one.
    ...(index === 0 ? [def.why.join(' ')] : []),
    ...(page.intro ?? []),
    ...(w.resumedFrom && index === 0
      ? [
          `Resumed the draft saved ${w.resumedFrom}${w.run ? ' (an apply was interrupted: the review resumes it)' : ''}.`,
        ]
      : []),
  ];
  const head = [`${def.title} — page ${index + 1} of ${pages.length}: ${page.title}`];
  for (const paragraph of guidance) {
    if (head.length >= room) break;
    head.push(...wrapText(paragraph, width, room - head.length));
  }
  const formHeight = Math.max(3, height - head.length);
  const last = index === pages.length - 1;
  const go = (page: number, answers = w.answers) => {
    const error = store.update(params.id, {page, answers}, {applying: false});
    if (error) shell.notify('warning', `The draft was not saved: ${error}`);
  };
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Lines lines={head} width={width} tone={(i) => (i === 0 ? 'accent' : 'muted')} />
      <Form
        key={`${params.id}:${w.revision}:${index}:${page.id}`}
        cancelLabel={index === 0 ? 'close' : 'back'}
        fields={page.fields}
        title={
          last
            ? 'Last page: Enter on Review (or Ctrl+S) shows the plan'
            : 'Enter on Next (or Ctrl+S) goes on; Esc goes back'
        }
        submitLabel={last ? 'Review' : 'Next'}
        width={width}
        height={formHeight}
        isActive={active}
        onSubmit={(values) => {
          const answers: unknown = page.submit(values, w.answers);
          if (index + 1 < def.pages(site, answers, ctx).length) go(index + 1, answers);
          else {
            // Answers the site already matches leave nothing to resume: no draft is written for them
            // (the review's "nothing to do" could otherwise reach the screen before the draft is dropped).
            const plan = w.run === undefined ? def.plan(site, answers, ctx) : undefined;
            if (plan && plan.errors.length === 0 && !planHasChanges(plan)) {
              store.update(params.id, {page: index, answers});
              store.dropDraft(params.id);
            } else go(index, answers);
            shell.push('wizard.review', params);
          }
        }}
        onCancel={() => {
          if (index === 0) return shell.pop();
          go(index - 1);
        }}
      />
    </Box>
  );
}
