// Port mirroring (VERGEOS-API.md §3.10): two fields on a network, a restart
// that makes VergeOS create `<NAME>_mirror`, and a capture VM's NIC moved onto
// that network. The words for each step say what it costs.
import {PORT_MIRRORING, type PortMirroring} from '../../api/enums.js';
import type {ChangePlan, Step} from '../changes/types.js';
import type {Network, Nic, Site, Vm} from '../model.js';
import {networkByKey, networkName, pickedKey, type EditValues} from './resource-fields.js';

/** Networks that can be mirrored: everything but the mirror networks themselves. */
export function mirrorableNetworks(site: Site): Network[] {
  return site.networks.filter((n) => n.type !== 'port_mirror');
}

/** The `<NAME>_mirror` network VergeOS made for this one, once it exists. */
export function mirrorNetworkOf(network: Network, site: Site): Network | undefined {
  const target = networkByKey(site, network.portMirroringVnet);
  return target?.type === 'port_mirror' ? target : undefined;
}

export interface CaptureNic {
  vm: Vm;
  nic: Nic;
}

/** VM NICs plugged into the network's mirror (the capture side). */
export function captureNics(network: Network, site: Site): CaptureNic[] {
  const mirror = mirrorNetworkOf(network, site);
  if (!mirror) return [];
  return site.vms.flatMap((vm) => vm.nics.filter((nic) => nic.vnet === mirror.key).map((nic) => ({vm, nic})));
}

export const MIRROR_MODE_LABELS: Record<PortMirroring, string> = {
  off: 'off',
  north_south: 'north/south (through the router)',
  east_west: 'east/west (router + every packet inside the network)',
};

export function mirrorModeExplanation(mode: PortMirroring): string[] {
  switch (mode) {
    case 'off':
      return [
        'Mirroring stops after the next restart of the network; VergeOS then removes its mirror network and unplugs capture NICs.',
      ];
    case 'north_south':
      return ['North/south copies the packets that pass the router: traffic entering and leaving the network.'];
    case 'east_west':
      return [
        'East/west also copies every packet between VMs inside the network: heavy on a busy network.',
        'Use it for short captures only, then turn it off again.',
      ];
  }
}

/** Why the change needs a restart, and what the restart does. */
export function restartExplanation(network: Network): string[] {
  const lines = [
    `The change takes effect when ${network.name} restarts. A restart briefly interrupts all of its traffic.`,
  ];
  // the mirroring restart is sent without params.apply: it does not load staged rules (§8.1 #1)
  if (network.needFwApply)
    lines.push(
      `${network.name} has rule changes waiting for Apply Rules: the restart does not apply them; they stay pending.`,
    );
  return lines;
}

export function validateMirrorMode(
  value: string,
  _values: EditValues,
  _site: Site,
  network: Network,
): string | undefined {
  if (!(PORT_MIRRORING as readonly string[]).includes(value)) return `choose one of ${PORT_MIRRORING.join(', ')}`;
  if (network.type === 'port_mirror') return 'a mirror network cannot itself be mirrored';
  return undefined;
}

/**
 * The restart that makes a mirroring change real. It says `apply: false`
 * deliberately: the operator changed mirroring, not rules, so staged rule
 * changes of the network are not pushed live as a side effect (a restart
 * loads them only when asked, VERGEOS-API.md §8.1 #1).
 */
function restartStep(network: Network): Step {
  return {
    kind: 'action',
    id: `restart ${network.key}`,
    title: `Restart network ${network.name} (without applying rules)`,
    table: 'vnet_actions',
    body: {vnet: network.key, action: 'reset', params: {apply: false}},
  };
}

/** The mode change, and the restart that makes it real when asked for now. */
export function mirrorModePlan(network: Network, mode: PortMirroring, restartNow: boolean): ChangePlan {
  const steps: Step[] = [];
  if (mode !== network.portMirroring) {
    steps.push({
      kind: 'update',
      id: `mirror mode ${network.key}`,
      title: `Set port mirroring of ${network.name} to ${mode}`,
      table: 'vnets',
      key: network.key,
      body: {port_mirroring: mode},
    });
  }
  if (restartNow) steps.push(restartStep(network));
  return {
    title: restartNow
      ? `Port mirroring ${mode} on ${network.name} and restart`
      : `Port mirroring ${mode} on ${network.name}`,
    steps,
  };
}

export function restartPlan(network: Network): ChangePlan {
  return {title: `Restart network ${network.name}`, steps: [restartStep(network)]};
}

/** Whether the network's mirror state waits for a restart, and which way. */
export function mirrorPending(network: Network, site: Site): 'create' | 'remove' | undefined {
  const mirror = mirrorNetworkOf(network, site);
  if (network.portMirroring !== 'off' && !mirror) return 'create';
  if (network.portMirroring === 'off' && mirror) return 'remove';
  return undefined;
}

export interface NicChoice {
  value: string;
  vm: Vm;
  nic: Nic;
}

/** NICs that could become capture NICs of this network (not already on its mirror). */
export function captureCandidates(network: Network, site: Site): NicChoice[] {
  const mirror = mirrorNetworkOf(network, site);
  return site.vms.flatMap((vm) =>
    vm.nics.filter((nic) => nic.vnet !== mirror?.key).map((nic) => ({value: String(nic.key), vm, nic})),
  );
}

export function findNic(site: Site, key: number | undefined): {vm: Vm; nic: Nic} | undefined {
  if (key === undefined) return undefined;
  for (const vm of site.vms) {
    const nic = vm.nics.find((n) => n.key === key);
    if (nic) return {vm, nic};
  }
  return undefined;
}

export function validateCaptureNic(
  value: string | undefined,
  _values: EditValues,
  site: Site,
  network: Network,
): string | undefined {
  const mirror = mirrorNetworkOf(network, site);
  if (!mirror) return `${network.name} has no mirror network yet: turn mirroring on and restart it first`;
  const found = findNic(site, pickedKey(value));
  if (!found) return "choose the capture VM's NIC";
  if (found.nic.vnet === mirror.key) return `${found.vm.name} ${found.nic.name} is already on ${mirror.name}`;
  return undefined;
}

export function attachCapturePlan(network: Network, nicKey: number, site: Site): ChangePlan {
  const mirror = mirrorNetworkOf(network, site)!;
  const found = findNic(site, nicKey)!;
  return {
    title: `Attach ${found.vm.name} ${found.nic.name} to ${mirror.name}`,
    steps: [
      {
        kind: 'update',
        id: `attach nic ${nicKey} to ${mirror.key}`,
        title: `Move ${found.vm.name} ${found.nic.name} from ${networkName(site, found.nic.vnet) || 'no network'} to ${mirror.name}`,
        table: 'machine_nics',
        key: nicKey,
        body: {vnet: mirror.key},
      },
    ],
  };
}

/** What attaching costs the VM, for the confirmation. */
export function attachImpact(network: Network, nicKey: number, site: Site): string[] {
  const mirror = mirrorNetworkOf(network, site);
  const found = findNic(site, nicKey);
  if (!mirror || !found) return [];
  const from = networkName(site, found.nic.vnet);
  return [
    `${found.vm.name} ${found.nic.name} receives a copy of ${network.name}'s traffic (${network.portMirroring}).`,
    from ? `It leaves ${from}: the VM loses its address there.` : 'The NIC is not on any network now.',
    found.vm.running ? 'VergeOS advises rebooting the VM so the capture NIC comes up cleanly.' : '',
  ].filter(Boolean);
}
