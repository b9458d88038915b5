// The VPN wizard in the console: the kind of tunnel, then the WireGuard
// interface and one page per peer, or the IPsec tunnel; and the wizard's
// definition (schema, pages, validation, plan, remote side).
import {cidrOverlaps, validateIp} from '../ip.js';
import type {Site} from '../model.js';
import {networkOf} from './endpoints.js';
import {nameError, splitWords} from './names.js';
import type {WizardDef, WizardPage} from './types.js';
import {
  STRONG_IKE,
  ipsecAnswer,
  localSubnet,
  managedInternal,
  peerAnswer,
  planVpn,
  resolveWireguard,
  validateHostOrIp,
  validateInterfaceAddress,
  validatePeerAddress,
  validateProposal,
  validateReach,
  validateSubnets,
  validateVpnAnswers,
  validateVpnNetwork,
  vpnSchema,
  wireguardAnswer,
  type VpnAnswers,
} from './vpn.js';
import {vpnCheck, vpnResult} from './vpn-remote.js';

function pages(site: Site, a: VpnAnswers): Array<WizardPage<VpnAnswers>> {
  const internal = managedInternal(site);
  const kind: WizardPage<VpnAnswers> = {
    id: 'kind',
    title: 'Kind of tunnel',
    intro: ['WireGuard: remote users and small sites, keys per peer. IPsec: site-to-site with other firewalls.'],
    fields: [
      {
        kind: 'select',
        name: 'kind',
        label: 'Tunnel',
        options: [
          {value: 'wireguard', label: 'WireGuard'},
          {value: 'ipsec', label: 'IPsec'},
        ],
        initial: a.kind,
      },
    ],
    submit: (values, prev) => ({...prev, kind: values['kind'] === 'ipsec' ? 'ipsec' : 'wireguard'}),
  };
  if (a.kind === 'ipsec') {
    const s = a.ipsec ?? ipsecAnswer.parse({tunnel: '', remoteGateway: ''});
    return [
      kind,
      {
        id: 'ipsec',
        title: 'IPsec tunnel',
        intro: [`Phase 1: ${s.keyExchange} with ${STRONG_IKE}; a pre-shared key is generated here and shown once.`],
        fields: [
          {
            kind: 'text',
            name: 'network',
            label: 'VPN network',
            initial: s.network,
            hint: 'Created as a VPN network when it does not exist',
            validate: (v) =>
              nameError('network', v) ??
              (site.networks.some((n) => n.name === v && n.type !== 'vpn') ? `${v} is not a VPN network` : undefined),
          },
          {
            kind: 'text',
            name: 'tunnel',
            label: 'Tunnel name',
            initial: s.tunnel,
            validate: (v) => nameError('tunnel', v),
          },
          {
            kind: 'text',
            name: 'remoteGateway',
            label: 'Remote gateway',
            initial: s.remoteGateway,
            hint: 'The public IP address of the other side',
            validate: (v) => {
              const r = validateIp(v);
              return r.ok ? undefined : r.error;
            },
          },
          {
            kind: 'text',
            name: 'localSubnets',
            label: 'Local networks',
            initial: s.localSubnets.join(', '),
            hint: 'Network names or CIDRs on this side',
            validate: (v) =>
              splitWords(v).length === 0
                ? 'at least one'
                : splitWords(v)
                    .map((x) =>
                      localSubnet(site, x) && networkOf(site, localSubnet(site, x)!)
                        ? undefined
                        : `"${x}" is no internal network or CIDR inside one`,
                    )
                    .find(Boolean),
          },
          {
            kind: 'text',
            name: 'remoteSubnets',
            label: 'Remote networks',
            initial: s.remoteSubnets.join(', '),
            hint: 'CIDRs behind the other side',
            validate: (v) =>
              validateSubnets(v, true) ??
              splitWords(v)
                .map((r) => site.networks.find((n) => n.cidr && cidrOverlaps(r, n.cidr)))
                .filter(Boolean)
                .map((n) => `overlaps ${n!.name}`)[0],
          },
          {kind: 'text', name: 'ike', label: 'Phase 1 proposal', initial: s.ike, validate: (v) => validateProposal(v)},
          {kind: 'text', name: 'esp', label: 'Phase 2 proposal', initial: s.esp, validate: (v) => validateProposal(v)},
        ],
        submit: (values, prev) => ({
          ...prev,
          ipsec: {
            ...s,
            network: String(values['network']).trim(),
            tunnel: String(values['tunnel']).trim(),
            remoteGateway: String(values['remoteGateway']).trim(),
            localSubnets: splitWords(String(values['localSubnets'])),
            remoteSubnets: splitWords(String(values['remoteSubnets'])),
            ike: String(values['ike']).trim(),
            esp: String(values['esp']).trim(),
          },
        }),
      },
    ];
  }
  const w = a.wireguard ?? wireguardAnswer.parse({network: internal[0]?.name ?? ''});
  const peers = w.peers.length > 0 ? w.peers : [peerAnswer.parse({name: 'peer1'})];
  // Proposals (tunnel block, peer addresses) as if the peers shown were already answered.
  const r = validateVpnNetwork(site, w.network) === undefined ? resolveWireguard(site, {...w, peers}) : undefined;
  const peerPages = peers.map((p, i): WizardPage<VpnAnswers> => ({
    id: `peer-${i + 1}`,
    title: `Peer ${i + 1} of ${peers.length}`,
    intro: ['A key pair is generated here; its private key is shown once for the device and never sent to VergeOS.'],
    fields: [
      {kind: 'text', name: 'name', label: 'Peer name', initial: p.name, validate: (v) => nameError('peer', v)},
      {
        kind: 'select',
        name: 'kind',
        label: 'Kind',
        options: [
          {value: 'remote-user', label: 'remote user (laptop)'},
          {value: 'site-to-site', label: 'site-to-site'},
        ],
        initial: p.kind,
      },
      {
        kind: 'text',
        name: 'address',
        label: 'Tunnel address',
        initial: p.address ?? r?.peers[i]?.address ?? '',
        validate: (v) => validatePeerAddress(v, r?.subnet ?? '', r?.address ?? ''),
      },
      {
        kind: 'text',
        name: 'remoteSubnets',
        label: 'Remote networks',
        initial: p.remoteSubnets,
        hint: 'Site-to-site: CIDRs behind the peer',
        validate: (v, values) => validateSubnets(v, values['kind'] === 'site-to-site'),
      },
      {
        kind: 'number',
        name: 'keepalive',
        label: 'Keepalive (s)',
        initial: p.keepalive,
        integer: true,
        min: 0,
        max: 65535,
      },
      {kind: 'toggle', name: 'more', label: 'Add another peer', initial: i < peers.length - 1},
    ],
    submit(values, prev) {
      const wg = prev.wireguard ?? w;
      const list = [...(wg.peers.length > 0 ? wg.peers : peers)];
      list[i] = {
        ...peerAnswer.parse({name: 'x'}),
        ...list[i],
        name: String(values['name']).trim(),
        kind: values['kind'] === 'site-to-site' ? 'site-to-site' : 'remote-user',
        address: String(values['address']).trim(),
        remoteSubnets: String(values['remoteSubnets'] ?? '').trim(),
        keepalive: Number(values['keepalive'] ?? 25),
      };
      if (values['more'] !== true) list.splice(i + 1);
      else if (list.length === i + 1) list.push(peerAnswer.parse({name: `peer${i + 2}`}));
      return {...prev, wireguard: {...wg, peers: list}};
    },
  }));
  return [
    kind,
    {
      id: 'wireguard',
      title: 'WireGuard interface',
      intro: [`Internal networks: ${internal.map((n) => n.name).join(', ') || 'none'}.`],
      fields: [
        {
          kind: 'picker',
          name: 'network',
          label: 'On network',
          items: internal.map((n) => ({value: n.name, label: n.name, detail: n.cidr})),
          initial: w.network || undefined,
          validate: (v) => (v ? validateVpnNetwork(site, v) : 'choose a network'),
        },
        {
          kind: 'text',
          name: 'name',
          label: 'Interface name',
          initial: w.name,
          validate: (v) => nameError('WireGuard interface', v),
        },
        {
          kind: 'text',
          name: 'address',
          label: 'Tunnel address',
          initial: w.address ?? r?.address ?? '',
          hint: "The interface's address and block, e.g. 192.168.250.1/24",
          validate: (v) => validateInterfaceAddress(site, v, r?.existing),
        },
        {
          kind: 'number',
          name: 'listenPort',
          label: 'Listen port',
          initial: w.listenPort ?? r?.listenPort ?? 51820,
          integer: true,
          min: 1,
          max: 65535,
        },
        {
          kind: 'text',
          name: 'endpoint',
          label: 'Public address',
          initial: w.endpoint ?? r?.endpoint ?? '',
          hint: 'What peers connect to',
          validate: (v) => validateHostOrIp(v),
        },
        {
          kind: 'text',
          name: 'reach',
          label: 'Peers may reach',
          initial: w.reach.join(', '),
          hint: 'Comma list of networks',
          validate: (v) => validateReach(site, splitWords(v)),
        },
      ],
      submit: (values, prev) => ({
        ...prev,
        wireguard: {
          ...w,
          network: String(values['network'] ?? ''),
          name: String(values['name']).trim(),
          address: String(values['address']).trim(),
          listenPort: Number(values['listenPort'] ?? 51820),
          endpoint: String(values['endpoint']).trim(),
          reach: splitWords(String(values['reach'] ?? '')),
        },
      }),
    },
    ...peerPages,
  ];
}

export const vpnWizard: WizardDef<VpnAnswers> = {
  id: 'vpn',
  title: 'Add VPN tunnels',
  summary: 'Carry remote users and other sites into chosen networks only, encrypted.',
  why: [
    'Remote access is a path around every boundary: a tunnel should end in the networks it needs,',
    'with rules that say so, and keys that never leave the machine they were made for.',
  ],
  schema: vpnSchema,
  initial: (site) => {
    const network = managedInternal(site).find((n) => n.name === 'mgmt') ?? managedInternal(site)[0];
    // A name no interface on that network has yet.
    const taken = new Set(site.wireguards.filter((w) => w.vnet === network?.key).map((w) => w.name));
    let i = 0;
    while (taken.has(`wg${i}`)) i++;
    return {kind: 'wireguard', wireguard: wireguardAnswer.parse({network: network?.name ?? '', name: `wg${i}`})};
  },
  pages,
  validate: validateVpnAnswers,
  plan: planVpn,
  result: vpnResult,
  check: vpnCheck,
};
