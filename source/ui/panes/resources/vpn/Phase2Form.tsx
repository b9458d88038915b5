// Add or edit a phase 2 (the local and remote networks a tunnel carries).
import {useMemo} from 'react';
import {
  createPhase2Plan,
  IPSEC_DEFAULT_LIFETIME,
  updatePhase2Plan,
  validateLifetime,
  validateLocalSelector,
  validatePhase2Name,
  validateRemoteSelector,
} from '../../../../domain/edits/ipsec.js';
import {applyRulesNote, networkName} from '../../../../domain/edits/resource-fields.js';
import type {IpsecPhase2, IpsecTunnel, Site} from '../../../../domain/model.js';
import {type ViewProps} from '../../../app/views.js';
import type {FieldDef} from '../../../components/form/fields.js';
import {useSession} from '../../../data/session.js';
import {useLoadedSite} from '../shared/use-loaded-site.js';
import {FormScreen} from '../shared/FormScreen.js';
import {Missing} from '../shared/Missing.js';
import {confirmAndRun, confirmEdit} from '../../core/run-plan.js';
import {VPN_SECTIONS} from './sections.js';

export interface Phase2FormParams {
  tunnel: number;
  name: string;
  phase2?: number;
  phase2Name?: string;
}

function fields(site: Site, tunnel: IpsecTunnel, p2?: IpsecPhase2): FieldDef[] {
  const name: FieldDef[] = p2
    ? []
    : [
        {
          kind: 'text',
          name: 'name',
          label: 'Name',
          validate: (v, values) => validatePhase2Name(v, values, site, tunnel),
        },
      ];
  return [
    ...name,
    {
      kind: 'text',
      name: 'local',
      label: 'Local CIDRs',
      initial: p2?.local ?? '',
      placeholder: '10.10.3.0/24',
      validate: validateLocalSelector,
      hint: 'Networks on this side',
    },
    {
      kind: 'text',
      name: 'remote',
      label: 'Remote CIDRs',
      initial: p2?.remote ?? '',
      placeholder: '172.16.0.0/16',
      validate: validateRemoteSelector,
      hint: `Networks behind ${tunnel.remoteGateway}`,
    },
    {
      kind: 'number',
      name: 'lifetime',
      label: 'Lifetime (s)',
      initial: p2?.lifetime || IPSEC_DEFAULT_LIFETIME,
      integer: true,
      validate: validateLifetime,
    },
    {kind: 'toggle', name: 'enabled', label: 'Enabled', initial: p2?.enabled ?? true},
  ];
}

export function Phase2Form({params, width, height, shell}: ViewProps<Phase2FormParams>) {
  const session = useSession();
  const {site} = useLoadedSite(VPN_SECTIONS);
  const tunnel = site?.ipsec.find((t) => t.key === params.tunnel);
  const editing = params.phase2 !== undefined;
  const p2 = editing ? tunnel?.phase2.find((p) => p.key === params.phase2) : undefined;
  const defs = useMemo<FieldDef[]>(
    () => (!site || !tunnel || (editing && !p2) ? [] : fields(site, tunnel, p2)),
    [site, tunnel, p2, editing],
  );
  if (!site) return <Missing width={width} text="Loading…" />;
  if (!tunnel || (editing && !p2))
    return <Missing width={width} text={`${params.phase2Name ?? params.name} no longer exists (Esc goes back)`} />;
  const network = networkName(site, tunnel.vnet);
  return (
    <FormScreen
      title={p2 ? `Edit phase 2 ${p2.name} of ${tunnel.name}` : `New phase 2 of ${tunnel.name}`}
      fields={defs}
      submitLabel="Review"
      width={width}
      height={height}
      onCancel={() => shell.pop()}
      onSubmit={async (values, edit) => {
        if (p2) {
          const tunnelOf = (s: Site) => s.ipsec.find((t) => t.key === tunnel.key) ?? tunnel;
          const saved = await confirmEdit(
            shell,
            session,
            {
              what: `phase 2 ${p2.name}`,
              sections: VPN_SECTIONS,
              find: (s) => s.ipsec.find((t) => t.key === tunnel.key)?.phase2.find((p) => p.key === p2.key),
              fields: (s, p) => fields(s, tunnelOf(s), p),
              base: edit.base,
              mine: values,
              choices: edit.choices,
            },
            (p, merged, s) => updatePhase2Plan(tunnelOf(s), p, merged, s),
            {confirmLabel: 'Save', refresh: VPN_SECTIONS, after: applyRulesNote([network])},
          );
          if ('conflicts' in saved) return saved;
          if (saved.done) shell.pop();
          return;
        }
        const plan = createPhase2Plan(tunnel, values, site);
        const report = await confirmAndRun(shell, session, plan, {
          confirmLabel: 'Create',
          refresh: VPN_SECTIONS,
          after: applyRulesNote([network]),
        });
        if (report) shell.pop();
      }}
    />
  );
}
