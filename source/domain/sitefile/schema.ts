// The site file (`apiVersion: vseg/v1`, `kind: Segmentation`): one document
// holding a site's segmentation in a form people review as a diff. Names, never
// keys; rules under their network in evaluation order; secrets only as
// references. The zod schema below is the single definition of what a file may
// hold: unknown keys are refused (a typo must not silently do nothing), and a
// missing field means its default (the table in docs/SITEFILE.md), so the same
// document always means the same site.
import {z} from 'zod';
import {
  ALIAS_SCOPES,
  DNS_MODES,
  IPSEC_AUTH,
  IPSEC_AUTO,
  IPSEC_DEFAULT_CIPHERS,
  IPSEC_DEFAULT_IKE,
  IPSEC_DPD_ACTIONS,
  IPSEC_KEYEXCHANGE,
  IPSEC_NEGOTIATION,
  IPSEC_P2_MODES,
  IPSEC_P2_PROTOCOLS,
  NETWORK_TYPES,
  PORT_MIRRORING,
  RULE_ACTIONS,
  RULE_DIRECTIONS,
  RULE_INTERFACES,
  RULE_PINS,
  RULE_PROTOCOLS,
  WG_PEER_FIREWALL,
} from '../../api/enums.js';
import {contractsSchema} from './contracts.js';

export const API_VERSION = 'vseg/v1';
export const KIND = 'Segmentation';

/** `{secret: NAME}`: a value supplied at apply time, never written in the file. */
export interface SecretRef {
  secret: string;
  /** When not supplied, the field is left out and VergeOS chooses (e.g. generates a key). */
  optional?: boolean;
}

export const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

const secretRef = z
  .strictObject({
    secret: z.string().regex(SECRET_NAME, 'a secret name is letters, digits, ".", "_" or "-"'),
    optional: z.boolean().optional(),
  })
  .transform((v): SecretRef => (v.optional ? {secret: v.secret, optional: true} : {secret: v.secret}));

/** A literal string where a secret belongs is refused with a hint, never echoed back. */
const secretField = z
  .unknown()
  .optional()
  .transform((v, ctx): SecretRef | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') {
      ctx.addIssue({
        code: 'custom',
        message:
          'secrets are never written in the file: use {secret: NAME} and supply VSEG_SECRET_<NAME> or --secrets FILE',
      });
      return z.NEVER;
    }
    const r = secretRef.safeParse(v);
    if (!r.success) {
      for (const issue of r.error.issues) ctx.addIssue({code: 'custom', message: issue.message, path: issue.path});
      return z.NEVER;
    }
    return r.data;
  });

const name = (max = 128) =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => s.trim() === s, 'must not start or end with spaces');
/** Free text; numbers are accepted and kept as written (ports typed as 3306). */
const text = z
  .union([z.string(), z.number()])
  .optional()
  .transform((v) => (v === undefined ? '' : String(v)));
const bool = (fallback: boolean) =>
  z
    .boolean()
    .optional()
    .transform((v) => v ?? fallback);
const int = (fallback: number, min = 0, max = 2 ** 31 - 1) =>
  z
    .number()
    .int()
    .min(min)
    .max(max)
    .optional()
    .transform((v) => v ?? fallback);
const oneOf = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z
    .enum(values)
    .optional()
    .transform((v): T[number] => v ?? fallback);
/** A network named in the file or on the site; null = none. */
const networkName = z
  .union([name(), z.null()])
  .optional()
  .transform((v) => v ?? null);

const protocol = z
  .union([
    z.enum(RULE_PROTOCOLS),
    z.string().regex(/^\d{1,3}$/, 'a protocol name or number'),
    z.number().int().min(0).max(255),
  ])
  .optional()
  .transform((v) => (v === undefined ? 'any' : String(v)));

