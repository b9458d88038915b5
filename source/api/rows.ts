// Response validation at the boundary. VergeOS is loose about types — `$key` is
// a number in rows and a string in create answers, MTU may come as "9000",
// unset text is null — so the schemas accept those forms and normalise them.
// A value of the wrong kind altogether (an object where a name should be) is a
// broken answer and fails validation with the field's path. Unknown fields are
// dropped.
import {z} from 'zod';
import {REFUSE, withFieldRead} from './row-readers.js';

const numericString = /^-?\d+(\.\d+)?$/;
const keyString = /^\d+$/;
const refString = /^(?:[a-z_]+\/)?(\d+)$/;

// Each field schema comes with the plain function that reads a value the same way (row-readers.ts):
// it answers for the values the schema takes as they arrive, and sends everything else to zod.
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** `$key`-like integer: number or numeric string. */
export const zKey = withFieldRead(z.union([z.number().int(), z.string().regex(keyString).transform(Number)]), (v) =>
  isNumber(v) && Number.isSafeInteger(v) ? v : typeof v === 'string' && keyString.test(v) ? Number(v) : REFUSE,
);
/** Foreign key that may be unset: null, "" and 0 all mean "none". */
export const zRef = withFieldRead(
  z
    .union([z.number(), z.string(), z.null()])
    .optional()
    .transform((v, ctx) => {
      if (v === null || v === undefined || v === '' || v === 0) return null;
      if (typeof v === 'number') return v;
      // "tenants/5"-style references carry the key after the slash.
      const m = refString.exec(v);
      if (!m) {
        ctx.addIssue({code: 'custom', message: `expected a key, got "${v.slice(0, 40)}"`});
        return z.NEVER;
      }
      return Number(m[1]);
    }),
  (v) => {
    if (v === null || v === undefined || v === '' || v === 0) return null;
    if (isNumber(v)) return v;
    const m = typeof v === 'string' ? refString.exec(v) : null;
    return m ? Number(m[1]) : REFUSE;
  },
);
export const zText = withFieldRead(
  z
    .union([z.string(), z.number(), z.boolean(), z.null()])
    .optional()
    .transform((v) => (v === null || v === undefined ? '' : String(v))),
  (v) =>
    typeof v === 'string'
      ? v
      : v === null || v === undefined
        ? ''
        : isNumber(v) || typeof v === 'boolean'
          ? String(v)
          : REFUSE,
);
export const zBool = withFieldRead(
  z
    .union([z.boolean(), z.number(), z.string(), z.null()])
    .optional()
    .transform((v) => v === true || v === 1 || v === 'true' || v === '1' || v === 'yes'),
  (v) =>
    typeof v === 'boolean'
      ? v
      : v === null || v === undefined
        ? false
        : isNumber(v) || typeof v === 'string'
          ? v === 1 || v === 'true' || v === '1' || v === 'yes'
          : REFUSE,
);
const readNumber = (none: number | null) => (v: unknown) =>
  isNumber(v)
    ? v
    : v === null || v === undefined || v === ''
      ? none
      : typeof v === 'string' && numericString.test(v)
        ? Number(v)
        : REFUSE;
const zNum = withFieldRead(
  z
    .union([z.number(), z.string().regex(numericString), z.null(), z.literal('')])
    .optional()
    .transform((v) => (v === null || v === undefined || v === '' ? 0 : Number(v))),
  readNumber(0),
);
const zOptNum = withFieldRead(
  z
    .union([z.number(), z.string().regex(numericString), z.null(), z.literal('')])
    .optional()
    .transform((v) => (v === null || v === undefined || v === '' ? null : Number(v))),
  readNumber(null),
);

export const versionSchema = z.object({name: zText, version: zText, hash: zText});
export type VersionInfo = z.infer<typeof versionSchema>;

/** Create and action answers: `{"location","dbpath","$row","$key"}` (+ `response`). */
export const createdSchema = z.object({
  $key: z.union([z.string(), z.number()]).transform(String),
  location: zText,
  dbpath: zText,
  $row: zOptNum,
  response: z.record(z.string(), z.unknown()).optional(),
});
export type Created = z.infer<typeof createdSchema>;

export const systemSchema = z.object({yb_version: zText, os_version: zText, cloud_name: zText, branch: zText});

