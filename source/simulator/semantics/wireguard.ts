// WireGuard interfaces and peers: real x25519 keys, the "Accept WireGuard"
// system rules an interface stages, peer firewall rules, delete guards, and
// plausible handshakes/traffic in vnet_wireguard_peer_status.
//
// Liveness (§8.1 #2): the router runs an interface while its network runs and
// the interface's accept rules are enabled in the *live* ruleset. The rules
// follow the interface's `enabled` (INFERRED), so a disable only takes the
// interface off the router once it is applied. Only a live interface refuses
// deletion; a fresh, never-applied one can be deleted at once, and its peers
// go with it (PY tests/integration/test_wireguard.py deletes an interface
// with peers and finds them gone; TF3 deleteWireGuard: disable, apply, delete).
import {ApiError, requiredField, validationError} from '../errors.js';
import type {Row} from '../db/table.js';
import {createRow, deleteRow, patchRow} from '../db/writes.js';
import {unitHash} from '../rng.js';
import type {Sim, TableHooks} from '../sim.js';
import {machineStatus} from './machines.js';
import {checkCidr, checkCidrList, checkIp} from './net.js';
import {createSystemRule, deleteOwnedRules, markFwApply, requestApply} from './rules.js';
import {isWgKey, wgKeyPair, wgPublicKey} from './wg-keys.js';
import {str} from '../text.js';

function interfaceRules(sim: Sim, iface: Row): void {
  const owner = `vnet_wireguards/${iface.$key}`;
  const vnet = sim.db.get('vnets', iface.vnet as number);
  if (!vnet) return;
  const port = String(iface.listenport);
  const base = {
    action: 'accept',
    direction: 'incoming',
    protocol: 'udp',
    destination_ports: port,
    pin: 'top',
    enabled: iface.enabled,
  };
  createSystemRule(sim, vnet.$key, owner, {
    ...base,
    name: `Accept WireGuard ${String(iface.name)}`,
    description: `Allow WireGuard (${String(iface.name)}) to the router`,
    interface: 'router',
    destination_ip: 'router',
  });
  createSystemRule(sim, vnet.$key, owner, {
    ...base,
    name: `Accept WireGuard ${String(iface.name)} DMZ`,
    description: `Allow WireGuard (${String(iface.name)}) to the DMZ address`,
    interface: 'dmz',
    destination_ip: str(vnet.dmz_ipaddress ?? ''),
  });
}

/** configure_firewall: a port translation on the network's uplink (create time only). */
function uplinkRule(sim: Sim, iface: Row): number | null {
  const vnet = sim.db.get('vnets', iface.vnet as number);
  const uplink = sim.db.get('vnets', vnet?.vnet_default_gateway as number | null);
  if (!vnet || !uplink) return null;
  createSystemRule(sim, uplink.$key, `vnet_wireguards/${iface.$key}`, {
    name: `WireGuard ${String(vnet.name)} ${String(iface.name)}`,
    description: `Translate WireGuard (${String(iface.name)}) to network ${String(vnet.name)}`,
    action: 'translate',
    direction: 'incoming',
    protocol: 'udp',
    destination_ip: 'router',
    destination_ports: String(iface.listenport),
    target_ip: str(vnet.dmz_ipaddress ?? ''),
    target_ports: String(iface.listenport),
    enabled: iface.enabled,
  });
  return uplink.$key;
}

function peerRules(sim: Sim, peer: Row): void {
  const owner = `vnet_wireguard_peers/${peer.$key}`;
  deleteOwnedRules(sim, owner);
  const iface = sim.db.get('vnet_wireguards', peer.wireguard as number);
  if (!iface || peer.configure_firewall === 'none') return;
  const label = `WireGuard ${String(iface.name)} peer ${String(peer.name)}`;
  if (peer.configure_firewall === 'remote-user') {
    createSystemRule(sim, iface.vnet as number, owner, {
      name: label,
      description: `Source-translate remote user ${String(peer.name)}`,
      action: 'translate',
      direction: 'outgoing',
      protocol: 'any',
      interface: 'wireguard',
      source_ip: String(peer.allowed_ips),
      target_ip: 'router',
      enabled: peer.enabled,
    });
  } else {
    createSystemRule(sim, iface.vnet as number, owner, {
      name: label,
      description: `Accept site-to-site traffic from ${String(peer.name)}`,
      action: 'accept',
      direction: 'incoming',
      protocol: 'any',
      interface: 'wireguard',
      source_ip: String(peer.allowed_ips),
      enabled: peer.enabled,
    });
  }
}

