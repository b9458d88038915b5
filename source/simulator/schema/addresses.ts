// vnet_addresses (IP aliases, static leases, tenant external IPs) and
// vnet_cidrs (network blocks) (VERGEOS-API.md §3.6, §3.9).
import {ADDRESS_TYPES} from '../../api/enums.js';
import {enumOf, fk, key, stamps, text, ts, type TableSchema} from './types.js';

export const vnetAddresses: TableSchema = {
  name: 'vnet_addresses',
  description: 'Network addresses: DHCP leases, static reservations, IP aliases, virtual IPs',
  fields: [
    key(),
    fk('vnet', 'vnets', {required: true, summary: true}),
    // TS network-address/types.ts: `type` is required, `ip` optional (§8.1 #13)
    text('ip', {summary: true}),
    text('mac', {summary: true}),
    enumOf('type', ADDRESS_TYPES, {default: null, required: true, summary: true}),
    text('hostname', {summary: true}),
    ts('expiration', {readonly: false}),
    text('owner', {summary: true}),
    text('vendor'),
    text('description', {summary: true}),
    ...stamps(),
  ],
};

export const vnetCidrs: TableSchema = {
  name: 'vnet_cidrs',
  description: 'Network blocks routed from a network (usually to a tenant)',
  fields: [
    key(),
    fk('vnet', 'vnets', {required: true, summary: true}),
    text('cidr', {required: true, summary: true}),
    text('owner', {summary: true}),
    text('description', {summary: true}),
    ...stamps(),
  ],
};
