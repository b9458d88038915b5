// ping, traceroute and tcp_connect from a router: one packet walked through
// the simulated network, printed the way iputils ping, traceroute and
// OpenBSD nc print it. Probes are remembered so a later capture or trace
// shows them.
import type {Walk} from '../forward.js';
import {walk} from '../forward.js';
import {formatIp} from '../ipv4.js';
import {PROTO, type Packet} from '../packet.js';
import {rememberProbe} from '../state.js';
import {hostAddress} from './dns.js';
import {HOST_NAME, fail, ok, param, routerIp, rtt, serviceName, type Tool, type ToolContext} from './common.js';

function target(ctx: ToolContext, tool: string): {ip: number; text: string} | {error: string} | {unknown: string} {
  const host = param(ctx, 'host') || param(ctx, 'address');
  if (!host) return {error: `${tool}: usage error: Destination address required`};
  if (!HOST_NAME.test(host)) return {unknown: host};
  const r = hostAddress(ctx, host);
  if (typeof r === 'number') return {ip: r, text: host};
  return {unknown: host};
}

function send(ctx: ToolContext, packet: Packet, count: number): Walk {
  rememberProbe(ctx.sim, {at: ctx.now, vnet: ctx.vnet.$key, packet, count});
  return walk(ctx.sim, packet, ctx.vnet);
}

function countParam(ctx: ToolContext): number {
  const c = Number(param(ctx, 'count') || 4);
  return Number.isInteger(c) && c >= 1 && c <= 100 ? c : 4;
}

export const pingTool: Tool = {
  command: (ctx) => `ping -c ${countParam(ctx)} -W 1 ${param(ctx, 'host') || param(ctx, 'address')}`,
  run(ctx) {
    const t = target(ctx, 'ping');
    if ('error' in t) return fail(t.error);
    if ('unknown' in t) return ok(`ping: ${t.unknown}: Name or service not known\n`);
    const src = routerIp(ctx.vnet);
    if (src === null) return ok('ping: connect: Network is unreachable\n');
    const count = countParam(ctx);
    const w = send(ctx, {proto: PROTO.icmp, src, dst: t.ip, sport: null, dport: null}, count);
    const dst = formatIp(t.ip);
    const lines = [`PING ${t.text} (${dst}) 56(84) bytes of data.`];
    const time = `time ${(count - 1) * 1000 + 2 + (t.ip % 60)}ms`;
    const stats = `--- ${t.text} ping statistics ---`;
    if (w.fate === 'delivered') {
      const ttl = 64 - w.hops.filter((h) => h.direction === 'incoming').length;
      const times: number[] = [];
      for (let i = 1; i <= count; i++) {
        const ms = rtt(`${ctx.vnet.$key}>${dst}`, w.path.length, i);
        times.push(ms);
        lines.push(`64 bytes from ${dst}: icmp_seq=${i} ttl=${ttl} time=${ms.toFixed(3)} ms`);
      }
      const min = Math.min(...times);
      const max = Math.max(...times);
      const avg = times.reduce((a, b) => a + b, 0) / count;
      const mdev = Math.sqrt(times.reduce((a, b) => a + (b - avg) ** 2, 0) / count);
      lines.push('', stats, `${count} packets transmitted, ${count} received, 0% packet loss, ${time}`);
      lines.push(`rtt min/avg/max/mdev = ${[min, avg, max, mdev].map((x) => x.toFixed(3)).join('/')} ms`);
      return ok(lines.join('\n') + '\n');
    }
    const why =
      w.fate === 'rejected'
        ? 'Destination Port Unreachable'
        : w.fate === 'host-down'
          ? 'Destination Host Unreachable'
          : w.fate === 'no-route'
            ? 'Destination Net Unreachable'
            : null;
    if (why && w.reporter !== null) {
      for (let i = 1; i <= count; i++) lines.push(`From ${formatIp(w.reporter)} icmp_seq=${i} ${why}`);
      lines.push('', stats, `${count} packets transmitted, 0 received, +${count} errors, 100% packet loss, ${time}`);
    } else {
      lines.push('', stats, `${count} packets transmitted, 0 received, 100% packet loss, ${time}`);
    }
    return ok(lines.join('\n') + '\n');
  },
};