function wgConfig(sim: Sim, peer: Row, privateKey: string): string {
  const iface = sim.db.get('vnet_wireguards', peer.wireguard as number);
  const vnet = sim.db.get('vnets', iface?.vnet as number);
  const endpoint = str(iface?.endpoint_ip || vnet?.ipaddress || '');
  const lines = [
    '[Interface]',
    `PrivateKey = ${privateKey}`,
    `Address = ${str(peer.peer_ip || '')}`,
    '',
    '[Peer]',
    `PublicKey = ${str(iface?.public_key ?? '')}`,
    `AllowedIPs = ${[iface?.ip, vnet?.network].filter(Boolean).join(', ')}`,
    `Endpoint = ${endpoint}:${str(iface?.listenport ?? 51820)}`,
  ];
  if ((peer.keepalive as number) > 0) lines.push(`PersistentKeepalive = ${String(peer.keepalive)}`);
  return `${lines.join('\n')}\n`;
}

/** Whether the interface runs on its router now (see the top of this file). */
export function wireguardIsLive(sim: Sim, iface: Row): boolean {
  const vnet = sim.db.get('vnets', iface.vnet as number);
  if (!vnet || machineStatus(sim, vnet.machine as number) !== 'running') return false;
  const owner = `vnet_wireguards/${iface.$key}`;
  return (sim.active.get(vnet.$key) ?? []).some((r) => r.owner === owner && r.enabled === true);
}

export const wireguardHooks: TableHooks = {
  beforeCreate(sim, values) {
    checkCidr('ip', values.ip);
    checkIp('endpoint_ip', values.endpoint_ip);
    const given = str(values.private_key ?? '');
    if (given) {
      const derived = wgPublicKey('private_key', given);
      if (values.public_key && values.public_key !== derived)
        throw validationError('public_key', 'does not belong to the given private_key');
      values.public_key = derived;
    } else if (values.public_key) {
      if (!isWgKey(str(values.public_key)))
        throw validationError('public_key', 'not a valid WireGuard key (32 bytes, base64)');
    } else {
      const pair = wgKeyPair(sim.immediate ? sim.rng.bytes(32) : undefined);
      values.private_key = pair.privateKey;
      values.public_key = pair.publicKey;
    }
  },
  afterCreate(sim, row) {
    interfaceRules(sim, row);
    const uplink = row.configure_firewall === true ? uplinkRule(sim, row) : null;
    if (row.auto_apply_firewall === true) {
      requestApply(sim, row.vnet as number);
      if (uplink !== null) requestApply(sim, uplink);
    }
  },
  beforeUpdate(_sim, _old, next, patch) {
    if ('ip' in patch) checkCidr('ip', next.ip);
    if ('endpoint_ip' in patch) checkIp('endpoint_ip', next.endpoint_ip);
  },
  afterUpdate(sim, old, row) {
    if (old.listenport !== row.listenport || old.name !== row.name) {
      const hadUplink = sim.db
        .table('vnet_rules')
        .where('owner', `vnet_wireguards/${row.$key}`)
        .some((r) => r.vnet !== row.vnet);
      deleteOwnedRules(sim, `vnet_wireguards/${row.$key}`);
      interfaceRules(sim, row);
      if (hadUplink) uplinkRule(sim, row);
    }
    if (old.enabled !== row.enabled) {
      for (const r of sim.db.table('vnet_rules').where('owner', `vnet_wireguards/${row.$key}`))
        patchRow(sim, 'vnet_rules', r.$key, {enabled: row.enabled});
      markFwApply(sim, row.vnet as number);
    }
  },
  beforeDelete(sim, row, opts) {
    if (opts.internal || !wireguardIsLive(sim, row)) return;
    const vnet = sim.db.get('vnets', row.vnet as number);
    throw new ApiError(
      422,
      `WireGuard interface '${String(row.name)}' is running on the router of network '${String(vnet?.name)}': disable it and apply rules before deleting it`,
    );
  },
  afterDelete(sim, row) {
    for (const p of sim.db.table('vnet_wireguard_peers').where('wireguard', row.$key))
      deleteRow(sim, 'vnet_wireguard_peers', p.$key, {internal: true});
    deleteOwnedRules(sim, `vnet_wireguards/${row.$key}`);
  },
};

