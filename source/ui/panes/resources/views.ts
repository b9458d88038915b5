// The VPN, tenant, mirror, VM, profile and sign-in views as the shell knows
// them before they are drawn (ids, titles, commands, actions); each view's
// code loads on first render (lazyView), so the console starts without it.
import {lazyView, type ViewAction} from '../../app/views.js';
import type {MirrorParams} from './mirrors/MirrorForms.js';
import type {TenantParams} from './tenants/TenantDetail.js';
import type {MoveNicParams} from './vms/MoveNicForm.js';
import type {VmParams} from './vms/VmNics.js';
import type {TunnelParams} from './vpn/IpsecPhase2.js';
import type {PeerConfigParams} from './vpn/PeerConfig.js';
import type {PeerFormParams} from './vpn/PeerForm.js';
import type {Phase2FormParams} from './vpn/Phase2Form.js';
import type {PskParams} from './vpn/PskView.js';
import type {TunnelFormParams} from './vpn/TunnelForm.js';
import type {WireguardFormParams} from './vpn/WireguardForm.js';
import type {InterfaceParams} from './vpn/WireguardPeers.js';

const tenantActionDefs = (prefix: string): ViewAction[] => [
  {
    id: `${prefix}.poweron`,
    title: 'Power on',
    description: 'Power the tenant on',
    keys: ['p'],
    mutating: true,
    needsConnection: true,
    footer: 1,
    hint: 'power on',
  },
  {
    id: `${prefix}.poweroff`,
    title: 'Power off',
    description: 'Power the tenant off (asks first)',
    keys: ['P'],
    dangerous: true,
    needsConnection: true,
    footer: 2,
    hint: 'off',
  },
  {
    id: `${prefix}.isolate`,
    title: 'Isolate on/off',
    description: 'Cut (or restore) every network path of the tenant (asks first, says what it cuts)',
    keys: ['i'],
    dangerous: true,
    needsConnection: true,
    footer: 3,
    hint: 'isolate',
  },
];

export const ctxView = lazyView<undefined>(
  {
    id: 'ctx',
    title: 'profiles',
    command: 'ctx',
    aliases: ['profiles', 'context'],
    description: 'Switch site profile (works while offline)',
    actions: [
      {
        id: 'ctx.signin',
        title: 'Sign in to a site',
        description: 'Add a site: address, certificate, credentials',
        keys: ['n'],
        footer: 1,
        hint: 'sign in',
      },
      {
        id: 'ctx.default',
        title: 'Make default',
        description: 'Use the selected profile when vseg starts without --profile',
        keys: ['D'],
        footer: 2,
        hint: 'default',
      },
    ],
  },
  () => import('./ctx/ProfilesList.js').then((m) => m.ProfilesList),
);

export const mirrorModeView = lazyView<MirrorParams>({id: 'mirrors.mode', title: (p) => `mirroring of ${p.name}`}, () =>
  import('./mirrors/MirrorForms.js').then((m) => m.ModeForm),
);

export const mirrorAttachView = lazyView<MirrorParams>(
  {id: 'mirrors.attach', title: (p) => `capture NIC for ${p.name}`},
  () => import('./mirrors/MirrorForms.js').then((m) => m.AttachForm),
);

export const mirrorsView = lazyView<undefined>(
  {
    id: 'mirrors',
    title: 'mirrors',
    command: 'mirrors',
    aliases: ['mirror'],
    description: 'Port mirroring per network',
    actions: [
      {
        id: 'mirrors.mode',
        title: 'Change mode',
        description: 'Set the mirroring mode (off, north/south, east/west)',
        keys: ['m'],
        mutating: true,
        needsConnection: true,
        footer: 1,
        hint: 'mode',
      },
      {
        id: 'mirrors.restart',
        title: 'Restart network',
        description: 'Restart the network so a mode change takes effect (asks first)',
        keys: ['R'],
        dangerous: true,
        needsConnection: true,
        footer: 2,
        hint: 'restart',
      },
      {
        id: 'mirrors.attach',
        title: 'Attach capture NIC',
        description: "Move a capture VM's NIC onto the network's mirror",
        keys: ['a'],
        mutating: true,
        needsConnection: true,
        footer: 3,
        hint: 'attach',
      },
    ],
  },
  () => import('./mirrors/MirrorsList.js').then((m) => m.MirrorsList),
);

export const signInView = lazyView<undefined>(
  {
    id: 'signin',
    title: 'sign in',
    command: 'signin',
    aliases: ['login'],
    description: 'Sign in to a VergeOS site and save it as a profile',
  },
  () => import('./signin/SignIn.js').then((m) => m.SignIn),
);

