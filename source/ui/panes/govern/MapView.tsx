// :map [service] — the site drawn in the terminal (domain/layout): networks as
// boxes with their block, router state, VMs (a few, then +N) and what hangs
// off them; below, one lane per connection — routes, uplinks to the outside,
// WireGuard and IPsec tunnels, tenant blocks, port mirrors — coloured by the
// verdict for a service. j/k choose a lane, h/l scroll the boxes when they do
// not all fit, s/S/e change the service, p the ruleset, Enter explains the
// selected lane with the what-if trace.
import {Box, Text} from 'ink';
import {useMemo} from 'react';
import {drawMap, type MapRole, type MapSegment} from '../../../domain/layout/terminal.js';
import {siteMap} from '../../../domain/layout/topology.js';
import {ANALYSIS_SECTIONS} from '../../../domain/model.js';
import {sanitize} from '../../../domain/text.js';
import {laneVerdicts} from '../../../policy/map-verdicts.js';
import {parseService, type Verdict} from '../../../policy/index.js';
import {useActionHandler} from '../../actions/bus.js';
import {type ViewProps} from '../../app/views.js';
import {useSyncState} from '../../components/use-sync-state.js';
import {useKeys} from '../../keys/context.js';
import {useTheme} from '../../theme/context.js';
import type {Token, TokenStyle, Tone} from '../../theme/tokens.js';
import {fit} from '../../../domain/text-width.js';
import {ServiceForm, useServicePicker} from '../analyze/service-picker.js';
import type {TraceParams} from '../analyze/TraceView.js';
import {useAnalysisSite, waitingText} from '../analyze/use-analysis.js';

export interface MapParams {
  service?: string;
}

const VERDICT_TONE: Record<Verdict, Tone> = {allow: 'ok', deny: 'danger', partial: 'warning'};
const ROLE_TONE: Partial<Record<MapRole, Token | Tone>> = {
  border: 'muted',
  name: 'title',
  muted: 'muted',
  rail: 'muted',
  warn: 'warning',
};

interface Scroll {
  lane: number;
  firstLane: number;
  firstColumn: number;
}