const MAX_HOPS = 30;

export const tracerouteTool: Tool = {
  command: (ctx) => `traceroute -n ${param(ctx, 'host') || param(ctx, 'address')}`,
  run(ctx) {
    const t = target(ctx, 'traceroute');
    if ('error' in t) return fail(t.error);
    if ('unknown' in t)
      return ok(
        `${t.unknown}: Name or service not known\nCannot handle "host" cmdline arg \`${t.unknown}' on position 1 (argc 1)\n`,
      );
    const src = routerIp(ctx.vnet);
    if (src === null) return ok('connect: Network is unreachable\n');
    const w = send(ctx, {proto: PROTO.udp, src, dst: t.ip, sport: 43210, dport: 33434}, 3);
    const lines = [`traceroute to ${t.text} (${formatIp(t.ip)}), ${MAX_HOPS} hops max, 60 byte packets`];
    const row = (n: number, ip: number, mark = ''): string => {
      const times = [1, 2, 3].map((i) => `${rtt(`${ctx.vnet.$key}>${ip}`, n, i).toFixed(3)} ms${mark}`);
      return `${String(n).padStart(2)}  ${formatIp(ip)}  ${times.join('  ')}`;
    };
    let n = 0;
    for (const ip of w.path) lines.push(row(++n, ip));
    if (w.fate !== 'delivered') {
      const mark = w.fate === 'rejected' ? ' !X' : w.fate === 'host-down' ? ' !H' : w.fate === 'no-route' ? ' !N' : '';
      if (mark && w.reporter !== null) lines.push(row(n + 1, w.reporter, mark));
      else for (let hop = n + 1; hop <= MAX_HOPS; hop++) lines.push(`${String(hop).padStart(2)}  * * *`);
    }
    return ok(lines.join('\n') + '\n');
  },
};

/** What answers on a port at a reached host: simulated VMs serve every port; routers DNS; the Internet the usual ones. */
function listens(w: Walk, port: number): boolean {
  if (w.host?.kind === 'vm') return true;
  if (w.host?.kind === 'router') return port === 53;
  return [22, 53, 80, 443].includes(port);
}

export const tcpConnectTool: Tool = {
  command: (ctx) => `nc -vz -w 5 ${param(ctx, 'host') || param(ctx, 'address')} ${param(ctx, 'port')}`,
  run(ctx) {
    const t = target(ctx, 'nc');
    if ('error' in t)
      return fail('nc: missing hostname and port\nusage: nc [-46CDdFhklNnrStUuvZz] [destination] [port]');
    if ('unknown' in t)
      return ok(`nc: getaddrinfo for host "${t.unknown}" port ${param(ctx, 'port')}: Name or service not known\n`);
    const portText = param(ctx, 'port');
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535)
      return fail(`nc: port number invalid: ${portText || '(none)'}`);
    const src = routerIp(ctx.vnet);
    if (src === null) return ok(`nc: connect to ${t.text} port ${port} (tcp) failed: Network is unreachable\n`);
    const sport = 40000 + (ctx.now % 20000);
    const w = send(ctx, {proto: PROTO.tcp, src, dst: t.ip, sport, dport: port}, 1);
    const head = `nc: connect to ${t.text} port ${port} (tcp)`;
    switch (w.fate) {
      case 'delivered':
        return listens(w, port)
          ? ok(`Connection to ${t.text} ${port} port [tcp/${serviceName(port)}] succeeded!\n`)
          : ok(`${head} failed: Connection refused\n`);
      case 'rejected':
        return ok(`${head} failed: Connection refused\n`);
      case 'host-down':
        return ok(`${head} failed: No route to host\n`);
      case 'no-route':
        return ok(`${head} failed: Network is unreachable\n`);
      default:
        return ok(`${head} timed out: Operation now in progress\n`);
    }
  },
};
