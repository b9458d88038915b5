// Router state queries: arp, arp-scan, nmap, ip, whatsmyip, wireguard,
// ipsec, top, top_if, frr, dhcp_release_renew — the tools' usual output,
// filled from the simulated state.
import type {Row} from '../../db/table.js';
import {projectAll, tableRows} from '../../query/list.js';
import {hashString} from '../../rng.js';
import {machineStatus} from '../../semantics/machines.js';
import type {Sim} from '../../sim.js';
import {walk} from '../forward.js';
import {formatIp, parseIp, parseSpan, prefixOf} from '../ipv4.js';
import {PROTO} from '../packet.js';
import {rememberProbe} from '../state.js';
import {routerRunning} from '../topology.js';
import {fail, ok, param, routerIp, serviceName, type Tool, type ToolContext} from './common.js';
import {hostAddress} from './dns.js';
import {txt} from '../text.js';

interface Neighbour {
  ip: string;
  mac: string;
  name: string;
  up: boolean;
  iface: 'eth0' | 'eth1';
}

function neighbours(sim: Sim, vnet: Row): Neighbour[] {
  const out: Neighbour[] = [];
  for (const nic of sim.db.table('machine_nics').where('vnet', vnet.$key)) {
    const ip = txt(nic.ipaddress);
    if (!parseIp(ip)) continue;
    const m = sim.db.get('machines', nic.machine as number);
    const up = nic.enabled !== false && machineStatus(sim, nic.machine as number) === 'running';
    out.push({ip, mac: txt(nic.macaddress), name: txt(m?.name, '?'), up, iface: 'eth0'});
  }
  // a network passed through to a tenant at layer 2 shares its segment with the tenant's hosts
  for (const l2 of sim.db.table('tenant_layer2_vnets').where('vnet', vnet.$key)) {
    if (l2.enabled === false) continue;
    for (const b of sim.db.table('vnet_cidrs').all()) {
      if (b.owner !== `tenants/${String(l2.tenant)}`) continue;
      const span = parseSpan(txt(b.cidr));
      if (!span) continue;
      for (let ip = span[0] + 1; ip <= Math.min(span[1] - 1, span[0] + 2); ip++) {
        const h = hashString(`l2:${ip}`);
        const mac = `52:54:00:${[h >>> 16, h >>> 8, h].map((x) => (x & 255).toString(16).padStart(2, '0')).join(':')}`;
        out.push({ip: formatIp(ip), mac, name: `tenant ${String(l2.tenant)}`, up: true, iface: 'eth0'});
      }
    }
  }
  for (const v of sim.db.table('vnets').all()) {
    if (v.$key === vnet.$key || !parseIp(txt(v.dmz_ipaddress)) || !vnet.dmz_ipaddress) continue;
    if (!routerRunning(sim, v)) continue;
    out.push({
      ip: txt(v.dmz_ipaddress),
      mac: txt(v.macaddress),
      name: String(v.name),
      up: true,
      iface: 'eth1',
    });
  }
  return out;
}

export const arpTool: Tool = {
  command: () => 'arp -an',
  run: (ctx) =>
    ok(
      neighbours(ctx.sim, ctx.vnet)
        .map((n) =>
          n.up ? `? (${n.ip}) at ${n.mac} [ether] on ${n.iface}` : `? (${n.ip}) at <incomplete> on ${n.iface}`,
        )
        .join('\n') + '\n',
    ),
};

