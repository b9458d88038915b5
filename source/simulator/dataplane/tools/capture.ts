// `tcpdump {interface?, count?, filter?}` on a router: the workload
// conversations and recent probes crossing its interfaces, printed as
// `tcpdump -nn` prints them. A port-mirror network captures what its
// parent's router carries.
import type {Row} from '../../db/table.js';
import {formatIp} from '../ipv4.js';
import type {Packet} from '../packet.js';
import {conversations} from '../traffic.js';
import {wirePackets, type WirePacket} from '../wire.js';
import {BpfError, compileBpf} from './bpf.js';
import {clock, fail, ok, param, type Tool, type ToolContext} from './common.js';

const WINDOW_MS = 60_000;

function endpoint(ip: number, port: number | null): string {
  return port === null ? formatIp(ip) : `${formatIp(ip)}.${port}`;
}

function describe(w: WirePacket): string {
  const p: Packet = w.packet;
  if (p.proto === 6)
    return `IP ${endpoint(p.src, p.sport)} > ${endpoint(p.dst, p.dport)}: Flags [${w.flags}], seq ${w.seq}, win 64240, length ${w.length}`;
  if (p.proto === 17) return `IP ${endpoint(p.src, p.sport)} > ${endpoint(p.dst, p.dport)}: UDP, length ${w.length}`;
  if (p.proto === 1)
    return `IP ${formatIp(p.src)} > ${formatIp(p.dst)}: ICMP echo ${w.flags}, id ${w.seq % 65536}, seq 1, length ${w.length}`;
  return `IP ${formatIp(p.src)} > ${formatIp(p.dst)}: ip-proto-${p.proto} ${w.length}`;
}

/** The router whose interfaces a capture on `vnet` sees (a mirror network sees its parent's). */
function capturedRouter(ctx: ToolContext): Row {
  if (ctx.vnet.type !== 'port_mirror') return ctx.vnet;
  const parent = ctx.sim.db
    .table('vnets')
    .all()
    .find((v) => v.port_mirroring_vnet === ctx.vnet.$key);
  return parent ?? ctx.vnet;
}

export const tcpdumpTool: Tool = {
  command(ctx) {
    const iface = param(ctx, 'interface') || 'any';
    const filter = param(ctx, 'filter');
    return `tcpdump -nn -l -i ${iface} -c ${count(ctx)}${filter ? ` '${filter}'` : ''}`;
  },
  run(ctx) {
    const iface = param(ctx, 'interface') || 'any';
    if (!['any', 'eth0', 'eth1'].includes(iface))
      return fail(`tcpdump: ${iface}: No such device exists\n(No such device exists)`);
    let test;
    try {
      test = compileBpf(param(ctx, 'filter'));
    } catch (e) {
      return fail(`tcpdump: ${e instanceof BpfError ? e.message : 'syntax error'} in filter expression`);
    }
    const router = capturedRouter(ctx);
    const max = count(ctx);
    const lines: string[] = [];
    for (const c of conversations(ctx.sim, ctx.now - WINDOW_MS, ctx.now)) {
      for (const w of wirePackets(c)) {
        if (w.vnet !== router.$key || (iface !== 'any' && w.iface !== iface) || !test(w.packet)) continue;
        const where = iface === 'any' ? `${w.iface}  ${w.dir.padEnd(3)} ` : '';
        lines.push(`${clock(w.at)} ${where}${describe(w)}`);
        if (lines.length >= max) break;
      }
      if (lines.length >= max) break;
    }
    const link = iface === 'any' ? 'LINUX_SLL2 (Linux cooked v2)' : 'EN10MB (Ethernet)';
    const head = [
      ...(iface === 'any' ? ['tcpdump: data link type LINUX_SLL2'] : []),
      'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode',
      `listening on ${iface}, link-type ${link}, snapshot length 262144 bytes`,
    ];
    const tail = [
      '',
      `${lines.length} packets captured`,
      `${lines.length} packets received by filter`,
      '0 packets dropped by kernel',
    ];
    return ok([...head, ...lines, ...tail].join('\n') + '\n');
  },
};

function count(ctx: ToolContext): number {
  const c = Number(param(ctx, 'count') || 20);
  return Number.isInteger(c) && c >= 1 ? Math.min(c, 1000) : 20;
}
