// The values of a site file, checked with the console forms' own field checks
// (domain/edits) before anything is sent: a CIDR like 10.10.2.0/33, host bits
// in a block, a router or DHCP range outside it, overlapping blocks, ports
// such as 70000 or 9000-8000, a malformed WireGuard key, names carrying
// control characters. What a form would refuse, a file may not sneak past.
// References to things that may exist only on the site (alias:NAME,
// vnet:NAME, vmnic:VM.NIC) are checked against the site by checkReferences
// and the plan; here only their spelling counts.
import {cidrOverlaps, parseCidr, splitList, validateCidr} from '../ip.js';
import {emptySite} from '../model.js';
import {
  validateAliasDescription,
  validateAliasEntryValue,
  validateAliasLabel,
  validateAliasName,
} from '../edits/aliases.js';
import {
  validateProposal,
  validateLocalSelector,
  validateRemoteGateway,
  validateRemoteSelector,
} from '../edits/ipsec.js';
import {
  validateDhcpStart,
  validateDhcpStop,
  validateDnsServers,
  validateDomain,
  validateGateway,
  validateNetworkCidr,
  validateNetworkDescription,
  validateNetworkName,
  validateRouterIp,
} from '../edits/networks.js';
import {cidrListError, descriptionError, nameError, optionalIpError} from '../edits/resource-fields.js';
import {
  isReferenceToken,
  validateAddressToken,
  validateCtState,
  validateDescription,
  validatePortToken,
  validateRuleName,
} from '../edits/rules.js';
import {peerIpError, validateInterfaceIp, validatePeerEndpoint} from '../edits/wireguard.js';
import {blockParentError} from '../edits/tenants.js';
import {wireguardKeyError} from '../wireguard-keys.js';
import type {SitefileIssue} from './parse.js';
import type {AliasSpec, NetworkSpec, RuleSpec, Sitefile, TenantSpec} from './schema.js';

type Report = (field: string, error: string | undefined) => void;

/** A comma list of entries, each checked on its own; empty means "any". */
function listError(value: string, each: (token: string) => string | undefined): string | undefined {
  if (value.trim() === '') return undefined;
  const parts = splitList(value);
  for (const [i, part] of parts.entries()) {
    if (part === '') return `entry ${i + 1} is empty (stray comma?)`;
    const bad = each(part);
    if (bad) return bad;
  }
  return undefined;
}

// The file is checked on its own: names it uses are the plan's to resolve against the site.
const NO_SITE = emptySite();

/** A token check remembered per distinct token, for one file: 50,000 rules name the same few hundred addresses and ports. */
function remembered(check: (token: string) => string | undefined): (token: string) => string | undefined {
  const known = new Map<string, string | undefined>();
  return (token) => {
    if (known.has(token)) return known.get(token);
    const error = check(token);
    known.set(token, error);
    return error;
  };
}

interface TokenChecks {
  address: (token: string) => string | undefined;
  port: (token: string) => string | undefined;
}

const tokenChecks = (): TokenChecks => ({
  address: remembered((token) => (isReferenceToken(token) ? undefined : validateAddressToken(token, NO_SITE))),
  port: remembered((token) => (isReferenceToken(token) ? undefined : validatePortToken(token))),
});

function checkRule(r: RuleSpec, report: Report, {address: addressError, port: portError}: TokenChecks): void {
  report('name', validateRuleName(r.name, {}, {site: NO_SITE, vnet: -1}));
  report('source', listError(r.source, addressError));
  report('destination', listError(r.destination, addressError));
  report('sourcePorts', listError(r.sourcePorts, portError));
  report('destinationPorts', listError(r.destinationPorts, portError));
  report('targetPorts', listError(r.targetPorts, portError));
  report('target', r.action === 'route' ? optionalIpError(r.target) : listError(r.target, addressError));
  report('ctState', validateCtState(r.ctState));
  report('description', validateDescription(r.description));
}

function checkNetwork(n: NetworkSpec, report: Report): void {
  report('name', validateNetworkName(n.name, {}, {site: emptySite()}));
  report('description', validateNetworkDescription(n.description));
  if (n.type === 'internal') {
    // The form's own checks, fed the file's values under the form's field names.
    const values = {
      cidr: n.cidr,
      routerIp: n.routerIp,
      gateway: n.gateway,
      dhcpEnabled: n.dhcp.enabled,
      dhcpStart: n.dhcp.start,
      dhcpStop: n.dhcp.stop,
    };
    if (n.cidr !== '') report('cidr', validateNetworkCidr(n.cidr, values, {site: emptySite()}));
    report('routerIp', validateRouterIp(n.routerIp, values));
    report('gateway', validateGateway(n.gateway, values));
    report('dhcp.start', validateDhcpStart(n.dhcp.start, values));
    report('dhcp.stop', validateDhcpStop(n.dhcp.stop, values));
  } else {
    if (n.cidr !== '') {
      const c = validateCidr(n.cidr);
      report('cidr', c.ok ? undefined : c.error);
    }
    report('routerIp', optionalIpError(n.routerIp));
    report('gateway', optionalIpError(n.gateway));
  }
  report('dmzIp', optionalIpError(n.dmzIp));
  report('dnsList', validateDnsServers(n.dnsList));
  report('domain', validateDomain(n.domain));
}

function checkAlias(a: AliasSpec, report: Report): void {
  report('name', validateAliasName(a.name, {}, {site: emptySite()}));
  report('description', validateAliasDescription(a.description));
  const seen = new Map<string, number>();
  a.entries.forEach((e, i) => {
    report(`entries[${i}].value`, e.value.trim() === '' ? 'an entry needs a value' : validateAliasEntryValue(e.value));
    report(`entries[${i}].label`, validateAliasLabel(e.label));
    const key = e.value.trim().toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) report(`entries[${i}].value`, `the same as entries[${first}]`);
    else seen.set(key, i);
  });
}

