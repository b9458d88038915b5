// Tighten one rule from the counters view: a narrower source (addresses or an
// alias) and fewer ports, checked as typed; the change is planned, shown with
// its calls, confirmed, then Apply Rules runs on the network.
import {Box} from 'ink';
import {
  SecretBox,
  WIZARDS,
  adjustAnswers,
  validateTightenPorts,
  validateTightenSource,
} from '../../../domain/wizards/index.js';
import type {ViewProps} from '../../app/views.js';
import {Form} from '../../components/form/Form.js';
import {useSession} from '../../data/session.js';
import {Lines, Loading, useFullSite} from './common.js';
import {useWizardPolicy} from './policy.js';
import {runAdjustment} from './WizardMonitor.js';

export interface TightenParams {
  network: string;
  rule: string;
}

export function WizardTighten({params, width, height, active, shell}: ViewProps<TightenParams>) {
  const session = useSession();
  const site = useFullSite();
  const policy = useWizardPolicy();
  const network = site?.networks.find((n) => n.name === params.network);
  const rule = network ? site?.rules.find((r) => r.vnet === network.key && r.name === params.rule) : undefined;
  if (!site || !network) return <Loading width={width} height={height} />;
  if (!rule) return <Loading width={width} height={height} text={`Rule ${params.rule} is gone (Esc goes back)`} />;
  const alias = (v: string) =>
    v.replace(/alias:(\d+)/g, (m, k: string) => `alias:${site.aliases.find((a) => String(a.key) === k)?.name ?? k}`);
  const head = [
    `Tighten ${params.network}/${params.rule}: ${rule.action} ${rule.direction} ${rule.protocol} ` +
      `from ${alias(rule.sourceIp) || 'any'} to port ${rule.destinationPorts || 'any'}`,
    `${rule.packets} packets so far. Narrow it to what the counters and captures show.`,
  ];
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Lines lines={head} width={width} tone={(i) => (i === 0 ? 'accent' : 'muted')} />
      <Form
        key={`${params.network}/${params.rule}`}
        fields={[
          {
            kind: 'text',
            name: 'source',
            label: 'Source',
            initial: alias(rule.sourceIp),
            hint: 'Addresses, CIDRs or alias:NAME; empty = any',
            validate: (v) => validateTightenSource(site, v),
          },
          {
            kind: 'text',
            name: 'ports',
            label: 'Ports',
            initial: rule.destinationPorts,
            hint: '443, 80,443 or 1024-65535; empty = any',
            validate: (v) => validateTightenPorts(v),
          },
        ]}
        submitLabel="Review"
        width={width}
        height={Math.max(3, height - head.length)}
        isActive={active}
        onCancel={() => shell.pop()}
        onSubmit={(values) => {
          const plan = WIZARDS.monitor.plan(
            site,
            adjustAnswers(network, {
              tighten: [
                {rule: params.rule, source: String(values['source'] ?? ''), ports: String(values['ports'] ?? '')},
              ],
            }),
            {policy, secrets: new SecretBox()},
          );
          void runAdjustment(session, shell, plan, `Tighten ${params.rule} on ${params.network}?`).then((ok) => {
            if (ok) shell.pop();
          });
        }}
      />
    </Box>
  );
}