export function SiteMapView({params, width, height, shell, active}: ViewProps<MapParams | undefined>) {
  const theme = useTheme();
  const {site, snapshot, defaults} = useAnalysisSite(ANALYSIS_SECTIONS);
  const picker = useServicePicker(site, params?.service, {
    next: 'govern.map.next',
    previous: 'govern.map.previous',
    service: 'govern.map.service',
    staged: 'govern.map.staged',
  });
  const {service, staged, editing} = picker;
  const [scroll, setScroll, latest] = useSyncState<Scroll>({lane: 0, firstLane: 0, firstColumn: 0});

  const map = useMemo(() => (site ? siteMap(site) : null), [site]);
  const verdicts = useMemo(() => {
    const s = parseService(service);
    return site && map && s.ok
      ? laneVerdicts(site, map, s.value, {ruleset: staged ? 'pending' : 'applied', defaults})
      : [];
  }, [site, map, service, staged, defaults]);
  const boxHeight = Math.max(3, Math.min(9, Math.floor((height - 3) / 2)));
  const canvas = useMemo(
    () => (map ? drawMap(map, {width, boxHeight, firstColumn: scroll.firstColumn, ascii: theme.ascii}) : null),
    [map, width, boxHeight, scroll.firstColumn, theme.ascii],
  );
  const laneCount = map?.lanes.length ?? 0;
  const laneRows = Math.max(1, height - 3 - (canvas?.boxes.length ?? 0));

  useKeys(
    'pane',
    (event) => {
      const now = latest.current;
      const columns = map?.columns.length ?? 0;
      const visible = canvas?.visibleColumns ?? columns;
      let lane = now.lane;
      let firstColumn = now.firstColumn;
      switch (event.name) {
        case 'j':
        case 'down':
          lane = Math.min(laneCount - 1, lane + 1);
          break;
        case 'k':
        case 'up':
          lane = Math.max(0, lane - 1);
          break;
        case 'pagedown':
          lane = Math.min(laneCount - 1, lane + laneRows);
          break;
        case 'pageup':
          lane = Math.max(0, lane - laneRows);
          break;
        case 'g':
        case 'home':
          lane = 0;
          break;
        case 'G':
        case 'end':
          lane = Math.max(0, laneCount - 1);
          break;
        case 'l':
        case 'right':
          firstColumn = Math.min(Math.max(0, columns - visible), firstColumn + 1);
          break;
        case 'h':
        case 'left':
          firstColumn = Math.max(0, firstColumn - 1);
          break;
        default:
          return false;
      }
      lane = Math.max(0, lane);
      const firstLane = Math.max(
        0,
        Math.min(now.firstLane, lane, Math.max(0, laneCount - laneRows)),
        lane - laneRows + 1,
      );
      setScroll({lane, firstLane, firstColumn});
      return true;
    },
    {isActive: active && !editing},
  );
  useActionHandler(
    'app.open',
    () => {
      const lane = map?.lanes[latest.current.lane];
      if (!lane) return;
      if (!lane.why)
        return shell.notify('info', `${lane.label}: a tunnel, block or mirror carries no verdict to explain`);
      shell.push('analyze.trace', {
        query: {from: lane.why.from, to: lane.why.to, service},
        pendingFirst: staged,
      } satisfies TraceParams);
    },
    {isActive: !editing},
  );

  if (editing)
    return (
      <ServiceForm
        picker={picker}
        title="Colour the lanes for which service?"
        width={width}
        height={height}
        active={active}
      />
    );
  if (!map || !canvas) return <Text {...theme.style('muted')}>{fit(waitingText(snapshot, 'the site'), width)}</Text>;

  const tone = (seg: MapSegment, selected: boolean): TokenStyle => {
    if (seg.lane !== undefined && (seg.role === 'lane' || seg.role === 'label')) {
      if (selected && seg.role === 'label') return theme.style('selection');
      const v = verdicts[seg.lane];
      return v ? theme.style(VERDICT_TONE[v]) : theme.style('muted');
    }
    const t = ROLE_TONE[seg.role];
    return t ? theme.style(t) : {};
  };
  const line = (segments: readonly MapSegment[], key: string, selected = false) => (
    <Box key={key} height={1} width={width}>
      <Text wrap="truncate-end">
        {segments.map((seg, i) => (
          <Text key={i} {...tone(seg, selected)}>
            {sanitize(seg.text)}
          </Text>
        ))}
      </Text>
    </Box>
  );
  const firstLane = Math.min(scroll.firstLane, Math.max(0, laneCount - laneRows));
  const shown = canvas.lanes.slice(firstLane, firstLane + laneRows);
  const selected = map.lanes[scroll.lane];
  const verdict = verdicts[scroll.lane];
  const more = laneCount > laneRows ? ` · lanes ${firstLane + 1}–${firstLane + shown.length} of ${laneCount}` : '';
  const cols =
    canvas.visibleColumns < map.columns.length
      ? ` · networks ${canvas.firstColumn + 1}–${canvas.firstColumn + canvas.visibleColumns} of ${map.columns.length} (h/l)`
      : '';
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text wrap="truncate-end" {...theme.style('title')}>
        {fit(`${service} on the ${staged ? 'staged' : 'applied (live)'} rules${cols}${more}`, width)}
      </Text>
      {canvas.boxes.map((l, i) => line(l, `b${i}`))}
      {shown.map((l, i) => {
        const index = firstLane + i;
        const here = index === scroll.lane;
        // The first cell of a lane is the left edge (boxes put their scroll mark there): the cursor takes it.
        const [head, ...rest] = l;
        const tail = head && head.text.length > 1 ? [{...head, text: head.text.slice(1)}, ...rest] : rest;
        return line([{text: here ? theme.glyphs.marker : ' ', role: 'name'}, ...tail], `l${index}`, here);
      })}
      <Box height={Math.max(0, laneRows - shown.length)} />
      <Text wrap="truncate-end" {...(verdict ? theme.style(VERDICT_TONE[verdict]) : theme.style('muted'))}>
        {fit(
          selected
            ? sanitize(
                `${selected.label}${verdict ? `  ${verdict.toUpperCase()}` : ''}${selected.why ? '  · Enter explains it' : ''}`,
              )
            : 'No connections to draw',
          width,
          'left',
          theme.glyphs.ellipsis,
        )}
      </Text>
    </Box>
  );
}