export const tenantDetailView = lazyView<TenantParams>(
  {
    id: 'tenants.detail',
    title: (p) => `tenant ${p.name}`,
    actions: tenantActionDefs('tenant'),
  },
  () => import('./tenants/TenantDetail.js').then((m) => m.TenantDetail),
);

export const tenantsView = lazyView<undefined>(
  {
    id: 'tenants',
    title: 'tenants',
    command: 'tenants',
    aliases: ['tenant'],
    description: 'Tenants: state, isolation, networks',
    actions: [
      ...tenantActionDefs('tenants'),
      {
        id: 'tenants.create',
        title: 'New tenant',
        description: 'Create a tenant by name (its blocks and isolation come from :wizard tenants)',
        keys: ['n'],
        mutating: true,
        needsConnection: true,
        footer: 0,
        hint: 'new',
      },
    ],
  },
  () => import('./tenants/TenantsList.js').then((m) => m.TenantsList),
);

export const tenantFormView = lazyView<undefined>({id: 'tenants.form', title: 'new tenant'}, () =>
  import('./tenants/TenantForm.js').then((m) => m.TenantForm),
);

export const moveNicView = lazyView<MoveNicParams>(
  {
    id: 'vms.move',
    title: (p) => `move ${p.label}`,
  },
  () => import('./vms/MoveNicForm.js').then((m) => m.MoveNicForm),
);

export const vmNicsView = lazyView<VmParams>(
  {
    id: 'vms.nics',
    title: (p) => `NICs of ${p.name}`,
    actions: [
      {
        id: 'vms.nic.move',
        title: 'Move NIC',
        description: 'Move the selected NIC to another network',
        keys: ['m'],
        mutating: true,
        needsConnection: true,
        footer: 1,
        hint: 'move',
      },
    ],
  },
  () => import('./vms/VmNics.js').then((m) => m.VmNics),
);

export const vmsView = lazyView<undefined>(
  {
    id: 'vms',
    title: 'vms',
    command: 'vms',
    aliases: ['vm'],
    description: 'Virtual machines and their NICs',
  },
  () => import('./vms/VmsList.js').then((m) => m.VmsList),
);

export const ipsecPhase2View = lazyView<TunnelParams>(
  {
    id: 'vpn.phase2',
    title: (p) => `ipsec ${p.name}`,
    actions: [
      {
        id: 'vpn.phase2.new',
        title: 'New phase 2',
        description: 'Add local/remote selectors to the tunnel',
        keys: ['n'],
        mutating: true,
        needsConnection: true,
        footer: 1,
        hint: 'new',
      },
      {
        id: 'vpn.phase2.edit',
        title: 'Edit phase 2',
        description: 'Edit the selected phase 2',
        keys: ['e'],
        mutating: true,
        needsConnection: true,
        footer: 2,
        hint: 'edit',
      },
      {
        id: 'vpn.phase2.delete',
        title: 'Delete phase 2',
        description: 'Delete the selected phase 2 (type its name)',
        keys: ['d'],
        dangerous: true,
        needsConnection: true,
        footer: 3,
        hint: 'delete',
      },
    ],
  },
  () => import('./vpn/IpsecPhase2.js').then((m) => m.IpsecPhase2List),
);

export const peerConfigView = lazyView<PeerConfigParams>(
  {
    id: 'vpn.peer-config',
    title: (p) => `client config of ${p.name}`,
    actions: [
      {
        id: 'vpn.config.copy',
        title: 'Copy',
        description: 'Copy the configuration to the clipboard (OSC 52)',
        keys: ['c'],
        footer: 1,
        hint: 'copy',
      },
    ],
  },
  () => import('./vpn/PeerConfig.js').then((m) => m.PeerConfig),
);

export const peerFormView = lazyView<PeerFormParams>(
  {
    id: 'vpn.peer-form',
    title: (p) => (p.peer !== undefined ? `edit ${p.peerName ?? 'peer'}` : `new peer of ${p.name}`),
  },
  () => import('./vpn/PeerForm.js').then((m) => m.PeerForm),
);

export const phase2FormView = lazyView<Phase2FormParams>(
  {
    id: 'vpn.phase2-form',
    title: (p) => (p.phase2 !== undefined ? `edit ${p.phase2Name ?? 'phase 2'}` : `new phase 2 of ${p.name}`),
  },
  () => import('./vpn/Phase2Form.js').then((m) => m.Phase2Form),
);