export const peerHooks: TableHooks = {
  beforeCreate(sim, values) {
    checkCidrList('allowed_ips', values.allowed_ips);
    if (values.peer_ip) checkCidrList('peer_ip', values.peer_ip);
    if (values.autogenerate_peer === true) {
      const pair = wgKeyPair(sim.immediate ? sim.rng.bytes(32) : undefined);
      values.public_key = pair.publicKey;
      values.private_key = pair.privateKey;
    } else {
      if (!values.public_key) throw requiredField('vnet_wireguard_peers', 'public_key');
      if (!isWgKey(str(values.public_key)))
        throw validationError('public_key', 'not a valid WireGuard key (32 bytes, base64)');
    }
    if (values.preshared_key && !isWgKey(str(values.preshared_key))) {
      throw validationError('preshared_key', 'not a valid WireGuard key (32 bytes, base64)');
    }
  },
  afterCreate(sim, row) {
    createRow(
      sim,
      'vnet_wireguard_peer_status',
      {peer: row.$key, last_update: sim.now()},
      {internal: true, key: row.$key},
    );
    const patch: Record<string, unknown> = {status: row.$key};
    if (row.autogenerate_peer === true) patch.wg_config = wgConfig(sim, row, String(row.private_key));
    const peer = patchRow(sim, 'vnet_wireguard_peers', row.$key, patch) ?? row;
    peerRules(sim, peer);
    const iface = sim.db.get('vnet_wireguards', row.wireguard as number);
    markFwApply(sim, iface?.vnet as number);
  },
  beforeUpdate(_sim, _old, next, patch) {
    if ('allowed_ips' in patch) checkCidrList('allowed_ips', next.allowed_ips);
    if ('public_key' in patch && !isWgKey(String(next.public_key))) {
      throw validationError('public_key', 'not a valid WireGuard key (32 bytes, base64)');
    }
    if (next.autogenerate_peer === true && ('peer_ip' in patch || 'keepalive' in patch)) next.wg_config = '';
  },
  afterUpdate(sim, old, row) {
    if (row.autogenerate_peer === true && row.wg_config === '') {
      patchRow(sim, 'vnet_wireguard_peers', row.$key, {wg_config: wgConfig(sim, row, String(row.private_key))});
    }
    const fw = ['allowed_ips', 'configure_firewall', 'enabled', 'name'] as const;
    if (fw.some((f) => old[f] !== row[f])) peerRules(sim, sim.db.get('vnet_wireguard_peers', row.$key) ?? row);
  },
  afterDelete(sim, row) {
    deleteOwnedRules(sim, `vnet_wireguard_peers/${row.$key}`);
    if (sim.db.table('vnet_wireguard_peer_status').has(row.$key)) {
      deleteRow(sim, 'vnet_wireguard_peer_status', row.$key, {internal: true});
    }
    const iface = sim.db.get('vnet_wireguards', row.wireguard as number);
    markFwApply(sim, iface?.vnet as number);
  },
};

/** A peer is "up" while it, its interface and the network run; roaming peers connect by lot. */
function peerLink(sim: Sim, status: Row): {up: boolean; since: number; h: number} {
  const peer = sim.db.get('vnet_wireguard_peers', status.peer as number);
  const iface = sim.db.get('vnet_wireguards', peer?.wireguard as number);
  const vnet = sim.db.get('vnets', iface?.vnet as number);
  const h = unitHash(`${sim.config.seedName}:peer:${String(peer?.name)}`);
  if (!peer || !iface || !vnet || peer.enabled !== true || iface.enabled !== true) return {up: false, since: 0, h};
  if (machineStatus(sim, vnet.machine as number) !== 'running') return {up: false, since: 0, h};
  const started = Number(sim.db.get('machine_status', vnet.machine as number)?.started ?? 0);
  const connected = Boolean(peer.endpoint) || Number(peer.keepalive) > 0 || h < 0.6;
  return {up: connected, since: Math.max(started, Number(peer.created ?? 0)), h};
}

export const peerStatusHooks: TableHooks = {
  computed: {
    last_handshake(sim, row) {
      const link = peerLink(sim, row);
      if (!link.up) return Number(row.last_handshake ?? 0);
      const now = sim.now();
      const phase = Math.floor(link.h * 120);
      return Math.max(link.since, now - ((now + phase) % 120));
    },
    tx_bytes(sim, row) {
      const link = peerLink(sim, row);
      return link.up ? Math.floor((sim.now() - link.since) * (200 + link.h * 40000)) : 0;
    },
    rx_bytes(sim, row) {
      const link = peerLink(sim, row);
      return link.up ? Math.floor((sim.now() - link.since) * (500 + link.h * 120000)) : 0;
    },
    last_update(sim) {
      return sim.now();
    },
  },
};