function nmapHead(ctx: ToolContext): string {
  const d = new Date(ctx.now);
  return `Starting Nmap 7.93 ( https://nmap.org ) at ${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export const arpScanTool: Tool = {
  command: (ctx) => `nmap -sn ${txt(ctx.vnet.network)}`,
  run(ctx) {
    const up = neighbours(ctx.sim, ctx.vnet).filter((n) => n.up && n.iface === 'eth0');
    const lines = [nmapHead(ctx)];
    for (const n of up)
      lines.push(
        `Nmap scan report for ${n.ip}`,
        'Host is up (0.00031s latency).',
        `MAC Address: ${n.mac.toUpperCase()} (QEMU virtual NIC)`,
      );
    const size = (() => {
      const s = parseSpan(txt(ctx.vnet.network));
      return s ? s[1] - s[0] + 1 : 256;
    })();
    lines.push(`Nmap done: ${size} IP addresses (${up.length} hosts up) scanned in 2.41 seconds`);
    return ok(lines.join('\n') + '\n');
  },
};

const NMAP_PORTS = [22, 53, 80, 443, 3306, 5432, 8080];

export const nmapTool: Tool = {
  command: (ctx) => `nmap -Pn -p ${NMAP_PORTS.join(',')} ${param(ctx, 'host')}`,
  run(ctx) {
    const host = param(ctx, 'host');
    if (!host) return fail('nmap: no targets were specified');
    const dst = hostAddress(ctx, host);
    const src = routerIp(ctx.vnet);
    if (typeof dst !== 'number' || src === null)
      return ok(
        `${nmapHead(ctx)}\nFailed to resolve "${host}".\nNmap done: 0 IP addresses (0 hosts up) scanned in 0.05 seconds\n`,
      );
    const lines = [nmapHead(ctx), `Nmap scan report for ${host}`, 'PORT     STATE    SERVICE'];
    for (const port of NMAP_PORTS) {
      const packet = {proto: PROTO.tcp, src, dst, sport: 45000, dport: port};
      rememberProbe(ctx.sim, {at: ctx.now, vnet: ctx.vnet.$key, packet, count: 1});
      const w = walk(ctx.sim, packet, ctx.vnet);
      const state =
        w.fate === 'delivered'
          ? w.host?.kind === 'vm' || [22, 53, 80, 443].includes(port)
            ? 'open'
            : 'closed'
          : w.fate === 'rejected'
            ? 'closed'
            : 'filtered';
      lines.push(`${`${port}/tcp`.padEnd(8)} ${state.padEnd(8)} ${serviceName(port)}`);
    }
    lines.push('', 'Nmap done: 1 IP address (1 host up) scanned in 3.12 seconds');
    return ok(lines.join('\n') + '\n');
  },
};

export const ipTool: Tool = {
  command: () => 'ip addr show; ip route show',
  run(ctx) {
    const v = ctx.vnet;
    const lan = txt(v.ipaddress);
    const len = prefixOf(txt(v.network));
    const lines = [
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
      '    inet 127.0.0.1/8 scope host lo',
      `2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu ${Number(v.mtu ?? 1500)} qdisc mq state UP group default qlen 1000`,
      `    link/ether ${txt(v.macaddress)} brd ff:ff:ff:ff:ff:ff`,
      ...(lan ? [`    inet ${lan}/${len >= 0 ? len : 24} brd + scope global eth0`] : []),
      ...(v.dmz_ipaddress
        ? [
            '3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000',
            `    inet ${txt(v.dmz_ipaddress)}/24 scope global eth1`,
          ]
        : []),
      '',
    ];
    const gw = ctx.sim.db.get('vnets', v.vnet_default_gateway as number);
    if (gw?.dmz_ipaddress) lines.push(`default via ${txt(gw.dmz_ipaddress)} dev eth1`);
    else if (v.gateway && v.type === 'external') lines.push(`default via ${txt(v.gateway)} dev eth0`);
    if (v.network) lines.push(`${txt(v.network)} dev eth0 proto kernel scope link src ${lan}`);
    for (const r of ctx.sim.active.get(v.$key) ?? []) {
      if (r.action !== 'route' || r.enabled === false) continue;
      for (const d of txt(r.destination_ip).split(','))
        if (d.trim()) lines.push(`${d.trim()} via ${txt(r.target_ip).split(',')[0]} dev eth1`);
    }
    return ok(lines.join('\n') + '\n');
  },
};

export const whatsmyipTool: Tool = {
  command: () => 'curl -s ifconfig.me',
  run(ctx) {
    const v = ctx.vnet;
    const gw = v.type === 'external' ? v : ctx.sim.db.get('vnets', v.vnet_default_gateway as number);
    return gw?.ipaddress
      ? ok(`${txt(gw.ipaddress)}\n`)
      : ok('curl: (7) Failed to connect to ifconfig.me port 80: Network is unreachable\n');
  },
};

function ago(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m ? `${m} minute${m === 1 ? '' : 's'}, ` : ''}${s} second${s === 1 ? '' : 's'} ago`;
}