export const pskView = lazyView<PskParams>(
  {
    id: 'vpn.psk',
    title: (p) => `pre-shared key of ${p.tunnel}`,
    actions: [
      {
        id: 'vpn.psk.copy',
        title: 'Copy key',
        description: "Send the pre-shared key to the terminal's clipboard (OSC 52; the terminal may drop it)",
        keys: ['c'],
        footer: 1,
        hint: 'copy key',
      },
      {
        id: 'vpn.psk.reveal',
        // Not `r`: that is Refresh in every view.
        title: 'Show key',
        description: 'Show the new pre-shared key on screen (again: hide it); it is gone once this view closes',
        keys: ['v'],
        footer: 2,
        hint: 'show key',
      },
    ],
  },
  () => import('./vpn/PskView.js').then((m) => m.PskView),
);

export const tunnelFormView = lazyView<TunnelFormParams>(
  {
    id: 'vpn.tunnel-form',
    title: (p) => (p.tunnel !== undefined ? `edit ${p.name ?? 'tunnel'}` : 'new IPsec tunnel'),
  },
  () => import('./vpn/TunnelForm.js').then((m) => m.TunnelForm),
);

export const vpnView = lazyView<undefined>(
  {
    id: 'vpn',
    title: 'vpn',
    command: 'vpn',
    aliases: ['wireguard', 'ipsec'],
    description: 'IPsec and WireGuard tunnels',
    actions: [
      {
        id: 'vpn.new-wireguard',
        title: 'New WireGuard interface',
        description: 'Create a WireGuard interface on a network',
        keys: ['w'],
        mutating: true,
        needsConnection: true,
        footer: 1,
        hint: 'new wg',
      },
      {
        id: 'vpn.new-ipsec',
        title: 'New IPsec tunnel',
        description: 'Create an IPsec tunnel (phase 1 + its first phase 2)',
        keys: ['i'],
        mutating: true,
        needsConnection: true,
        footer: 2,
        hint: 'new ipsec',
      },
      {
        id: 'vpn.edit',
        title: 'Edit',
        description: 'Edit the selected interface or tunnel',
        keys: ['e'],
        mutating: true,
        needsConnection: true,
        footer: 3,
        hint: 'edit',
      },
      {
        id: 'vpn.delete',
        title: 'Delete',
        description: 'Delete the selected interface or tunnel (type its name)',
        keys: ['d'],
        dangerous: true,
        needsConnection: true,
        footer: 4,
        hint: 'delete',
      },
      {
        id: 'vpn.apply',
        title: 'Apply Rules',
        appliesRules: true,
        description: "Apply the staged rules on the selected tunnel's network",
        keys: ['A'],
        mutating: true,
        needsConnection: true,
        footer: 5,
        hint: 'apply',
      },
    ],
  },
  () => import('./vpn/VpnList.js').then((m) => m.VpnList),
);

export const wireguardFormView = lazyView<WireguardFormParams>(
  {
    id: 'vpn.wireguard-form',
    title: (p) => (p.iface !== undefined ? `edit ${p.name ?? 'interface'}` : 'new WireGuard interface'),
  },
  () => import('./vpn/WireguardForm.js').then((m) => m.WireguardForm),
);

export const wireguardPeersView = lazyView<InterfaceParams>(
  {
    id: 'vpn.peers',
    title: (p) => `wireguard ${p.name}`,
    actions: [
      {
        id: 'vpn.peers.new',
        title: 'New peer',
        description: 'Add a peer (its key pair can be made here)',
        keys: ['n'],
        mutating: true,
        needsConnection: true,
        footer: 1,
        hint: 'new',
      },
      {
        id: 'vpn.peers.edit',
        title: 'Edit peer',
        description: 'Edit the selected peer',
        keys: ['e'],
        mutating: true,
        needsConnection: true,
        footer: 2,
        hint: 'edit',
      },
      {
        id: 'vpn.peers.delete',
        title: 'Delete peer',
        description: 'Delete the selected peer (type its name)',
        keys: ['d'],
        dangerous: true,
        needsConnection: true,
        footer: 3,
        hint: 'delete',
      },
      {
        id: 'vpn.peers.config',
        title: 'Client config',
        description: "Show the peer's client configuration to copy",
        keys: ['c'],
        footer: 4,
        hint: 'config',
      },
    ],
  },
  () => import('./vpn/WireguardPeers.js').then((m) => m.WireguardPeers),
);