function checkTenant(t: TenantSpec, networks: readonly NetworkSpec[], report: Report): void {
  report('name', nameError(t.name, 'tenant'));
  report('description', descriptionError(t.description));
  t.blocks.forEach((b, i) => {
    const c = validateCidr(b.cidr);
    // The tenant wizard's check of the parent, for a parent the file describes; the live site's
    // blocks and addresses are the plan's to check (validateBlock against the site).
    const parent = networks.find((n) => n.name === b.network);
    report(`blocks[${i}].cidr`, c.ok ? (parent ? blockParentError(parent, b.cidr) : undefined) : c.error);
    report(`blocks[${i}].description`, descriptionError(b.description));
  });
}

function checkVpn(n: NetworkSpec, report: Report): void {
  n.wireguard.forEach((w, wi) => {
    const at = `wireguard[${wi}] (${w.name})`;
    report(`${at}.name`, nameError(w.name, 'interface'));
    report(`${at}.description`, descriptionError(w.description));
    report(`${at}.ip`, validateInterfaceIp(w.ip, {}, emptySite()));
    report(`${at}.endpointIp`, optionalIpError(w.endpointIp));
    w.peers.forEach((p, pi) => {
      const pat = `${at}.peers[${pi}] (${p.name})`;
      report(`${pat}.name`, nameError(p.name, 'peer'));
      report(`${pat}.description`, descriptionError(p.description));
      report(`${pat}.publicKey`, wireguardKeyError(p.publicKey));
      report(`${pat}.allowedIps`, cidrListError(p.allowedIps, 'allowed CIDR'));
      report(`${pat}.endpoint`, validatePeerEndpoint(p.endpoint));
      if (p.peerIp !== '') report(`${pat}.peerIp`, peerIpError(p.peerIp, w));
    });
  });
  n.ipsec.forEach((t, ti) => {
    const at = `ipsec[${ti}] (${t.name})`;
    report(`${at}.name`, nameError(t.name, 'tunnel'));
    report(`${at}.description`, descriptionError(t.description));
    report(`${at}.remoteGateway`, validateRemoteGateway(t.remoteGateway));
    report(`${at}.ike`, validateProposal(t.ike));
    t.phase2.forEach((p, pi) => {
      const pat = `${at}.phase2[${pi}]${p.name ? ` (${p.name})` : ''}`;
      if (p.name !== '') report(`${pat}.name`, nameError(p.name, 'phase 2'));
      report(`${pat}.description`, descriptionError(p.description));
      report(`${pat}.local`, validateLocalSelector(p.local));
      if (p.remote !== '') report(`${pat}.remote`, validateRemoteSelector(p.remote, {local: p.local}));
      report(`${pat}.ciphers`, validateProposal(p.ciphers));
    });
  });
}

/** Every value of the file a console form would refuse, with its path; empty when all are fine. */
export function checkValues(doc: Sitefile): SitefileIssue[] {
  const out: SitefileIssue[] = [];
  const reporter =
    (at: string): Report =>
    (field, error) => {
      if (error) out.push({path: `${at}.${field}`, message: error});
    };
  const checks = tokenChecks();
  doc.aliases.forEach((a, i) => checkAlias(a, reporter(`aliases[${i}] (${a.name})`)));
  doc.networks.forEach((n, ni) => {
    const at = `networks[${ni}] (${n.name})`;
    checkNetwork(n, reporter(at));
    n.rules.forEach((r, ri) =>
      checkRule(
        r,
        (field, error) => {
          // The path is made only for a problem: most of 50,000 rules have none.
          if (error) out.push({path: `${at}.rules[${ri}] (${r.name}).${field}`, message: error});
        },
        checks,
      ),
    );
    checkVpn(n, reporter(at));
  });
  doc.tenants.forEach((t, i) => checkTenant(t, doc.networks, reporter(`tenants[${i}] (${t.name})`)));

  // Internal networks route between each other: two blocks may not overlap.
  const blocks = doc.networks
    .map((n, i) => ({n, i, c: n.type === 'internal' && n.cidr !== '' ? parseCidr(n.cidr) : undefined}))
    .filter((x) => x.c?.ok === true);
  // Parsed once: with 1,000 networks this is half a million comparisons.
  const parsed = blocks.map((b) => (b.c?.ok ? b.c.value : null));
  blocks.forEach((b, j) => {
    let earlier: (typeof blocks)[number] | undefined;
    for (let k = 0; k < j && !earlier; k++) if (cidrOverlaps(parsed[k]!, parsed[j]!)) earlier = blocks[k];
    if (earlier)
      out.push({
        path: `networks[${b.i}] (${b.n.name}).cidr`,
        message: `overlaps network ${earlier.n.name} (${earlier.n.cidr}, networks[${earlier.i}])`,
      });
  });
  // Tenant blocks are routed to one tenant each: two of them may not overlap.
  const tenantBlocks = doc.tenants.flatMap((t, ti) =>
    t.blocks.map((b, bi) => ({t, ti, b, bi})).filter((x) => validateCidr(x.b.cidr).ok),
  );
  tenantBlocks.forEach((x, j) => {
    const earlier = tenantBlocks.slice(0, j).find((y) => cidrOverlaps(y.b.cidr, x.b.cidr));
    if (earlier)
      out.push({
        path: `tenants[${x.ti}] (${x.t.name}).blocks[${x.bi}].cidr`,
        message: `overlaps the block ${earlier.b.cidr} of tenant ${earlier.t.name} (tenants[${earlier.ti}].blocks[${earlier.bi}])`,
      });
  });
  return out;
}
