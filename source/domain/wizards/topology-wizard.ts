// The topology wizard in the console: networks and addressing, the proposed
// blocks (editable), NIC moves and power; and the wizard's definition.
import {freeBlocks} from '../ip.js';
import type {Site} from '../model.js';
import {derivedNetworkKeys} from '../sitefile/from-site.js';
import {splitWords} from './names.js';
import {
  externalNetworks,
  networkAnswers,
  planTopology,
  resolveTopology,
  takenBlocks,
  topologySchema,
  validateBaseBlock,
  validateDhcpRange,
  validateDnsList,
  validateNetworkCidr,
  validateNetworkNames,
  validatePrefix,
  validateRouterIp,
  validateTopologyAnswers,
  type NetworkAnswer,
  type TopologyAnswers,
} from './topology.js';
import type {FieldValues, WizardDef, WizardPage} from './types.js';

function networkItems(site: Site): Array<{value: string; label: string}> {
  return [
    {value: '', label: '(none)'},
    ...externalNetworks(site).map((n) => ({value: n.name, label: `${n.name} (${n.type})`})),
  ];
}

function pages(site: Site, a: TopologyAnswers): Array<WizardPage<TopologyAnswers>> {
  const answers = networkAnswers(a);
  const names = answers.map((n) => n.name);
  const resolved =
    validateNetworkNames(site, names) === undefined && validateBaseBlock(a.baseBlock) === undefined
      ? resolveTopology(site, a)
      : [];
  const first: WizardPage<TopologyAnswers> = {
    id: 'template',
    title: 'Networks and addressing',
    intro: [
      'One internal network per workload keeps a compromise in one tier away from the others.',
      `Existing internal networks: ${
        site.networks
          .filter((n) => n.type === 'internal' && n.cidr)
          .map((n) => `${n.name} ${n.cidr}`)
          .join(', ') || 'none'
      }.`,
    ],
    fields: [
      {
        kind: 'select',
        name: 'template',
        label: 'Template',
        options: [
          {value: 'article', label: 'web / db / mgmt / dev'},
          {value: 'custom', label: 'my own list'},
        ],
        initial: a.template,
        hint: "The article's four tiers, or your own list of networks",
      },
      {
        kind: 'text',
        name: 'names',
        label: 'Networks',
        initial: names.join(', '),
        hint: 'Comma list of network names',
        validate: (v) => validateNetworkNames(site, splitWords(v)),
      },
      {
        kind: 'text',
        name: 'baseBlock',
        label: 'Base block',
        initial: a.baseBlock,
        hint: 'New networks get free blocks from here',
        validate: (v) => validateBaseBlock(v),
      },
      {
        kind: 'number',
        name: 'prefix',
        label: 'Prefix length',
        initial: a.prefix,
        integer: true,
        min: 8,
        max: 30,
        validate: (v, values) => validatePrefix(v, String(values['baseBlock'] ?? '')),
      },
      {
        kind: 'text',
        name: 'dns',
        label: 'DNS servers',
        initial: a.dns,
        hint: 'Handed out by DHCP on new networks',
        validate: (v) => validateDnsList(v),
      },
      {kind: 'toggle', name: 'dhcp', label: 'DHCP on new networks', initial: a.dhcp},
      {
        kind: 'select',
        name: 'defaultGateway',
        label: 'Default gateway',
        options: networkItems(site),
        initial: resolved[0]?.defaultGateway ?? a.defaultGateway ?? '',
        hint: 'The network new networks reach the outside through',
      },
    ],
    submit(values, prev) {
      const list = splitWords(String(values['names'] ?? ''));
      const base = String(values['baseBlock']);
      const prefix = Number(values['prefix']);
      // Changing the basis proposes again for networks that do not exist yet.
      const rebased = base !== prev.baseBlock || prefix !== prev.prefix;
      const old = networkAnswers(prev);
      return {
        ...prev,
        template: values['template'] === 'custom' ? 'custom' : 'article',
        baseBlock: base,
        prefix,
        dns: String(values['dns'] ?? ''),
        dhcp: values['dhcp'] === true,
        defaultGateway: values['defaultGateway'] ? String(values['defaultGateway']) : undefined,
        networks: list.map((name) => {
          const kept = old.find((n) => n.name === name);
          if (!kept || (rebased && !site.networks.some((n) => n.name === name)))
            return {name, ...(kept?.description ? {description: kept.description} : {})};
          return kept;
        }),
      };
    },
  };
  const addressing: WizardPage<TopologyAnswers> = {
    id: 'addresses',
    title: 'Address blocks (proposed: change any)',
    intro: ["Each network gets its own block; blocks must not overlap each other or the site's networks."],
    fields: resolved.flatMap((r) => {
      const tag = r.existing ? ' (exists)' : '';
      const others = (values: FieldValues) =>
        resolved.map((o) => ({name: o.name, cidr: String(values[`${o.name}.cidr`] ?? o.cidr)}));
      return [
        {
          kind: 'text' as const,
          name: `${r.name}.cidr`,
          label: `${r.name}${tag} block`,
          initial: r.cidr,
          validate: (v: string, values: FieldValues) => validateNetworkCidr(site, r.name, v, others(values)),
        },
        {
          kind: 'text' as const,
          name: `${r.name}.router`,
          label: `${r.name} router`,
          initial: r.routerIp,
          validate: (v: string, values: FieldValues) => validateRouterIp(v, String(values[`${r.name}.cidr`] ?? '')),
        },
        {
          kind: 'text' as const,
          name: `${r.name}.dhcp`,
          label: `${r.name} DHCP`,
          initial: r.dhcp.enabled ? `${r.dhcp.start}-${r.dhcp.stop}` : '',
          hint: 'first-last, or empty for no DHCP',
          validate: (v: string, values: FieldValues) =>
            validateDhcpRange(v, String(values[`${r.name}.cidr`] ?? ''), String(values[`${r.name}.router`] ?? '')),
        },
      ];
    }),
    submit(values, prev) {
      return {
        ...prev,
        networks: networkAnswers(prev).map((n) => {
          const r = resolved.find((x) => x.name === n.name);
          if (!r) return n;
          const cidr = String(values[`${n.name}.cidr`] ?? r.cidr);
          const router = String(values[`${n.name}.router`] ?? r.routerIp);
          const dhcp = String(values[`${n.name}.dhcp`] ?? '');
          const live = r.existing;
          const out: NetworkAnswer = {...n};
          // Only what differs from an existing network becomes an explicit answer (a change).
          if (!live || cidr !== live.cidr) out.cidr = cidr;
          if (!live || router !== live.routerIp) out.routerIp = router;
          const liveDhcp = live ? (live.dhcpEnabled ? `${live.dhcpStart}-${live.dhcpStop}` : '') : undefined;
          if (dhcp !== liveDhcp) out.dhcpRange = dhcp;
          if (!live && r.dmzIp) out.dmzIp = r.dmzIp;
          return out;
        }),
      };
    },
  };
  const moves = new Map(a.nics.map((m) => [m.nic, m.network]));
  const mirror = derivedNetworkKeys(site);
  const nics = site.vms.flatMap((vm) =>
    vm.nics.filter((c) => c.vnet === null || !mirror.has(c.vnet)).map((c) => ({vm, nic: c})),
  );
  const netName = (k: number | null) => site.networks.find((n) => n.key === k)?.name ?? 'none';
  const third: WizardPage<TopologyAnswers> = {
    id: 'nics',
    title: 'Move VM NICs and power on (optional)',
    intro: ["Moving a NIC changes the VM's network at once (it works while the VM runs)."],
    fields: [
      {kind: 'toggle', name: 'powerOn', label: 'Power the networks on', initial: a.powerOn},
      ...nics.map(({vm, nic}) => {
        const label = vm.nics.length === 1 ? vm.name : `${vm.name}.${nic.name}`;
        return {
          kind: 'select' as const,
          name: `nic:${label}`,
          label: `${label} (on ${netName(nic.vnet)})`,
          options: [
            {value: '', label: 'stay'},
            ...names.filter((n) => n !== netName(nic.vnet)).map((n) => ({value: n, label: `→ ${n}`})),
          ],
          initial: moves.get(label) ?? moves.get(`${vm.name}.${nic.name}`) ?? '',
        };
      }),
    ],
    submit(values, prev) {
      const list = Object.entries(values)
        .filter(([k, v]) => k.startsWith('nic:') && typeof v === 'string' && v !== '')
        .map(([k, v]) => ({nic: k.slice(4), network: String(v)}));
      return {...prev, powerOn: values['powerOn'] === true, nics: list};
    },
  };
  return [first, addressing, third];
}

