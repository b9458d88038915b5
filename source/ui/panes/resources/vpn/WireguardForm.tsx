// Create or edit a WireGuard interface. Creating one stages VergeOS's "Accept
// WireGuard" rules on its network: the operator is told Apply Rules is needed.
import {useMemo} from 'react';
import {
  createInterfacePlan,
  updateInterfacePlan,
  validateDescription,
  validateEndpointIp,
  validateInterfaceIp,
  validateInterfaceName,
  validateInterfaceNetwork,
  validateListenPort,
  WG_DEFAULT_PORT,
  wireguardNetworks,
} from '../../../../domain/edits/wireguard.js';
import {applyRulesNote, networkByKey, networkName, pickedKey} from '../../../../domain/edits/resource-fields.js';
import type {Site, WireguardInterface} from '../../../../domain/model.js';
import {type ViewProps} from '../../../app/views.js';
import type {FieldDef} from '../../../components/form/fields.js';
import {useSession} from '../../../data/session.js';
import {useLoadedSite} from '../shared/use-loaded-site.js';
import {FormScreen} from '../shared/FormScreen.js';
import {Missing} from '../shared/Missing.js';
import {confirmAndRun, confirmEdit} from '../../core/run-plan.js';
import {VPN_SECTIONS} from './sections.js';

export interface WireguardFormParams {
  iface?: number;
  name?: string;
}

function nextName(site: Site): string {
  const taken = new Set(site.wireguards.map((w) => w.name));
  for (let i = 0; ; i++) if (!taken.has(`wg${i}`)) return `wg${i}`;
}

function createFields(site: Site): FieldDef[] {
  return [
    {
      kind: 'picker',
      name: 'network',
      label: 'Network',
      items: wireguardNetworks(site).map((n) => ({
        value: String(n.key),
        label: n.name,
        detail: [n.type, n.cidr].filter(Boolean).join(' '),
      })),
      validate: (v, values) => validateInterfaceNetwork(v, values, site),
      hint: 'The network whose router terminates the tunnel',
    },
    {
      kind: 'text',
      name: 'name',
      label: 'Name',
      initial: nextName(site),
      validate: (v, values) => validateInterfaceName(v, values, site),
    },
    {
      kind: 'text',
      name: 'ip',
      label: 'Address',
      placeholder: '192.168.255.1/24',
      validate: (v, values) => validateInterfaceIp(v, values, site),
      hint: "The router's address on the tunnel, with the tunnel subnet (peers get addresses in it)",
    },
    {
      kind: 'number',
      name: 'listenPort',
      label: 'UDP port',
      initial: WG_DEFAULT_PORT,
      integer: true,
      validate: (v, values) => validateListenPort(v, values, site),
    },
    {
      kind: 'text',
      name: 'endpointIp',
      label: 'Public IP',
      placeholder: 'optional',
      validate: validateEndpointIp,
      hint: "The address clients connect to, written into their configuration (blank: the external network's)",
    },
    {
      kind: 'toggle',
      name: 'configureFirewall',
      label: 'Open UDP port',
      initial: true,
      hint: 'Translate the UDP port on the external network to this router (only possible now, at creation)',
    },
    {kind: 'toggle', name: 'enabled', label: 'Enabled', initial: true},
    {kind: 'text', name: 'description', label: 'Description', validate: validateDescription},
  ];
}

function editFields(site: Site, iface: WireguardInterface): FieldDef[] {
  return [
    {
      kind: 'number',
      name: 'listenPort',
      label: 'UDP port',
      initial: iface.listenPort,
      integer: true,
      validate: (v, values) => validateListenPort(v, values, site, iface),
    },
    {
      kind: 'text',
      name: 'endpointIp',
      label: 'Public IP',
      initial: iface.endpointIp,
      placeholder: 'optional',
      validate: validateEndpointIp,
    },
    {
      kind: 'toggle',
      name: 'enabled',
      label: 'Enabled',
      initial: iface.enabled,
      hint: 'Disabling takes effect with Apply Rules; VergeOS deletes only disabled interfaces',
    },
    {
      kind: 'text',
      name: 'description',
      label: 'Description',
      initial: iface.description,
      validate: validateDescription,
    },
  ];
}

export function WireguardForm({params, width, height, shell}: ViewProps<WireguardFormParams>) {
  const session = useSession();
  const {site} = useLoadedSite(VPN_SECTIONS);
  const iface = params.iface !== undefined ? site?.wireguards.find((w) => w.key === params.iface) : undefined;
  const editing = params.iface !== undefined;
  // The form keeps its own field state; only the validators need the latest site.
  const fields = useMemo<FieldDef[]>(
    () => (!site ? [] : editing ? (iface ? editFields(site, iface) : []) : createFields(site)),
    [site, iface, editing],
  );
  if (!site) return <Missing width={width} text="Loading…" />;
  if (editing && !iface)
    return <Missing width={width} text={`WireGuard interface ${params.name ?? ''} no longer exists (Esc goes back)`} />;
  return (
    <FormScreen
      title={
        iface ? `Edit WireGuard interface ${iface.name} on ${networkName(site, iface.vnet)}` : 'New WireGuard interface'
      }
      intro={
        iface ? [] : ['VergeOS generates the interface\'s key pair and stages "Accept WireGuard" rules on the network.']
      }
      fields={fields}
      submitLabel="Review"
      width={width}
      height={height}
      onCancel={() => shell.pop()}
      onSubmit={async (values, edit) => {
        if (iface) {
          const saved = await confirmEdit(
            shell,
            session,
            {
              what: `WireGuard interface ${iface.name}`,
              sections: VPN_SECTIONS,
              find: (s) => s.wireguards.find((w) => w.key === iface.key),
              fields: editFields,
              base: edit.base,
              mine: values,
              choices: edit.choices,
            },
            updateInterfacePlan,
            {confirmLabel: 'Save', refresh: VPN_SECTIONS, after: applyRulesNote([networkName(site, iface.vnet)])},
          );
          if ('conflicts' in saved) return saved;
          if (saved.done) shell.pop();
          return;
        }
        const plan = createInterfacePlan(values, site);
        const vnet = pickedKey(values['network']);
        const network = networkName(site, vnet);
        // The port translation VergeOS adds at creation lands on the network's uplink.
        const uplink =
          values['configureFirewall'] === true
            ? networkByKey(site, networkByKey(site, vnet)?.defaultGateway)?.name
            : undefined;
        const staged = [network, ...(uplink ? [uplink] : [])];
        const report = await confirmAndRun(shell, session, plan, {
          message: [
            `Rules accepting UDP ${String(values['listenPort'])} are staged on ${staged.join(' and ')} until you Apply Rules.`,
          ],
          confirmLabel: 'Create',
          refresh: VPN_SECTIONS,
          after: applyRulesNote(staged),
        });
        if (report) shell.pop();
      }}
    />
  );
}
