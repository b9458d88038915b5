// Canonical text of a site file. The same document always gives the same
// bytes: keys in a fixed order, collections whose order means nothing sorted
// by name (code-point order, not the locale's), rules kept in evaluation
// order, a field equal to its default left out, no timestamps. YAML and JSON
// carry the same document; YAML adds a constant comment header.
import {Document, Scalar, isMap, isPair, isScalar, isSeq} from 'yaml';
import {eachScalar, escapedYamlText, quoteControls, safeJson} from '../safe-serialise.js';
import {
  ALIAS_DEFAULTS,
  NETWORK_DEFAULTS,
  PEER_DEFAULTS,
  PHASE2_DEFAULTS,
  RULE_DEFAULTS,
  TENANT_DEFAULTS,
  TUNNEL_DEFAULTS,
  WIREGUARD_DEFAULTS,
  type AliasSpec,
  type BlockSpec,
  type NetworkSpec,
  type PeerSpec,
  type Phase2Spec,
  type RuleSpec,
  type SecretRef,
  type Sitefile,
  type TenantSpec,
  type TunnelSpec,
  type WireguardSpec,
} from './schema.js';
import {contractsPlain} from './contracts-file.js';
import {emitYaml} from '../yaml-emit.js';

export type SitefileFormat = 'yaml' | 'json';

export const YAML_HEADER = [
  '# vseg site file (apiVersion vseg/v1): the segmentation of a VergeOS site.',
  '# Review changes with "vseg plan -f FILE", apply them with "vseg apply -f FILE".',
  '# Secrets are references ({secret: NAME}): supply VSEG_SECRET_<NAME> or --secrets FILE at apply.',
  '',
].join('\n');

/** Code-point order: the same on every machine, unlike localeCompare. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const byName = <T extends {name: string}>(a: T, b: T) => byText(a.name, b.name);

export type Plain = string | number | boolean | null | Plain[] | {[k: string]: Plain};

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Copies `fields` in order, leaving out those equal to their default (unless always shown). */
function pick<T extends object>(
  obj: T,
  fields: ReadonlyArray<keyof T & string>,
  defaults: Partial<T>,
  always: ReadonlyArray<keyof T & string> = [],
): Record<string, Plain> {
  const out: Record<string, Plain> = {};
  for (const f of fields) {
    const v = obj[f] as unknown;
    if (v === undefined) continue;
    if (!always.includes(f) && f in defaults && same(v, defaults[f])) continue;
    out[f] = v as Plain;
  }
  return out;
}

function secret(ref: SecretRef | undefined): Plain | undefined {
  if (!ref) return undefined;
  return ref.optional ? {secret: ref.secret, optional: true} : {secret: ref.secret};
}

function withSecret(out: Record<string, Plain>, key: string, ref: SecretRef | undefined): Record<string, Plain> {
  const s = secret(ref);
  if (s !== undefined) out[key] = s;
  return out;
}

const RULE_FIELDS = [
  'name',
  'action',
  'direction',
  'protocol',
  'source',
  'sourcePorts',
  'destination',
  'destinationPorts',
  'target',
  'targetPorts',
  'pin',
  'enabled',
  'log',
  'statistics',
  'interface',
  'ctState',
  'description',
  'owner',
  'ticket',
  'expires',
  'reviewed',
] as const satisfies ReadonlyArray<keyof RuleSpec>;

function rulePlain(r: RuleSpec): Plain {
  return pick(r, RULE_FIELDS, RULE_DEFAULTS, ['name', 'action', 'direction', 'protocol']);
}

function aliasPlain(a: AliasSpec): Plain {
  const out = pick(a, ['name', 'description', 'scope'], ALIAS_DEFAULTS);
  out['entries'] = a.entries.map((e) => (e.label ? {value: e.value, label: e.label} : e.value));
  return out;
}

function peerPlain(p: PeerSpec): Plain {
  const out = pick(
    p,
    [
      'name',
      'description',
      'enabled',
      'endpoint',
      'port',
      'peerIp',
      'publicKey',
      'allowedIps',
      'keepalive',
      'configureFirewall',
    ],
    PEER_DEFAULTS,
  );
  return withSecret(out, 'presharedKey', p.presharedKey);
}

function wireguardPlain(w: WireguardSpec): Plain {
  const out = withSecret(
    pick(w, ['name', 'description', 'enabled', 'ip', 'listenPort', 'mtu', 'endpointIp'], WIREGUARD_DEFAULTS),
    'privateKey',
    w.privateKey,
  );
  if (w.peers.length > 0) out['peers'] = [...w.peers].sort(byName).map(peerPlain);
  return out;
}

function phase2Key(p: Phase2Spec): string {
  return `${p.name}\u0000${p.local}\u0000${p.remote}`;
}

function phase2Plain(p: Phase2Spec): Plain {
  return pick(
    p,
    ['name', 'description', 'enabled', 'mode', 'local', 'remote', 'protocol', 'ciphers', 'lifetime'],
    PHASE2_DEFAULTS,
    ['local'],
  );
}