export const vnetSchema = z.object({
  $key: zKey,
  name: zText,
  description: zText,
  type: zText,
  enabled: zBool,
  network: zText,
  ipaddress: zText,
  dmz_ipaddress: zText,
  gateway: zText,
  vnet_default_gateway: zRef,
  interface_vnet: zRef,
  dhcp_enabled: zBool,
  dhcp_start: zText,
  dhcp_stop: zText,
  dns: zText,
  dnslist: zText,
  domain: zText,
  mtu: zNum,
  need_fw_apply: zBool,
  need_restart: zBool,
  last_fw_apply: zOptNum,
  port_mirroring: zText,
  port_mirroring_vnet: zRef,
  statistics: zBool,
  ipsec_enabled: zBool,
  machine: zRef,
  owner: zText,
  modified: zOptNum,
  running: zBool,
  status: zText,
});
export const VNET_FIELDS = [
  '$key',
  'name',
  'description',
  'type',
  'enabled',
  'network',
  'ipaddress',
  'dmz_ipaddress',
  'gateway',
  'vnet_default_gateway',
  'interface_vnet',
  'dhcp_enabled',
  'dhcp_start',
  'dhcp_stop',
  'dns',
  'dnslist',
  'domain',
  'mtu',
  'need_fw_apply',
  'need_restart',
  'last_fw_apply',
  'port_mirroring',
  'port_mirroring_vnet',
  'statistics',
  'ipsec_enabled',
  'machine',
  'owner',
  // not `modified`: no public source shows vnets carrying it (VERGEOS-API.md §8.2); the model works without it
  'machine#status#running as running',
  'machine#status#status as status',
];

export const ruleSchema = z.object({
  $key: zKey,
  vnet: zKey,
  name: zText,
  description: zText,
  orderid: zNum,
  pin: zText,
  enabled: zBool,
  action: zText,
  protocol: zText,
  direction: zText,
  interface: zText,
  ct_state: zText,
  source_ip: zText,
  source_ports: zText,
  destination_ip: zText,
  destination_ports: zText,
  target_ip: zText,
  target_ports: zText,
  statistics: zBool,
  log: zBool,
  trace: zBool,
  throttle: zText,
  drop_throttle: zBool,
  packets: zNum,
  bytes: zNum,
  system_rule: zBool,
  owner: zText,
  modified: zOptNum,
});
export const RULE_FIELDS = Object.keys(ruleSchema.shape);

export const aliasSchema = z.object({
  $key: zKey,
  name: zText,
  id: zText,
  description: zText,
  value: zText,
  publishing_scope: zText,
});
export const ALIAS_FIELDS = Object.keys(aliasSchema.shape);

export const addressSchema = z.object({
  $key: zKey,
  vnet: zKey,
  ip: zText,
  mac: zText,
  type: zText,
  hostname: zText,
  owner: zText,
  description: zText,
});
export const ADDRESS_FIELDS = Object.keys(addressSchema.shape);

export const cidrSchema = z.object({$key: zKey, vnet: zKey, cidr: zText, owner: zText, description: zText});
export const CIDR_FIELDS = Object.keys(cidrSchema.shape);

/** tenant_layer2_vnets: a network passed through to a tenant at layer 2 (VERGEOS-API.md §3.9, §8.3). */
export const layer2Schema = z.object({$key: zKey, tenant: zKey, vnet: zKey, enabled: zBool});
export const LAYER2_FIELDS = Object.keys(layer2Schema.shape);

export const nicSchema = z.object({
  $key: zKey,
  machine: zKey,
  name: zText,
  vnet: zRef,
  macaddress: zText,
  ipaddress: zText,
  enabled: zBool,
  interface: zText,
  orderid: zNum,
  description: zText,
});
export const NIC_FIELDS = Object.keys(nicSchema.shape);

export const vmSchema = z.object({
  $key: zKey,
  name: zText,
  description: zText,
  machine: z
    .union([
      zKey,
      // With `machine[...]` sub-rows the machine comes back as an object.
      z.object({$key: zKey, nics: z.array(nicSchema).optional().default([])}),
    ])
    .transform((m) => (typeof m === 'number' ? {$key: m, nics: []} : m)),
  running: zBool,
  status: zText,
});
export const VM_FIELDS = [
  '$key',
  'name',
  'description',
  `machine[$key,nics[${NIC_FIELDS.join(',')}]]`,
  'machine#status#running as running',
  'machine#status#status as status',
];

