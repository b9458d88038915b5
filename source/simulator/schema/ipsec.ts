// IPsec tables (VERGEOS-API.md §3.7).
import {
  IPSEC_AUTH,
  IPSEC_AUTO,
  IPSEC_DEFAULT_CIPHERS,
  IPSEC_DEFAULT_IKE,
  IPSEC_DPD_ACTIONS,
  IPSEC_KEYEXCHANGE,
  IPSEC_MODES,
  IPSEC_NEGOTIATION,
  IPSEC_P2_MODES,
  IPSEC_P2_PROTOCOLS,
} from '../../api/enums.js';
import {bool, enumOf, fk, int, key, rowlist, stamps, text, ts, type TableSchema} from './types.js';

export const vnetIpsecs: TableSchema = {
  name: 'vnet_ipsecs',
  description: 'IPsec configuration of a network (one per network)',
  unique: [{fields: ['vnet']}],
  fields: [
    key(),
    fk('vnet', 'vnets', {required: true, summary: true}),
    bool('enabled', {default: true, summary: true}),
    enumOf('mode', IPSEC_MODES, {default: 'normal', summary: true}),
    text('strongswan_conf', {heavy: true}),
    text('ipsec_conf', {heavy: true}),
    text('ipsec_secrets', {heavy: true, writeOnly: true}),
    enumOf('uniqueids', ['yes', 'no', 'never', 'replace', 'keep']),
    bool('compress'),
    bool('exclude_network', {default: true}),
    bool('charon.cisco_unity'),
    bool('charon.accept_unencrypted_mainmode_messages'),
    int('charon.plugins.kernel-netlink.mss'),
    enumOf('strictcrlpolicy', ['no', 'yes', 'ifuri']),
    bool('charon.make_before_break'),
    ts('modified'),
    rowlist('phase1s', 'vnet_ipsec_phase1s', 'ipsec'),
  ],
};

export const vnetIpsecPhase1s: TableSchema = {
  name: 'vnet_ipsec_phase1s',
  description: 'IPsec tunnels (phase 1)',
  unique: [{fields: ['ipsec', 'name']}],
  fields: [
    key(),
    fk('ipsec', 'vnet_ipsecs', {required: true, summary: true}),
    bool('enabled', {default: true, summary: true}),
    text('name', {required: true, maxLength: 128, summary: true}),
    text('description', {summary: true}),
    enumOf('keyexchange', IPSEC_KEYEXCHANGE, {default: 'ike', summary: true}),
    text('remote_gateway', {required: true, summary: true}),
    enumOf('auth', IPSEC_AUTH, {default: 'psk'}),
    enumOf('negotiation', IPSEC_NEGOTIATION, {default: 'main'}),
    text('identifier'),
    text('peer_identifier'),
    text('psk', {writeOnly: true}),
    text('ike', {default: IPSEC_DEFAULT_IKE}),
    int('ikelifetime', {default: 10800, min: 60}),
    enumOf('auto', IPSEC_AUTO, {default: 'route'}),
    bool('mobike', {default: true}),
    bool('split_connections'),
    bool('forceencaps'),
    int('keyingtries', {default: 3, min: 0}),
    bool('rekey', {default: true}),
    bool('reauth', {default: true}),
    int('margintime', {default: 540}),
    enumOf('dpdaction', IPSEC_DPD_ACTIONS, {default: 'restart'}),
    int('dpddelay', {default: 30}),
    int('dpdfailures', {default: 5}),
    ...stamps(),
    rowlist('phase2s', 'vnet_ipsec_phase2s', 'phase1'),
  ],
};

export const vnetIpsecPhase2s: TableSchema = {
  name: 'vnet_ipsec_phase2s',
  description: 'IPsec phase 2 selectors',
  fields: [
    key(),
    fk('phase1', 'vnet_ipsec_phase1s', {required: true, summary: true}),
    bool('enabled', {default: true, summary: true}),
    text('name', {summary: true}),
    text('description'),
    enumOf('mode', IPSEC_P2_MODES, {default: 'tunnel', summary: true}),
    text('local', {required: true, summary: true}),
    text('remote', {summary: true}),
    int('lifetime', {default: 3600, min: 60, max: 86400}),
    enumOf('protocol', IPSEC_P2_PROTOCOLS, {default: 'esp'}),
    text('ciphers', {default: IPSEC_DEFAULT_CIPHERS}),
    ...stamps(),
  ],
};

/**
 * Live security associations: computed from the tunnels of running networks.
 * Columns as PY network_stats.py IPSecActiveConnection and TS
 * ipsec-connection/types.ts read them (§8.1 #11): `local`/`remote` are the
 * tunnel endpoints, `local_network`/`remote_network` the selectors.
 */
export const vnetIpsecConnections: TableSchema = {
  name: 'vnet_ipsec_connections',
  description: 'Live IPsec connections (read-only)',
  readOnly: true,
  fields: [
    key(),
    fk('vnet', 'vnets', {summary: true}),
    fk('phase1', 'vnet_ipsec_phase1s', {summary: true}),
    fk('phase2', 'vnet_ipsec_phase2s', {summary: true}),
    int('uniqueid', {summary: true}),
    text('local', {summary: true}),
    text('remote', {summary: true}),
    text('local_network', {summary: true}),
    text('remote_network', {summary: true}),
    text('connection', {summary: true}),
    text('reqid'),
    text('interface'),
    text('protocol', {summary: true}),
    ts('created', {summary: true}),
  ],
};
