// One network in full: addressing, DHCP, DNS, default gateway, state,
// mirroring, rule counts and the last Apply Rules; the gateway monitor's
// quality over the last hour as sparklines; d asks its router (:diag).
import {Box} from 'ink';
import {useEffect, useState} from 'react';
import {loadQualityHistory, summarizeQuality, type QualitySample} from '../../../session/monitor.js';
import {sparkline} from '../../text/sparkline.js';
import {useSession} from '../../data/session.js';
import {useTheme} from '../../theme/context.js';
import {appliedDiff} from '../../../domain/edits/applied-diff.js';
import type {Key, Network, Site} from '../../../domain/model.js';
import {useActionHandler} from '../../actions/bus.js';
import type {ViewProps} from '../../app/views.js';
import {TextView, useTextView, useTextViewInput} from '../../components/TextView.js';
import {useSite} from '../../data/session.js';
import {PaneTitle} from '../core/DataAge.js';
import {NETWORK_SECTIONS} from './NetworksList.js';

function when(unixSeconds: number | null): string {
  if (!unixSeconds) return 'never';
  return new Date(unixSeconds * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

export function networkDetailLines(site: Site, n: Network): string[] {
  const name = (key: Key | null) =>
    key === null ? '—' : (site.networks.find((x) => x.key === key)?.name ?? `network ${key}`);
  const rules = site.rules.filter((r) => r.vnet === n.key);
  const row = (label: string, value: string) => `${label.padEnd(16)} ${value}`;
  const diff = appliedDiff(site, n.key);
  const pending = !n.needFwApply
    ? 'no'
    : diff.source === 'unknown'
      ? 'yes (the live rules are unknown)'
      : `yes — ${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed`;
  const nics = site.vms.flatMap((vm) =>
    vm.nics.filter((c) => c.vnet === n.key).map((c) => `${vm.name}.${c.name}${c.ip ? ` (${c.ip})` : ''}`),
  );
  const mirroredBy = site.networks.filter((x) => x.portMirroringVnet === n.key).map((x) => x.name);
  return [
    row('Name', `${n.name}  (key ${n.key})`),
    row('Type', n.type),
    row('Description', n.description || '—'),
    row(
      'State',
      `${n.status}${n.enabled ? '' : ', disabled'}${n.needRestart ? ' — settings change on the next restart' : ''}`,
    ),
    row('Address block', n.cidr || '—'),
    row('Router IP', n.routerIp || '—'),
    row('DMZ IP', n.dmzIp || '—'),
    row('Gateway', n.gateway || '—'),
    row('Default gateway', name(n.defaultGateway)),
    row('DHCP', n.dhcpEnabled ? `on, ${n.dhcpStart || '?'} – ${n.dhcpStop || '?'}` : 'off'),
    row('DNS', `${n.dns || '—'}${n.dnsList ? `, servers ${n.dnsList}` : ''}${n.domain ? `, domain ${n.domain}` : ''}`),
    row('MTU', String(n.mtu || '—')),
    row(
      'Mirroring',
      n.portMirroring === 'off' ? 'off' : `${n.portMirroring.replace('_', '/')} → ${name(n.portMirroringVnet)}`,
    ),
    ...(mirroredBy.length ? [row('Mirror of', mirroredBy.join(', '))] : []),
    row(
      'Rules',
      `${rules.length} (${rules.filter((r) => r.enabled).length} enabled, ` +
        `${rules.filter((r) => r.systemRule).length} system, ${rules.filter((r) => r.statistics).length} counting)`,
    ),
    row('Pending apply', pending),
    row('Last apply', when(n.lastFwApply)),
    row('NICs', nics.length ? nics.join(', ') : 'none'),
    ...(n.owner ? [row('Managed for', n.owner)] : []),
  ];
}

/** Two sparkline rows (latency, loss) for the gateway monitor's last hour. */
export function qualityLines(samples: readonly QualitySample[] | null, width: number, ascii: boolean): string[] {
  const row = (label: string, value: string) => `${label.padEnd(16)} ${value}`;
  if (samples === null) return [row('Quality', 'loading…')];
  if (samples.length === 0) return [row('Quality', 'not recorded (gateway monitoring is off for this network)')];
  const s = summarizeQuality(samples);
  const cells = Math.max(8, Math.min(60, width - 17 - 28));
  const fmt = (v: number | null, unit: string, digits: number) => (v === null ? '?' : `${v.toFixed(digits)}${unit}`);
  return [
    row(
      'Latency (1 h)',
      `${sparkline(
        samples.map((x) => x.latencyMs),
        cells,
        {ascii, min: 0},
      )}  ${fmt(s.latencyMs.last, ' ms', 2)} now, ${fmt(s.latencyMs.max, ' ms', 2)} max`,
    ),
    row(
      'Loss (1 h)',
      `${sparkline(
        samples.map((x) => x.droppedPct),
        cells,
        {ascii, min: 0, max: Math.max(1, s.lossPct.max ?? 1)},
      )}  ${fmt(s.lossPct.last, '%', 1)} now, ${fmt(s.lossPct.max, '%', 1)} max`,
    ),
  ];
}

export function NetworkDetail({params, width, height, active, shell}: ViewProps<{key: Key}>) {
  const snapshot = useSite(NETWORK_SECTIONS);
  const session = useSession();
  const theme = useTheme();
  const site = snapshot.site;
  const network = site?.networks.find((n) => n.key === params.key);
  const [quality, setQuality] = useState<QualitySample[] | null>(null);
  const connection = session.connection;
  const vnet = network?.key;
  useEffect(() => {
    if (!connection || vnet === undefined) return;
    const ac = new AbortController();
    const load = () =>
      loadQualityHistory(connection.client, vnet, ac.signal).then(
        (rows) => setQuality(rows),
        () => setQuality([]),
      );
    void load();
    // a sample a minute: reading it again every minute keeps the line moving
    const timer = setInterval(() => void load(), 60_000);
    return () => {
      ac.abort();
      clearInterval(timer);
    };
  }, [connection, vnet]);
  const lines =
    site && network
      ? [...networkDetailLines(site, network), ...qualityLines(quality, width, theme.ascii === true)]
      : [];
  useActionHandler('networks.detail.probe', () => {
    if (!network) return;
    const gateway =
      network.gateway && network.gateway !== network.routerIp ? network.gateway : network.dnsList.split(',')[0]?.trim();
    shell.push('diag', {preset: {network: network.name, query: 'ping', host: gateway || undefined}});
  });
  const view = useTextView({lineCount: lines.length, height: Math.max(1, height - 1)});
  useTextViewInput(view);
  useActionHandler('app.open', () => {
    if (network) shell.push('rules', {network: network.key, label: network.name});
  });
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaneTitle
        width={width}
        active={active}
        snapshot={snapshot}
        parts={[{text: network ? `network ${network.name}` : 'network', tone: 'title'}, {text: 'Enter: its rules'}]}
      />
      <TextView
        lines={lines}
        width={width}
        height={Math.max(1, height - 1)}
        offset={view.offset}
        left={view.left}
        emptyText={site ? 'That network is gone (r refreshes)' : 'Loading…'}
      />
    </Box>
  );
}
