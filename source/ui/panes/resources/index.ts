// Views of VPN, tenants, mirrors, VMs, profiles (:ctx), sign-in (owner: resources panes).
import type {ShellCommand} from '../../app/commands.js';
import type {AnyViewDef} from '../../app/views.js';
import {ctxView} from './ctx/ProfilesList.js';
import {mirrorAttachView, mirrorModeView} from './mirrors/MirrorForms.js';
import {mirrorsView} from './mirrors/MirrorsList.js';
import {signInView} from './signin/SignIn.js';
import {tenantDetailView} from './tenants/TenantDetail.js';
import {tenantsView} from './tenants/TenantsList.js';
import {moveNicView} from './vms/MoveNicForm.js';
import {vmNicsView} from './vms/VmNics.js';
import {vmsView} from './vms/VmsList.js';
import {ipsecPhase2View} from './vpn/IpsecPhase2.js';
import {peerConfigView} from './vpn/PeerConfig.js';
import {peerFormView} from './vpn/PeerForm.js';
import {phase2FormView} from './vpn/Phase2Form.js';
import {pskView} from './vpn/PskView.js';
import {tunnelFormView} from './vpn/TunnelForm.js';
import {vpnView} from './vpn/VpnList.js';
import {wireguardFormView} from './vpn/WireguardForm.js';
import {wireguardPeersView} from './vpn/WireguardPeers.js';

/** The view the console opens on first run (no site given, no profile saved). */
export const SIGN_IN_VIEW = signInView.id;

export const resourcesViews: readonly AnyViewDef[] = [
  vpnView,
  wireguardPeersView,
  ipsecPhase2View,
  wireguardFormView,
  peerFormView,
  tunnelFormView,
  phase2FormView,
  peerConfigView,
  pskView,
  tenantsView,
  tenantDetailView,
  mirrorsView,
  mirrorModeView,
  mirrorAttachView,
  vmsView,
  vmNicsView,
  moveNicView,
  ctxView,
  signInView,
];
export const resourcesCommands: readonly ShellCommand[] = [];
