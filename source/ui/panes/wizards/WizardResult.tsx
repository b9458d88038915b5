// After a wizard applied: what the operator needs next — the remote side's
// VPN configuration (c copies it; generated keys are shown only here), the
// flows a tenant's rules allow — and, in the setup chain, n for the next step.
import {Box} from 'ink';
import {checkLines, WIZARDS} from '../../../domain/wizards/index.js';
import {useActionHandler} from '../../actions/bus.js';
import type {ViewProps} from '../../app/views.js';
import {TextView, useTextView, useTextViewInput} from '../../components/TextView.js';
import {Lines, Loading, useWizard, type WizardParams} from './common.js';

export function WizardResult({params, width, height, active, shell}: ViewProps<WizardParams>) {
  const def = WIZARDS[params.id];
  const {site, w, ctx} = useWizard(params.id);
  const result = w?.result ?? (site && ctx && def.result ? def.result(site, w?.answers, ctx) : [`${def.title}: done.`]);
  const check = w?.check;
  const lines = [...(check ? checkLines(check) : []), ...result];
  const failing = check?.problems.length ?? 0;
  const next = params.setup ? ' n goes on with the next step of the setup.' : '';
  const head = [
    failing
      ? `${def.title}: applied, but it does not work yet (${failing} problem${failing === 1 ? '' : 's'} below).${next}`
      : `${def.title}: applied.${next}`,
  ];
  const bodyHeight = Math.max(1, height - head.length);
  const text = useTextView({lineCount: lines.length, height: bodyHeight});
  useTextViewInput(text, {isActive: active});
  useActionHandler('wizard.copy', () => shell.copy(lines.join('\n'), 'the result'));
  useActionHandler('wizard.next', () => {
    if (params.setup) shell.pop();
    else shell.jump('wizard');
  });
  if (!site) return <Loading width={width} height={height} />;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Lines lines={head} width={width} tone={() => (failing ? 'warning' : 'ok')} />
      <TextView lines={lines} width={width} height={bodyHeight} offset={text.offset} left={text.left} />
    </Box>
  );
}
