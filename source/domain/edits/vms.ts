// VMs and their NICs: the address a NIC has (reported, else its static lease),
// and moving a NIC to another network (`PUT machine_nics/<k> {vnet}`), with
// what the move costs in words.
import type {ChangePlan} from '../changes/types.js';
import type {Key, Network, Nic, Site, Vm} from '../model.js';
import {networkByKey, networkName, pickedKey, type EditValues} from './resource-fields.js';

/** The NIC's address: reported by VergeOS, else a static lease for its MAC on its network. */
export function nicAddress(nic: Nic, site: Site): string {
  if (nic.ip) return nic.ip;
  if (!nic.mac) return '';
  const mac = nic.mac.toLowerCase();
  const lease = site.addresses.find((a) => a.vnet === nic.vnet && a.mac.toLowerCase() === mac && a.ip);
  return lease?.ip ?? '';
}

export function findVm(site: Site, key: Key): Vm | undefined {
  return site.vms.find((v) => v.key === key);
}

/** Networks a NIC can be plugged into (a mirror network only makes sense for a capture VM, but is allowed). */
export function nicTargets(site: Site): Network[] {
  return site.networks.filter((n) => !n.owner.startsWith('tenants/'));
}

export function validateNicTarget(
  value: string | undefined,
  _values: EditValues,
  site: Site,
  nic: Nic,
): string | undefined {
  const key = pickedKey(value);
  if (key === undefined) return 'choose the network to move the NIC to';
  const n = networkByKey(site, key);
  if (!n) return 'that network no longer exists';
  if (n.key === nic.vnet) return `${nic.name} is already on ${n.name}`;
  if (n.owner.startsWith('tenants/')) return `${n.name} belongs to a tenant`;
  return undefined;
}

export function moveNicPlan(vm: Vm, nic: Nic, target: Key, site: Site): ChangePlan {
  const to = networkName(site, target);
  const from = networkName(site, nic.vnet) || 'no network';
  return {
    title: `Move ${vm.name} ${nic.name} to ${to}`,
    steps: [
      {
        kind: 'update',
        id: `move nic ${nic.key} to ${target}`,
        title: `Move ${vm.name} ${nic.name} from ${from} to ${to}`,
        table: 'machine_nics',
        key: nic.key,
        body: {vnet: target},
      },
    ],
  };
}

/** What the move changes for the VM, for the confirmation. */
export function moveImpact(vm: Vm, nic: Nic, target: Key, site: Site): string[] {
  const to = networkByKey(site, target);
  const from = networkByKey(site, nic.vnet);
  const ip = nicAddress(nic, site);
  const lines = [
    `${vm.name} ${nic.name} moves from ${from?.name ?? 'no network'} to ${to?.name ?? `#${target}`}${to?.cidr ? ` (${to.cidr})` : ''}.`,
  ];
  if (ip)
    lines.push(
      `Its address ${ip} belongs to ${from?.name ?? 'the old network'}: it gets a new ` +
        `one on ${to?.name ?? 'the new network'}; rules naming ${ip} no longer match it.`,
    );
  if (to?.type === 'port_mirror')
    lines.push(`${to.name} is a mirror network: the NIC only receives copied traffic there.`);
  if (vm.running) lines.push('The VM keeps running; VergeOS moves the NIC live.');
  return lines;
}