export const tenantSchema = z.object({
  $key: zKey,
  name: zText,
  description: zText,
  vnet: zRef,
  isolate: zBool,
  ui_address: zRef,
  status: zText,
  state: zText,
  running: zBool,
});
export const TENANT_FIELDS = [
  '$key',
  'name',
  'description',
  'vnet',
  'isolate',
  'ui_address',
  'status#status as status',
  'status#state as state',
  'status#running as running',
];

export const tenantNodeSchema = z.object({$key: zKey, tenant: zKey, cpu_cores: zNum, ram: zNum});
export const TENANT_NODE_FIELDS = Object.keys(tenantNodeSchema.shape);

export const wireguardSchema = z.object({
  $key: zKey,
  vnet: zKey,
  name: zText,
  description: zText,
  enabled: zBool,
  ip: zText,
  listenport: zNum,
  mtu: zNum,
  public_key: zText,
  endpoint_ip: zText,
});
export const WIREGUARD_FIELDS = Object.keys(wireguardSchema.shape);

export const wireguardPeerSchema = z.object({
  $key: zKey,
  wireguard: zKey,
  name: zText,
  description: zText,
  enabled: zBool,
  endpoint: zText,
  port: zNum,
  peer_ip: zText,
  public_key: zText,
  allowed_ips: zText,
  keepalive: zNum,
  configure_firewall: zText,
});
export const WIREGUARD_PEER_FIELDS = Object.keys(wireguardPeerSchema.shape);

/**
 * Handshakes and counters come from their own table, matched on `peer` — as
 * PY network_stats.py WireGuardPeerStatusManager reads them — rather than
 * through a `status#…` join on the peer, which no public client uses (§8.2).
 */
export const wireguardPeerStatusSchema = z.object({
  $key: zKey,
  peer: zRef,
  last_handshake: zOptNum,
  tx_bytes: zNum,
  rx_bytes: zNum,
});
export const WIREGUARD_PEER_STATUS_FIELDS = Object.keys(wireguardPeerStatusSchema.shape);

export const ipsecSchema = z.object({$key: zKey, vnet: zKey, enabled: zBool, mode: zText});
export const IPSEC_FIELDS = Object.keys(ipsecSchema.shape);

export const phase1Schema = z.object({
  $key: zKey,
  ipsec: zKey,
  name: zText,
  description: zText,
  enabled: zBool,
  remote_gateway: zText,
  keyexchange: zText,
  auth: zText,
  negotiation: zText,
  ike: zText,
  ikelifetime: zNum,
  auto: zText,
  dpdaction: zText,
});
// the network comes from the tunnel's `vnet_ipsecs` row (listed too), not an `ipsec#vnet` join no public client uses (§8.2)
export const PHASE1_FIELDS = Object.keys(phase1Schema.shape);

export const phase2Schema = z.object({
  $key: zKey,
  phase1: zKey,
  name: zText,
  description: zText,
  enabled: zBool,
  mode: zText,
  local: zText,
  remote: zText,
  protocol: zText,
  ciphers: zText,
  lifetime: zNum,
});
export const PHASE2_FIELDS = Object.keys(phase2Schema.shape);

/** Minimal row for lookups by natural key (reconciliation, existence checks). */
export const keyOnlySchema = z.object({$key: zKey});

export type VnetRow = z.infer<typeof vnetSchema>;
export type RuleRow = z.infer<typeof ruleSchema>;
export type AliasRow = z.infer<typeof aliasSchema>;
export type AddressRow = z.infer<typeof addressSchema>;
export type CidrRow = z.infer<typeof cidrSchema>;
export type Layer2Row = z.infer<typeof layer2Schema>;
export type NicRow = z.infer<typeof nicSchema>;
export type VmRow = z.infer<typeof vmSchema>;
export type TenantRow = z.infer<typeof tenantSchema>;
export type WireguardRow = z.infer<typeof wireguardSchema>;
export type WireguardPeerRow = z.infer<typeof wireguardPeerSchema>;
export type WireguardPeerStatusRow = z.infer<typeof wireguardPeerStatusSchema>;
export type IpsecRow = z.infer<typeof ipsecSchema>;
export type Phase1Row = z.infer<typeof phase1Schema>;
export type Phase2Row = z.infer<typeof phase2Schema>;
