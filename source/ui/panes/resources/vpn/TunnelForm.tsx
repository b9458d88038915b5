// Create or edit an IPsec tunnel. The pre-shared key is typed masked or
// generated here; it is sent once, masked in the confirmation and the audit
// log, and a generated one can be copied afterwards (never shown).
import {useMemo} from 'react';
import {IPSEC_DEFAULT_IKE} from '../../../../api/enums.js';
import {
  createTunnelPlan,
  generatePsk,
  ipsecNetworks,
  updateTunnelPlan,
  validateFirstPhase2Name,
  validateLifetime,
  validateLocalSelector,
  validateProposal,
  validatePsk,
  validateRemoteGateway,
  validateRemoteSelector,
  validateTunnelDescription,
  validateTunnelName,
  validateTunnelNetwork,
  IPSEC_DEFAULT_LIFETIME,
  tunnelNeeds,
} from '../../../../domain/edits/ipsec.js';
import {applyRulesNote, networkName, pickedKey, text} from '../../../../domain/edits/resource-fields.js';
import type {IpsecTunnel, Site} from '../../../../domain/model.js';
import {rememberSecret} from '../../../../store/secrets/known.js';
import {type ViewProps} from '../../../app/views.js';
import type {FieldDef} from '../../../components/form/fields.js';
import {useSession} from '../../../data/session.js';
import {useLoadedSite} from '../shared/use-loaded-site.js';
import {FormScreen} from '../shared/FormScreen.js';
import {Missing} from '../shared/Missing.js';
import {confirmAndRun, confirmEdit} from '../../core/run-plan.js';
import {VPN_SECTIONS} from './sections.js';

export interface TunnelFormParams {
  tunnel?: number;
  name?: string;
}

const KEYEXCHANGE = [
  {value: 'ikev2', label: 'IKEv2'},
  {value: 'ikev1', label: 'IKEv1'},
  {value: 'ike', label: 'IKE (either; responder accepts both)'},
];
const AUTO = [
  {value: 'start', label: 'start (connect now, keep it up)'},
  {value: 'route', label: 'route (connect when traffic needs it)'},
  {value: 'add', label: 'add (wait for the other side)'},
];
const DPD = ['restart', 'clear', 'hold', 'none'].map((v) => ({value: v, label: v}));

function tunnelFields(site: Site, tunnel?: IpsecTunnel): FieldDef[] {
  const keyFields: FieldDef[] = tunnel
    ? [
        {
          kind: 'secret',
          name: 'psk',
          label: 'New PSK',
          validate: (v, values) => validatePsk(v, values, site, true),
          hint: 'Blank keeps the current key (VergeOS never shows it)',
        },
      ]
    : [
        {
          kind: 'select',
          name: 'pskMode',
          label: 'Pre-shared key',
          options: [
            {value: 'generate', label: 'generate a strong one here'},
            {value: 'enter', label: 'type the one agreed with the other side'},
          ],
          initial: 'generate',
        },
        {
          kind: 'secret',
          name: 'psk',
          label: 'PSK',
          validate: (v, values) => validatePsk(v, values, site),
          hint: 'Masked; at least 16 characters. Not needed when generating',
        },
      ];
  return [
    {
      kind: 'text',
      name: 'remoteGateway',
      label: 'Remote gateway',
      initial: tunnel?.remoteGateway ?? '',
      placeholder: '198.51.100.10',
      validate: validateRemoteGateway,
    },
    {
      kind: 'select',
      name: 'keyexchange',
      label: 'Key exchange',
      options: KEYEXCHANGE,
      initial: tunnel?.keyexchange || 'ikev2',
    },
    {
      kind: 'text',
      name: 'ike',
      label: 'IKE proposal',
      initial: tunnel?.ike || IPSEC_DEFAULT_IKE,
      validate: validateProposal,
      hint: `Default ${IPSEC_DEFAULT_IKE}; must match the other side`,
    },
    ...keyFields,
    {kind: 'select', name: 'auto', label: 'Start', options: AUTO, initial: tunnel?.auto || 'start'},
    {
      kind: 'select',
      name: 'dpdaction',
      label: 'Dead peer',
      options: DPD,
      initial: tunnel?.dpdaction || 'restart',
      hint: 'What to do when the other side stops answering',
    },
    {kind: 'toggle', name: 'enabled', label: 'Enabled', initial: tunnel?.enabled ?? true},
    {
      kind: 'text',
      name: 'description',
      label: 'Description',
      initial: tunnel?.description ?? '',
      validate: validateTunnelDescription,
    },
  ];
}

function localPlaceholder(site: Site, vnet: number | undefined): string {
  const chosen = site.networks.find((n) => n.key === vnet);
  if (chosen?.type === 'internal' && chosen.cidr) return chosen.cidr;
  return site.networks.find((n) => n.type === 'internal' && n.cidr)?.cidr ?? '10.0.0.0/24';
}

