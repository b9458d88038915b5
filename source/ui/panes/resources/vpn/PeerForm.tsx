// Create or edit a WireGuard peer. A new peer's key pair can be made here:
// only the public key is sent; the private key goes into the client
// configuration shown next, once.
import {useMemo} from 'react';
import {WG_PEER_FIREWALL} from '../../../../api/enums.js';
import {
  createPeerPlan,
  defaultClientRoutes,
  suggestPeerIp,
  updatePeerPlan,
  validateAllowedIps,
  validateClientDns,
  validateClientRoutes,
  validateDescription,
  validateKeepalive,
  validatePeerEndpoint,
  validatePeerIp,
  validatePeerName,
  validatePeerPort,
  validatePublicKey,
  WG_DEFAULT_KEEPALIVE,
  WG_DEFAULT_PORT,
} from '../../../../domain/edits/wireguard.js';
import {applyRulesNote, networkName, text} from '../../../../domain/edits/resource-fields.js';
import type {Site, WireguardInterface, WireguardPeer} from '../../../../domain/model.js';
import {generateWireguardKeyPair} from '../../../../domain/wireguard-keys.js';
import {rememberSecret} from '../../../../store/secrets/known.js';
import {type ViewProps} from '../../../app/views.js';
import type {FieldDef} from '../../../components/form/fields.js';
import {useSession} from '../../../data/session.js';
import {useLoadedSite} from '../shared/use-loaded-site.js';
import {FormScreen} from '../shared/FormScreen.js';
import {Missing} from '../shared/Missing.js';
import {confirmAndRun, confirmEdit} from '../../core/run-plan.js';
import {VPN_SECTIONS} from './sections.js';

export interface PeerFormParams {
  iface: number;
  name: string;
  peer?: number;
  peerName?: string;
}

const FIREWALL_OPTIONS = WG_PEER_FIREWALL.map((v) => ({
  value: v,
  label: {
    'remote-user': 'remote user (source NAT to the router)',
    'site-to-site': 'site to site (accept its networks)',
    none: 'none (write rules yourself)',
  }[v],
}));

function commonFields(site: Site, iface: WireguardInterface, peer?: WireguardPeer): FieldDef[] {
  const suggested = suggestPeerIp(iface);
  return [
    {
      kind: 'text',
      name: 'name',
      label: 'Name',
      initial: peer?.name ?? '',
      validate: (v, values) => validatePeerName(v, values, site, iface, peer),
    },
    {
      kind: 'text',
      name: 'peerIp',
      label: 'Tunnel IP',
      initial: peer?.peerIp ?? suggested,
      validate: (v, values) => validatePeerIp(v, values, site, iface, peer),
      hint: `The peer's address inside ${iface.ip}`,
    },
    {
      kind: 'text',
      name: 'allowedIps',
      label: 'Allowed IPs',
      initial: peer?.allowedIps ?? suggested,
      validate: (v, values) => validateAllowedIps(v, values, site, iface, peer),
      hint: 'Addresses routed to this peer: its tunnel IP, plus its LANs for site to site',
    },
    {
      kind: 'select',
      name: 'firewall',
      label: 'Firewall',
      options: FIREWALL_OPTIONS,
      initial: peer?.configureFirewall || 'remote-user',
    },
    {
      kind: 'text',
      name: 'endpoint',
      label: 'Endpoint',
      initial: peer?.endpoint ?? '',
      placeholder: 'blank: roaming',
      validate: validatePeerEndpoint,
      hint: 'Where VergeOS reaches the peer (site to site); blank for laptops and phones',
    },
    {
      kind: 'number',
      name: 'port',
      label: 'Endpoint port',
      initial: peer?.port || WG_DEFAULT_PORT,
      integer: true,
      validate: validatePeerPort,
    },
    {
      kind: 'number',
      name: 'keepalive',
      label: 'Keepalive (s)',
      initial: peer?.keepalive ?? WG_DEFAULT_KEEPALIVE,
      integer: true,
      validate: validateKeepalive,
      hint: '0 = off; 25 keeps NAT mappings open',
    },
    {kind: 'toggle', name: 'enabled', label: 'Enabled', initial: peer?.enabled ?? true},
    {
      kind: 'text',
      name: 'description',
      label: 'Description',
      initial: peer?.description ?? '',
      validate: validateDescription,
    },
  ];
}