export const topologyWizard: WizardDef<TopologyAnswers> = {
  id: 'topology',
  title: 'Design the topology',
  summary: 'Separate internal networks per workload, so one compromised tier cannot reach the others.',
  why: [
    'Micro-segmentation starts with boundaries: web, database, management and development each get',
    'their own internal network and router, so traffic between them crosses rules you control.',
  ],
  schema: topologySchema,
  initial: (site) => {
    const base = topologySchema.parse({});
    // Propose a base block that still has room for the four tiers.
    const candidates = ['10.10.0.0/16', '10.20.0.0/16', '172.20.0.0/16', '192.168.0.0/16'];
    const taken = takenBlocks(site, '');
    const free = candidates.find((c) => {
      const f = freeBlocks(c, 24, taken, 4);
      return f.ok && f.value.length === 4;
    });
    return {...base, baseBlock: free ?? base.baseBlock};
  },
  pages,
  validate: validateTopologyAnswers,
  plan: planTopology,
  result: (site, a) => [
    'Networks:',
    ...networkAnswers(a).map((n) => {
      const live = site.networks.find((x) => x.name === n.name);
      return live
        ? `  ${live.name.padEnd(12)} ${live.cidr.padEnd(18)} router ${live.routerIp.padEnd(15)} ${live.status}`
        : `  ${n.name}: not found`;
    }),
    ...(a.nics.length > 0 ? ['', 'Moved NICs:', ...a.nics.map((m) => `  ${m.nic} → ${m.network}`)] : []),
    '',
    'Next: the rules wizard allows the flows the applications need between these networks.',
  ],
};
