// Move a NIC to another network: pick the network, see the call, confirm.
import {useMemo} from 'react';
import {moveImpact, moveNicPlan, nicTargets, validateNicTarget, findVm} from '../../../../domain/edits/vms.js';
import {pickedKey} from '../../../../domain/edits/resource-fields.js';
import {type ViewProps} from '../../../app/views.js';
import type {FieldDef} from '../../../components/form/fields.js';
import {useSession} from '../../../data/session.js';
import {useLoadedSite} from '../shared/use-loaded-site.js';
import {FormScreen} from '../shared/FormScreen.js';
import {Missing} from '../shared/Missing.js';
import {confirmAndRun} from '../../core/run-plan.js';

export interface MoveNicParams {
  vm: number;
  nic: number;
  label: string;
}

export function MoveNicForm({params, width, height, shell}: ViewProps<MoveNicParams>) {
  const session = useSession();
  const {site} = useLoadedSite(['vms', 'networks', 'addresses']);
  const vm = site ? findVm(site, params.vm) : undefined;
  const nic = vm?.nics.find((n) => n.key === params.nic);
  const fields = useMemo<FieldDef[]>(() => {
    if (!site || !nic) return [];
    return [
      {
        kind: 'picker',
        name: 'network',
        label: 'Network',
        items: nicTargets(site).map((n) => ({
          value: String(n.key),
          label: n.name,
          detail: [n.type, n.cidr].filter(Boolean).join(' '),
        })),
        validate: (v, values) => validateNicTarget(v, values, site, nic),
        hint: 'Enter opens the list; type to search',
      },
    ];
  }, [site, nic]);
  if (!site) return <Missing width={width} text="Loading…" />;
  if (!vm || !nic) return <Missing width={width} text={`${params.label} no longer exists (Esc goes back)`} />;
  return (
    <FormScreen
      title={`Move ${params.label} to another network`}
      intro={[`${params.label} is on ${site.networks.find((n) => n.key === nic.vnet)?.name ?? 'no network'} now.`]}
      fields={fields}
      submitLabel="Review move"
      width={width}
      height={height}
      onCancel={() => shell.pop()}
      onSubmit={async (values) => {
        const target = pickedKey(values['network'])!;
        const report = await confirmAndRun(shell, session, moveNicPlan(vm, nic, target, site), {
          message: moveImpact(vm, nic, target, site),
          confirmLabel: 'Move',
          refresh: ['vms', 'networks', 'addresses'],
        });
        if (report) shell.pop();
      }}
    />
  );
}