function createFields(site: Site, iface: WireguardInterface): FieldDef[] {
  const [name, ...rest] = commonFields(site, iface);
  return [
    name,
    {
      kind: 'select',
      name: 'keySource',
      label: 'Key pair',
      options: [
        {value: 'generate', label: 'make it here (private key shown once)'},
        {value: 'paste', label: 'the peer has one: paste its public key'},
      ],
      initial: 'generate',
    },
    {
      kind: 'text',
      name: 'publicKey',
      label: 'Public key',
      placeholder: 'only when pasting',
      validate: (v, values) => validatePublicKey(v, values, site, iface),
      hint: 'wg pubkey output: 44 characters of base64',
    },
    ...rest,
    {
      kind: 'text',
      name: 'dns',
      label: 'Client DNS',
      placeholder: 'optional',
      validate: validateClientDns,
      hint: 'DNS servers written into the client configuration (not sent to VergeOS)',
    },
    {
      kind: 'text',
      name: 'routes',
      label: 'Client routes',
      initial: defaultClientRoutes(iface, site),
      validate: validateClientRoutes,
      hint: 'AllowedIPs on the client: what it sends through the tunnel (not sent to VergeOS)',
    },
  ];
}

export function PeerForm({params, width, height, shell}: ViewProps<PeerFormParams>) {
  const session = useSession();
  const {site} = useLoadedSite(VPN_SECTIONS);
  const iface = site?.wireguards.find((w) => w.key === params.iface);
  const peer = params.peer !== undefined ? iface?.peers.find((p) => p.key === params.peer) : undefined;
  const editing = params.peer !== undefined;
  const fields = useMemo<FieldDef[]>(
    () => (!site || !iface ? [] : editing ? (peer ? commonFields(site, iface, peer) : []) : createFields(site, iface)),
    [site, iface, peer, editing],
  );
  if (!site) return <Missing width={width} text="Loading…" />;
  if (!iface || (editing && !peer))
    return <Missing width={width} text={`${params.peerName ?? params.name} no longer exists (Esc goes back)`} />;
  const network = networkName(site, iface.vnet);
  return (
    <FormScreen
      title={peer ? `Edit peer ${peer.name} of ${iface.name}` : `New peer of ${iface.name} (${network})`}
      fields={fields}
      submitLabel="Review"
      width={width}
      height={height}
      onCancel={() => shell.pop()}
      onSubmit={async (values, edit) => {
        if (peer) {
          const find = (s: Site) =>
            s.wireguards.find((w) => w.key === iface.key)?.peers.find((p) => p.key === peer.key);
          const saved = await confirmEdit(
            shell,
            session,
            {
              what: `peer ${peer.name}`,
              sections: VPN_SECTIONS,
              find,
              fields: (s, p) => commonFields(s, s.wireguards.find((w) => w.key === iface.key) ?? iface, p),
              base: edit.base,
              mine: values,
              choices: edit.choices,
            },
            (p, merged, s) => updatePeerPlan(s.wireguards.find((w) => w.key === iface.key) ?? iface, p, merged, s),
            {confirmLabel: 'Save', refresh: VPN_SECTIONS, after: applyRulesNote([network])},
          );
          if ('conflicts' in saved) return saved;
          if (saved.done) shell.pop();
          return;
        }
        const pair = values['keySource'] === 'generate' ? generateWireguardKeyPair() : undefined;
        // Whatever writes a log from now on masks it, should it ever get near one.
        if (pair) rememberSecret(pair.privateKey);
        const plan = createPeerPlan(iface, values, site, pair?.publicKey ?? text(values, 'publicKey'));
        const report = await confirmAndRun(shell, session, plan, {
          message: [
            pair
              ? 'A key pair was made on this machine: only its public key is sent. The private key appears once, in the client configuration shown next.'
              : 'Only the public key is sent; the peer keeps its private key.',
            `VergeOS stages a firewall rule for the peer on ${network}: Apply Rules afterwards.`,
          ],
          confirmLabel: 'Create',
          refresh: VPN_SECTIONS,
          after: applyRulesNote([network]),
        });
        if (!report) return;
        const created = report.results.find((r) => r.key !== undefined)?.key;
        shell.pop();
        if (created !== undefined) {
          shell.push('vpn.peer-config', {
            iface: iface.key,
            peer: created,
            name: text(values, 'name'),
            privateKey: pair?.privateKey,
            dns: text(values, 'dns'),
            routes: text(values, 'routes'),
          });
        }
      }}
    />
  );
}
