// WireGuard tables (VERGEOS-API.md §3.8).
import {WG_PEER_FIREWALL} from '../../api/enums.js';
import {bool, enumOf, fk, int, key, rowlist, stamps, text, ts, type TableSchema} from './types.js';

export const vnetWireguards: TableSchema = {
  name: 'vnet_wireguards',
  description: 'WireGuard interfaces of a network',
  unique: [{fields: ['vnet', 'name']}],
  fields: [
    key(),
    fk('vnet', 'vnets', {required: true, summary: true}),
    text('name', {required: true, maxLength: 128, summary: true}),
    text('description', {summary: true}),
    bool('enabled', {default: true, summary: true}),
    text('ip', {required: true, summary: true}),
    int('listenport', {default: 51820, min: 1, max: 65535, summary: true}),
    int('mtu', {min: 0, max: 65536}),
    // TS wireguard/types.ts: given or blank (generated) at create, locked after
    text('public_key', {createOnly: true, summary: true}),
    text('private_key', {writeOnly: true, createOnly: true}),
    text('endpoint_ip'),
    bool('configure_firewall', {createOnly: true}),
    fk('external_ip', 'vnet_addresses', {createOnly: true}),
    bool('auto_apply_firewall'),
    int('nic', {readonly: true, default: null}),
    ...stamps(),
    rowlist('peers', 'vnet_wireguard_peers', 'wireguard'),
  ],
};

export const vnetWireguardPeers: TableSchema = {
  name: 'vnet_wireguard_peers',
  description: 'WireGuard peers of an interface',
  unique: [{fields: ['wireguard', 'name']}],
  fields: [
    key(),
    fk('wireguard', 'vnet_wireguards', {required: true, summary: true}),
    text('name', {required: true, maxLength: 128, summary: true}),
    text('description', {summary: true}),
    bool('enabled', {default: true, summary: true}),
    bool('autogenerate_peer', {createOnly: true}),
    text('endpoint', {summary: true}),
    int('port', {default: 51820, min: 1, max: 65535}),
    text('peer_ip', {summary: true}),
    text('public_key', {summary: true}),
    text('private_key', {writeOnly: true}),
    text('preshared_key', {writeOnly: true}),
    text('allowed_ips', {required: true, summary: true}),
    enumOf('configure_firewall', WG_PEER_FIREWALL, {default: 'site-to-site'}),
    int('keepalive', {min: 0, max: 65535}),
    text('wg_config', {readonly: true, heavy: true}),
    fk('status', 'vnet_wireguard_peer_status', {readonly: true}),
    ...stamps(),
  ],
};

export const vnetWireguardPeerStatus: TableSchema = {
  name: 'vnet_wireguard_peer_status',
  description: 'WireGuard peer handshake and traffic counters (read-only)',
  readOnly: true,
  fields: [
    key(),
    fk('peer', 'vnet_wireguard_peers', {summary: true}),
    ts('last_handshake', {summary: true}),
    int('tx_bytes', {readonly: true, summary: true}),
    int('rx_bytes', {readonly: true, summary: true}),
    ts('last_update'),
  ],
};