function mib(bytes: number): string {
  return bytes > 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(2)} KiB`;
}

export const wireguardTool: Tool = {
  command: () => 'wg show',
  run(ctx) {
    const sim = ctx.sim;
    const status = new Map(
      projectAll(sim, 'vnet_wireguard_peer_status', tableRows(sim, 'vnet_wireguard_peer_status')).map((s) => [
        s.peer,
        s,
      ]),
    );
    const out: string[] = [];
    for (const wg of sim.db.table('vnet_wireguards').where('vnet', ctx.vnet.$key)) {
      if (wg.enabled === false) continue;
      out.push(
        `interface: ${String(wg.name)}`,
        `  public key: ${txt(wg.public_key)}`,
        '  private key: (hidden)',
        `  listening port: ${txt(wg.listenport, '51820')}`,
        '',
      );
      for (const p of sim.db.table('vnet_wireguard_peers').where('wireguard', wg.$key)) {
        if (p.enabled === false) continue;
        const st = status.get(p.$key);
        out.push(`peer: ${txt(p.public_key)}`);
        if (p.endpoint) out.push(`  endpoint: ${txt(p.endpoint)}:${txt(p.port, '51820')}`);
        out.push(`  allowed ips: ${txt(p.allowed_ips).split(',').join(', ')}`);
        const hs = Number(st?.last_handshake ?? 0);
        if (hs > 0) {
          out.push(`  latest handshake: ${ago(Math.max(0, Math.floor(ctx.now / 1000) - hs))}`);
          out.push(`  transfer: ${mib(Number(st?.rx_bytes ?? 0))} received, ${mib(Number(st?.tx_bytes ?? 0))} sent`);
        }
        if (Number(p.keepalive ?? 0) > 0) out.push(`  persistent keepalive: every ${String(p.keepalive)} seconds`);
        out.push('');
      }
    }
    return ok(out.join('\n'));
  },
};

export const ipsecTool: Tool = {
  command: () => 'ipsec statusall',
  run(ctx) {
    const sim = ctx.sim;
    const out = [
      'Status of IKE charon daemon (strongSwan 5.9.8, Linux):',
      `  uptime: ${Math.floor(((ctx.now / 1000) % 86400) / 60)} minutes`,
      'Connections:',
    ];
    const sas: string[] = [];
    const running = routerRunning(sim, ctx.vnet);
    for (const ipsec of sim.db.table('vnet_ipsecs').where('vnet', ctx.vnet.$key)) {
      for (const p1 of sim.db.table('vnet_ipsec_phase1s').where('ipsec', ipsec.$key)) {
        const name = String(p1.name);
        out.push(`${name.padStart(12)}:  %any...${String(p1.remote_gateway)}  ${txt(p1.keyexchange, 'ike')}`);
        for (const p2 of sim.db.table('vnet_ipsec_phase2s').where('phase1', p1.$key)) {
          out.push(`${String(p2.name).padStart(12)}:   child:  ${String(p2.local)} === ${String(p2.remote)} TUNNEL`);
          const up =
            running && ipsec.enabled !== false && p1.enabled !== false && p2.enabled !== false && p1.auto !== 'add';
          if (up) {
            sas.push(
              `${name.padStart(12)}[1]: ESTABLISHED 12 minutes ago, ${formatIp(routerIp(ctx.vnet) ?? 0)}...${String(p1.remote_gateway)}`,
            );
            sas.push(
              `${String(p2.name).padStart(12)}{1}:  INSTALLED, TUNNEL, reqid 1, ESP SPIs: c1a2b3c4_i c5d6e7f8_o`,
            );
            sas.push(`${String(p2.name).padStart(12)}{1}:   ${String(p2.local)} === ${String(p2.remote)}`);
          }
        }
      }
    }
    const n = sas.filter((l) => l.includes('ESTABLISHED')).length;
    out.push(`Security Associations (${n} up, 0 connecting):`, ...(sas.length ? sas : ['  none']));
    return ok(out.join('\n') + '\n');
  },
};

export const topTool: Tool = {
  command: () => 'top -b -n 1 -o %CPU',
  run: () =>
    ok(
      [
        'top - load average: 0.02, 0.03, 0.00',
        'Tasks:  14 total,   1 running,  13 sleeping,   0 stopped,   0 zombie',
        '    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND',
        '    412 dnsmasq   20   0   12480   3100   2700 S   0.3   0.2   0:01.12 dnsmasq',
        '      1 root      20   0    4316   3380   2900 S   0.0   0.2   0:00.41 init',
        '',
      ].join('\n'),
    ),
};

export const topIfTool: Tool = {
  command: () => 'iftop -t -s 5',
  run: () =>
    ok('Total send rate:     1.21Kb     1.10Kb     1.05Kb\nTotal receive rate:  2.87Kb     2.60Kb     2.44Kb\n'),
};

export const frrTool: Tool = {
  command: () => 'vtysh -c "show ip route"',
  run: () =>
    ok(
      'Codes: K - kernel route, C - connected, S - static, O - OSPF, B - BGP\n\nBGP and OSPF are not configured on this network.\n',
    ),
};

export const dhcpRenewTool: Tool = {
  command: () => 'dhclient -r && dhclient',
  run: (ctx) =>
    ctx.vnet.ipaddress_type === 'dynamic'
      ? ok('Internet Systems Consortium DHCP Client 4.4.3\nbound to the same address -- renewal in 1800 seconds.\n')
      : fail('This network does not take its address from DHCP'),
};