export const ruleSpecSchema = z.strictObject({
  name: name(),
  action: oneOf(RULE_ACTIONS, 'accept'),
  direction: oneOf(RULE_DIRECTIONS, 'incoming'),
  protocol,
  source: text,
  sourcePorts: text,
  destination: text,
  destinationPorts: text,
  target: text,
  targetPorts: text,
  pin: oneOf(RULE_PINS, 'no'),
  enabled: bool(true),
  log: bool(false),
  statistics: bool(false),
  interface: oneOf(RULE_INTERFACES, 'auto'),
  ctState: text,
  description: text,
});
export type RuleSpec = z.output<typeof ruleSpecSchema>;

const aliasEntry = z
  .union([
    z.string().min(1),
    z.number().transform(String),
    z.strictObject({value: z.union([z.string().min(1), z.number().transform(String)]), label: text}),
  ])
  .transform((e) => (typeof e === 'string' ? {value: e, label: ''} : e));

export const aliasSpecSchema = z.strictObject({
  name: name(),
  description: text,
  scope: oneOf(ALIAS_SCOPES, 'private'),
  entries: z
    .array(aliasEntry)
    .optional()
    .transform((v) => v ?? []),
});
export type AliasSpec = z.output<typeof aliasSpecSchema>;

export const peerSpecSchema = z.strictObject({
  name: name(),
  description: text,
  enabled: bool(true),
  endpoint: text,
  port: int(51820, 1, 65535),
  peerIp: text,
  publicKey: z.string().min(1, 'a peer needs its public key'),
  allowedIps: z.string().min(1, 'a peer needs allowedIps'),
  keepalive: int(0, 0, 65535),
  configureFirewall: oneOf(WG_PEER_FIREWALL, 'site-to-site'),
  presharedKey: secretField,
});
export type PeerSpec = z.output<typeof peerSpecSchema>;

export const wireguardSpecSchema = z.strictObject({
  name: name(),
  description: text,
  enabled: bool(true),
  ip: z.string().min(1, 'the interface address (CIDR) is required'),
  listenPort: int(51820, 1, 65535),
  mtu: int(0, 0, 65536),
  endpointIp: text,
  privateKey: secretField,
  peers: z
    .array(peerSpecSchema)
    .optional()
    .transform((v) => v ?? []),
});
export type WireguardSpec = z.output<typeof wireguardSpecSchema>;

export const phase2SpecSchema = z.strictObject({
  name: text,
  description: text,
  enabled: bool(true),
  mode: oneOf(IPSEC_P2_MODES, 'tunnel'),
  local: z.string().min(1, 'the local selector (CIDR) is required'),
  remote: text,
  protocol: oneOf(IPSEC_P2_PROTOCOLS, 'esp'),
  ciphers: z
    .string()
    .optional()
    .transform((v) => v ?? IPSEC_DEFAULT_CIPHERS),
  lifetime: int(3600, 60, 86400),
});
export type Phase2Spec = z.output<typeof phase2SpecSchema>;

export const tunnelSpecSchema = z.strictObject({
  name: name(),
  description: text,
  enabled: bool(true),
  remoteGateway: z.string().min(1, 'the remote gateway is required'),
  keyExchange: oneOf(IPSEC_KEYEXCHANGE, 'ike'),
  auth: oneOf(IPSEC_AUTH, 'psk'),
  negotiation: oneOf(IPSEC_NEGOTIATION, 'main'),
  ike: z
    .string()
    .optional()
    .transform((v) => v ?? IPSEC_DEFAULT_IKE),
  ikeLifetime: int(10800, 60),
  auto: oneOf(IPSEC_AUTO, 'route'),
  dpdAction: oneOf(IPSEC_DPD_ACTIONS, 'restart'),
  psk: secretField,
  phase2: z
    .array(phase2SpecSchema)
    .optional()
    .transform((v) => v ?? []),
});
export type TunnelSpec = z.output<typeof tunnelSpecSchema>;

