// vnet_rules and vnet_rule_aliases (VERGEOS-API.md §3.3, §3.4).
import {
  ALIAS_SCOPES,
  RULE_ACTIONS,
  RULE_DIRECTIONS,
  RULE_INTERFACES,
  RULE_PINS,
  RULE_PROTOCOLS,
} from '../../api/enums.js';
import {bool, enumOf, fk, int, key, stamps, text, type TableSchema} from './types.js';

export const vnetRules: TableSchema = {
  name: 'vnet_rules',
  description: 'Network firewall, NAT and route rules (staged until Apply Rules)',
  unique: [{fields: ['vnet', 'name']}],
  fields: [
    key(),
    // fixed after create (TF3): a different value on PUT is a 422
    fk('vnet', 'vnets', {required: true, createOnly: true, summary: true}),
    text('name', {required: true, maxLength: 128, summary: true}),
    text('description', {maxLength: 2048}),
    int('orderid', {default: null, summary: true}),
    enumOf('pin', RULE_PINS, {default: 'no', summary: true}),
    bool('enabled', {default: true, summary: true}),
    bool('trace'),
    bool('system_rule', {readonly: true, summary: true}),
    text('owner', {readonly: true}),
    enumOf('protocol', RULE_PROTOCOLS, {default: 'any', summary: true}),
    enumOf('direction', RULE_DIRECTIONS, {default: 'incoming', summary: true}),
    text('ct_state'),
    enumOf('interface', RULE_INTERFACES, {default: 'auto'}),
    text('source_ip', {summary: true}),
    text('source_ports', {summary: true}),
    text('destination_ip', {summary: true}),
    text('destination_ports', {summary: true}),
    enumOf('action', RULE_ACTIONS, {default: 'accept', summary: true}),
    text('target_ip'),
    text('target_ports'),
    text('throttle'),
    bool('drop_throttle'),
    bool('statistics'),
    bool('log'),
    int('packets', {readonly: true}),
    int('bytes', {readonly: true}),
    text('creator', {readonly: true}),
    ...stamps(),
  ],
};

export const vnetRuleAliases: TableSchema = {
  name: 'vnet_rule_aliases',
  description: 'Rule aliases: named address/port groups referenced by rules as alias:<$key>',
  unique: [{fields: ['name']}],
  fields: [
    key(),
    text('name', {required: true, maxLength: 128, summary: true}),
    text('id', {readonly: true, summary: true}),
    text('value', {summary: true, maxLength: 65536}),
    enumOf('publishing_scope', ALIAS_SCOPES, {default: 'private'}),
    text('owner', {readonly: true}),
    text('description', {maxLength: 2048, summary: true}),
    ...stamps(),
  ],
};
