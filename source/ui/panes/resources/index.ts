// Views of VPN, tenants, mirrors, VMs, profiles (:ctx), sign-in (owner: resources panes).
import type {ShellCommand} from '../../app/commands.js';
import type {AnyViewDef} from '../../app/views.js';
import {
  ctxView,
  ipsecPhase2View,
  mirrorAttachView,
  mirrorModeView,
  mirrorsView,
  moveNicView,
  peerConfigView,
  peerFormView,
  phase2FormView,
  pskView,
  signInView,
  tenantDetailView,
  tenantFormView,
  tenantsView,
  tunnelFormView,
  vmNicsView,
  vmsView,
  vpnView,
  wireguardFormView,
  wireguardPeersView,
} from './views.js';

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
  tenantFormView,
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