export const networkSpecSchema = z.strictObject({
  name: name(),
  type: oneOf(NETWORK_TYPES, 'internal'),
  description: text,
  enabled: bool(true),
  cidr: text,
  routerIp: text,
  dmzIp: text,
  gateway: text,
  defaultGateway: networkName,
  interfaceNetwork: networkName,
  dhcp: z
    .strictObject({enabled: bool(false), start: text, stop: text})
    .optional()
    .transform((v) => v ?? {enabled: false, start: '', stop: ''}),
  dns: oneOf(DNS_MODES, 'simple'),
  dnsList: text,
  domain: text,
  mtu: int(1500, 0, 65536),
  statistics: bool(false),
  portMirroring: oneOf(PORT_MIRRORING, 'off'),
  rules: z
    .array(ruleSpecSchema)
    .optional()
    .transform((v) => v ?? []),
  wireguard: z
    .array(wireguardSpecSchema)
    .optional()
    .transform((v) => v ?? []),
  ipsec: z
    .array(tunnelSpecSchema)
    .optional()
    .transform((v) => v ?? []),
});
export type NetworkSpec = z.output<typeof networkSpecSchema>;

export const blockSpecSchema = z.strictObject({network: name(), cidr: z.string().min(1), description: text});
export type BlockSpec = z.output<typeof blockSpecSchema>;

export const tenantSpecSchema = z.strictObject({
  name: name(120),
  description: text,
  isolate: bool(false),
  blocks: z
    .array(blockSpecSchema)
    .optional()
    .transform((v) => v ?? []),
});
export type TenantSpec = z.output<typeof tenantSpecSchema>;

export const sitefileSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION, {message: `apiVersion must be "${API_VERSION}"`}),
  kind: z.literal(KIND, {message: `kind must be "${KIND}"`}),
  partial: bool(false),
  aliases: z
    .array(aliasSpecSchema)
    .optional()
    .transform((v) => v ?? []),
  networks: z
    .array(networkSpecSchema)
    .optional()
    .transform((v) => v ?? []),
  tenants: z
    .array(tenantSpecSchema)
    .optional()
    .transform((v) => v ?? []),
  /** Segmentation contracts (contracts.ts); checked, never applied. */
  contracts: contractsSchema.optional(),
});
export type Sitefile = z.output<typeof sitefileSchema>;
/** What a file may contain before defaults are filled in. */
export type SitefileInput = z.input<typeof sitefileSchema>;

export function emptySitefile(partial = false): Sitefile {
  return {apiVersion: API_VERSION, kind: KIND, partial, aliases: [], networks: [], tenants: []};
}

/** Defaults, for the serialiser (a field equal to its default is left out) and the docs. */
export const RULE_DEFAULTS: Omit<RuleSpec, 'name'> = ruleSpecSchema.parse({name: 'x'});
export const NETWORK_DEFAULTS: Omit<NetworkSpec, 'name'> = networkSpecSchema.parse({name: 'x'});
export const ALIAS_DEFAULTS: Omit<AliasSpec, 'name'> = aliasSpecSchema.parse({name: 'x'});
export const TENANT_DEFAULTS: Omit<TenantSpec, 'name'> = tenantSpecSchema.parse({name: 'x'});
export const WIREGUARD_DEFAULTS: Omit<WireguardSpec, 'name' | 'ip'> = wireguardSpecSchema.parse({name: 'x', ip: 'x'});
export const PEER_DEFAULTS: Omit<PeerSpec, 'name' | 'publicKey' | 'allowedIps'> = peerSpecSchema.parse({
  name: 'x',
  publicKey: 'x',
  allowedIps: 'x',
});
export const TUNNEL_DEFAULTS: Omit<TunnelSpec, 'name' | 'remoteGateway'> = tunnelSpecSchema.parse({
  name: 'x',
  remoteGateway: 'x',
});
export const PHASE2_DEFAULTS: Omit<Phase2Spec, 'local'> = phase2SpecSchema.parse({local: 'x'});