function createFields(site: Site): FieldDef[] {
  const networks = ipsecNetworks(site);
  return [
    {
      kind: 'picker',
      name: 'network',
      label: 'Network',
      items: networks.map((n) => ({
        value: String(n.key),
        label: n.name,
        detail: [n.type, n.cidr].filter(Boolean).join(' '),
      })),
      validate: (v, values) => validateTunnelNetwork(v, values, site),
      hint: 'VPN networks first; its router runs the tunnel',
    },
    {kind: 'text', name: 'name', label: 'Tunnel name', validate: (v, values) => validateTunnelName(v, values, site)},
    ...tunnelFields(site),
    {kind: 'text', name: 'p2Name', label: 'Phase 2 name', initial: 'lan', validate: validateFirstPhase2Name},
    {
      kind: 'text',
      name: 'local',
      label: 'Local CIDRs',
      // The chosen network's own block, or (on a VPN network) the first internal one.
      placeholder: (values) => localPlaceholder(site, pickedKey(values['network'])),
      validate: validateLocalSelector,
      hint: 'Networks on this side the tunnel carries',
    },
    {
      kind: 'text',
      name: 'remote',
      label: 'Remote CIDRs',
      placeholder: '172.16.0.0/16',
      validate: validateRemoteSelector,
      hint: 'Networks behind the remote gateway',
    },
    {
      kind: 'number',
      name: 'lifetime',
      label: 'SA lifetime (s)',
      initial: IPSEC_DEFAULT_LIFETIME,
      integer: true,
      validate: validateLifetime,
    },
  ];
}

export function TunnelForm({params, width, height, shell}: ViewProps<TunnelFormParams>) {
  const session = useSession();
  const {site} = useLoadedSite(VPN_SECTIONS);
  const editing = params.tunnel !== undefined;
  const tunnel = editing ? site?.ipsec.find((t) => t.key === params.tunnel) : undefined;
  const fields = useMemo<FieldDef[]>(
    () => (!site ? [] : editing ? (tunnel ? tunnelFields(site, tunnel) : []) : createFields(site)),
    [site, tunnel, editing],
  );
  if (!site) return <Missing width={width} text="Loading…" />;
  if (editing && !tunnel)
    return <Missing width={width} text={`IPsec tunnel ${params.name ?? ''} no longer exists (Esc goes back)`} />;
  return (
    <FormScreen
      title={
        tunnel
          ? `Edit IPsec tunnel ${tunnel.name} on ${networkName(site, tunnel.vnet)}`
          : 'New IPsec tunnel (phase 1 and its first phase 2)'
      }
      fields={fields}
      submitLabel="Review"
      width={width}
      height={height}
      onCancel={() => shell.pop()}
      onSubmit={async (values, edit) => {
        const network = networkName(site, tunnel?.vnet ?? pickedKey(values['network']));
        if (tunnel) {
          const psk = typeof values['psk'] === 'string' && values['psk'] !== '' ? values['psk'] : undefined;
          if (psk) rememberSecret(psk);
          const saved = await confirmEdit(
            shell,
            session,
            {
              what: `IPsec tunnel ${tunnel.name}`,
              sections: VPN_SECTIONS,
              find: (s) => s.ipsec.find((t) => t.key === tunnel.key),
              fields: (s, t) => tunnelFields(s, t),
              base: edit.base,
              mine: values,
              choices: edit.choices,
            },
            (t, merged, s) => updateTunnelPlan(t, merged, s, psk),
            {
              message: [psk ? 'The new pre-shared key is sent masked in the log; the other side must use it too.' : ''],
              confirmLabel: 'Save',
              refresh: VPN_SECTIONS,
              after: applyRulesNote([network]),
            },
          );
          if ('conflicts' in saved) return saved;
          if (saved.done) shell.pop();
          return;
        }
        const generated = values['pskMode'] === 'generate';
        const psk = generated ? generatePsk() : String(values['psk'] ?? '');
        rememberSecret(psk);
        const report = await confirmAndRun(shell, session, createTunnelPlan(values, site, psk), {
          message: [
            'psk=•••• — the pre-shared key is masked here and in the audit log.',
            generated
              ? 'It was generated here; after creating, c copies it for the other side.'
              : 'The key you typed is sent once and never shown again.',
            `The tunnel's configuration is staged on ${network}; the rules it needs are offered next.`,
          ],
          confirmLabel: 'Create',
          refresh: VPN_SECTIONS,
        });
        if (!report) return;
        shell.pop();
        // A tunnel alone connects nothing: offer what the VPN wizard would add, or say what is missing.
        const vnet = pickedKey(values['network'])!;
        const now = session.getSnapshot().site ?? site;
        const name = text(values, 'name');
        const needs = tunnelNeeds(now, vnet, name, text(values, 'remoteGateway'), text(values, 'local'));
        if (needs.plan.steps.length > 0) {
          const added = await confirmAndRun(shell, session, needs.plan, {
            message: [
              `Tunnel ${name} cannot connect or carry traffic without these (the VPN wizard adds them):`,
              ...needs.missing.map((m) => `  + ${m}`),
              'Cancel keeps the tunnel as it is.',
            ],
            confirmLabel: 'Add them',
            refresh: VPN_SECTIONS,
          });
          if (!added)
            shell.notify(
              'warning',
              `Tunnel ${name} still lacks: ${needs.missing.join('; ')} — it cannot work until these exist (:rules ${network}, or :wizard vpn)`,
            );
        } else shell.notify('warning', applyRulesNote([network]));
        if (generated) shell.push('vpn.psk', {tunnel: name, remote: text(values, 'remoteGateway'), psk});
      }}
    />
  );
}
