// The two mirroring forms: the mode (with what it costs and the restart it
// needs) and the capture NIC to move onto `<NAME>_mirror`.
import {useMemo} from 'react';
import {PORT_MIRRORING, type PortMirroring} from '../../../../api/enums.js';
import {
  attachCapturePlan,
  attachImpact,
  captureCandidates,
  MIRROR_MODE_LABELS,
  mirrorModeExplanation,
  mirrorModePlan,
  mirrorNetworkOf,
  restartExplanation,
  validateCaptureNic,
  validateMirrorMode,
} from '../../../../domain/edits/mirrors.js';
import {networkName, pickedKey} from '../../../../domain/edits/resource-fields.js';
import type {Network, Site} from '../../../../domain/model.js';
import {type ViewProps} from '../../../app/views.js';
import type {FieldDef} from '../../../components/form/fields.js';
import {useSession} from '../../../data/session.js';
import {useLoadedSite} from '../shared/use-loaded-site.js';
import {FormScreen} from '../shared/FormScreen.js';
import {Missing} from '../shared/Missing.js';
import {confirmAndRun, confirmEdit} from '../../core/run-plan.js';
import {MIRROR_SECTIONS} from './MirrorsList.js';

export interface MirrorParams {
  network: number;
  name: string;
}

function modeFields(site: Site, network: Network): FieldDef[] {
  return [
    {
      kind: 'select',
      name: 'mode',
      label: 'Mode',
      options: PORT_MIRRORING.map((m) => ({value: m, label: MIRROR_MODE_LABELS[m]})),
      initial: network.portMirroring,
      validate: (v, values) => validateMirrorMode(v, values, site, network),
      hint: '←/→ choose. east/west copies all traffic inside the network: short captures only',
    },
    {
      kind: 'toggle',
      name: 'restart',
      label: 'Restart now',
      initial: false,
      hint: 'The mode takes effect when the network restarts (traffic pauses briefly)',
    },
  ];
}

export function ModeForm({params, width, height, shell}: ViewProps<MirrorParams>) {
  const session = useSession();
  const {site} = useLoadedSite(MIRROR_SECTIONS);
  const network = site?.networks.find((n) => n.key === params.network);
  const fields = useMemo<FieldDef[]>(() => (site && network ? modeFields(site, network) : []), [site, network]);
  if (!site) return <Missing width={width} text="Loading…" />;
  if (!network) return <Missing width={width} text={`Network ${params.name} no longer exists (Esc goes back)`} />;
  return (
    <FormScreen
      title={`Port mirroring of ${network.name}`}
      intro={[
        `Now: ${MIRROR_MODE_LABELS[network.portMirroring]}${mirrorNetworkOf(network, site) ? `, mirror network ${mirrorNetworkOf(network, site)!.name}` : ''}.`,
        ...restartExplanation(network).slice(0, 1),
      ]}
      fields={fields}
      submitLabel="Review"
      width={width}
      height={height}
      onCancel={() => shell.pop()}
      onSubmit={async (values, edit) => {
        const restart = values['restart'] === true;
        // The mode someone else set meanwhile is kept unless the operator changed it too.
        let mode = values['mode'] as PortMirroring;
        const saved = await confirmEdit(
          shell,
          session,
          {
            what: `port mirroring of ${network.name}`,
            sections: MIRROR_SECTIONS,
            find: (s) => s.networks.find((n) => n.key === network.key),
            fields: modeFields,
            base: edit.base,
            mine: values,
            choices: edit.choices,
          },
          (n, merged) => {
            mode = merged['mode'] as PortMirroring;
            return mirrorModePlan(n, mode, restart);
          },
          () => ({
            message: [
              ...mirrorModeExplanation(mode),
              ...(restart
                ? restartExplanation(network)
                : [`Nothing changes on the wire until ${network.name} restarts (R in :mirrors).`]),
            ],
            confirmLabel: restart ? 'Change and restart' : 'Change',
            dangerous: restart,
            refresh: [...MIRROR_SECTIONS],
            after: restart
              ? `${network.name} is restarting with mirroring ${mode}; ` +
                `${mode === 'off' ? 'its mirror network goes' : `${network.name}_mirror appears`} once it is back (r refreshes)`
              : `Mirroring of ${network.name} is set to ${mode}: restart it (R) to make it so`,
          }),
        );
        if ('conflicts' in saved) return saved;
        if (saved.done) shell.pop();
      }}
    />
  );
}

export function AttachForm({params, width, height, shell}: ViewProps<MirrorParams>) {
  const session = useSession();
  const {site} = useLoadedSite(MIRROR_SECTIONS);
  const network = site?.networks.find((n) => n.key === params.network);
  const fields = useMemo<FieldDef[]>(() => {
    if (!site || !network) return [];
    return [
      {
        kind: 'picker',
        name: 'nic',
        label: 'Capture NIC',
        items: captureCandidates(network, site).map((c) => ({
          value: c.value,
          label: `${c.vm.name} ${c.nic.name}`,
          detail: `on ${networkName(site, c.nic.vnet) || 'no network'}${c.vm.running ? '' : ' (VM stopped)'}`,
        })),
        validate: (v, values) => validateCaptureNic(v, values, site, network),
        hint: 'The NIC leaves its current network and receives the mirrored traffic',
      },
    ];
  }, [site, network]);
  if (!site) return <Missing width={width} text="Loading…" />;
  const mirror = network ? mirrorNetworkOf(network, site) : undefined;
  if (!network || !mirror)
    return <Missing width={width} text={`${params.name} has no mirror network (Esc goes back)`} />;
  return (
    <FormScreen
      title={`Attach a capture NIC to ${mirror.name}`}
      intro={[`${mirror.name} carries a copy of ${network.name}'s traffic (${network.portMirroring}).`]}
      fields={fields}
      submitLabel="Review"
      width={width}
      height={height}
      onCancel={() => shell.pop()}
      onSubmit={async (values) => {
        const nicKey = pickedKey(values['nic'])!;
        const report = await confirmAndRun(shell, session, attachCapturePlan(network, nicKey, site), {
          message: attachImpact(network, nicKey, site),
          confirmLabel: 'Attach',
          refresh: [...MIRROR_SECTIONS],
        });
        if (report) shell.pop();
      }}
    />
  );
}