function tunnelPlain(t: TunnelSpec): Plain {
  const out = withSecret(
    pick(
      t,
      [
        'name',
        'description',
        'enabled',
        'remoteGateway',
        'keyExchange',
        'auth',
        'negotiation',
        'ike',
        'ikeLifetime',
        'auto',
        'dpdAction',
      ],
      TUNNEL_DEFAULTS,
    ),
    'psk',
    t.psk,
  );
  if (t.phase2.length > 0)
    out['phase2'] = [...t.phase2].sort((a, b) => byText(phase2Key(a), phase2Key(b))).map(phase2Plain);
  return out;
}

function networkPlain(n: NetworkSpec): Plain {
  const out = pick(
    n,
    [
      'name',
      'type',
      'description',
      'enabled',
      'cidr',
      'routerIp',
      'dmzIp',
      'gateway',
      'defaultGateway',
      'interfaceNetwork',
      'dhcp',
      'dns',
      'dnsList',
      'domain',
      'mtu',
      'statistics',
      'portMirroring',
    ],
    NETWORK_DEFAULTS,
    ['name', 'type'],
  );
  if (out['dhcp'] !== undefined) out['dhcp'] = pick(n.dhcp, ['enabled', 'start', 'stop'], {});
  if (n.rules.length > 0) out['rules'] = n.rules.map(rulePlain);
  if (n.wireguard.length > 0) out['wireguard'] = [...n.wireguard].sort(byName).map(wireguardPlain);
  if (n.ipsec.length > 0) out['ipsec'] = [...n.ipsec].sort(byName).map(tunnelPlain);
  return out;
}

function blockKey(b: BlockSpec): string {
  return `${b.network}\u0000${b.cidr}`;
}

function tenantPlain(t: TenantSpec): Plain {
  const out = pick(t, ['name', 'description', 'isolate'], TENANT_DEFAULTS);
  if (t.blocks.length > 0)
    out['blocks'] = [...t.blocks]
      .sort((a, b) => byText(blockKey(a), blockKey(b)))
      .map((b) => pick(b, ['network', 'cidr', 'description'], {description: ''}));
  return out;
}

/** The document as plain data in canonical order (what both formats print). */
export function toPlain(doc: Sitefile): Record<string, Plain> {
  const out: Record<string, Plain> = {apiVersion: doc.apiVersion, kind: doc.kind};
  if (doc.partial) out['partial'] = true;
  out['aliases'] = [...doc.aliases].sort(byName).map(aliasPlain);
  out['networks'] = [...doc.networks].sort(byName).map(networkPlain);
  out['tenants'] = [...doc.tenants].sort(byName).map(tenantPlain);
  if (doc.contracts && (doc.contracts.statements.length > 0 || Object.keys(doc.contracts.zones).length > 0))
    out['contracts'] = contractsPlain(doc.contracts);
  return out;
}

/** Small leaf maps read best on one line: {secret: NAME}, {value: 10.0.0.1, label: web-01}. */
export function isFlowLeaf(keys: readonly string[]): boolean {
  return keys.includes('secret') || (keys.includes('value') && keys.every((k) => k === 'value' || k === 'label'));
}

function flowLeafMaps(root: unknown): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isSeq(node)) for (const item of node.items) stack.push(item);
    else if (isPair(node)) stack.push(node.value);
    else if (isMap(node)) {
      if (isFlowLeaf(node.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : '')))) node.flow = true;
      for (const item of node.items) stack.push(item);
    }
  }
}

// YAML 1.1 readers (PyYAML, older tools) take these for booleans: quote them.
const YAML11_BOOL = /^(y|yes|n|no|on|off|true|false)$/i;

/**
 * The YAML body (no header) of a site file's plain data, written with the
 * yaml library: the reference emitYaml matches, and the writer of the
 * documents it declines (a line break in a key or in a one-line map).
 */
export function sitefileYamlWithLibrary(plain: Record<string, Plain>): string {
  const yaml = new Document(plain, {aliasDuplicateObjects: false});
  // One walk over the tree (50,000 rules make a million nodes): quoting and flow style together.
  eachScalar(yaml.contents, (scalar, role) => {
    quoteControls(scalar);
    if (role === 'value' && typeof scalar.value === 'string' && YAML11_BOOL.test(scalar.value))
      scalar.type = Scalar.QUOTE_DOUBLE;
  });
  flowLeafMaps(yaml.contents);
  return escapedYamlText(yaml, {lineWidth: 0, indentSeq: true});
}

/** The site file's YAML body: emitYaml's text, the library's for what it declines. */
export function sitefileYaml(plain: Record<string, Plain>): string {
  return emitYaml(plain, {yaml11Booleans: true, flowMap: isFlowLeaf}) ?? sitefileYamlWithLibrary(plain);
}

export function serialiseSitefile(doc: Sitefile, format: SitefileFormat = 'yaml'): string {
  const plain = toPlain(doc);
  if (format === 'json') return `${safeJson(plain)}\n`;
  return YAML_HEADER + sitefileYaml(plain);
}
