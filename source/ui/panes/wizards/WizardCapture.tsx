// Monitor and adjust from what the network really carries: a capture on the
// network's router (or on its mirror network), grouped into flows — the top
// talkers first — each with what vseg's rules say about it. Flows the rules
// do not allow can be allowed (a, a new incoming accept rule), and the rule
// that lets a flow in can be tightened (t); both are planned by the monitor
// wizard and confirmed with their calls and verdict changes.
import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import {VergeError} from '../../../api/errors.js';
import {sanitize} from '../../../domain/text.js';
import {SecretBox, WIZARDS, adjustAnswers} from '../../../domain/wizards/index.js';
import {verdictLines} from '../../../domain/wizards/review.js';
import {captureFlows, type CaptureResult, type CapturedFlow} from '../../../session/capture-flows.js';
import {useActionHandler} from '../../actions/bus.js';
import type {ViewProps} from '../../app/views.js';
import {Spinner} from '../../components/Spinner.js';
import {Table} from '../../components/table/Table.js';
import type {Column} from '../../components/table/types.js';
import {useTable, useTableInput} from '../../components/table/use-table.js';
import {useSession} from '../../data/session.js';
import {useTheme} from '../../theme/context.js';
import {fit} from '../../../domain/text-width.js';
import {Loading, useFullSite} from './common.js';
import {useWizardPolicy} from './policy.js';
import {runAdjustment} from './WizardMonitor.js';

export interface CaptureParams {
  network: string;
}

const COLUMNS: readonly Column<CapturedFlow>[] = [
  {
    id: 'flow',
    header: 'FLOW',
    format: (f) => `${f.src} → ${f.dst} ${f.protocol}${f.port !== null ? `/${f.port}` : ''}`,
    width: 34,
    grow: true,
    priority: 0,
  },
  {
    id: 'packets',
    header: 'PKTS',
    format: (f) => String(f.packets),
    sortValue: (f) => f.packets,
    width: 5,
    align: 'right',
    priority: 1,
  },
  {
    id: 'answered',
    header: 'ANSWERED',
    format: (f) => (f.answered ? 'yes' : 'no'),
    width: 8,
    kind: 'status',
    tone: (f) => (f.answered ? 'ok' : 'warning'),
    priority: 2,
  },
  {
    id: 'rules',
    header: 'RULES SAY',
    format: (f) => (f.verdict === null ? '?' : `${f.verdict}${f.rule ? ` (${f.rule.name})` : ' (default)'}`),
    width: 30,
    kind: 'status',
    tone: (f) => (f.verdict === 'allow' ? 'ok' : f.verdict === 'deny' ? 'danger' : 'warning'),
    priority: 0,
  },
];

type Load = {kind: 'loading'} | {kind: 'done'; result: CaptureResult} | {kind: 'failed'; message: string};

export function WizardCapture({params, width, height, active, filter, shell}: ViewProps<CaptureParams>) {
  const theme = useTheme();
  const session = useSession();
  const site = useFullSite();
  const policy = useWizardPolicy();
  const network = site?.networks.find((n) => n.name === params.network);
  const [load, setLoad] = useState<Load>({kind: 'loading'});
  const [round, setRound] = useState(0);
  const connection = session.connection;
  const ready = site !== null && network !== undefined;
  useEffect(() => {
    if (!connection || !ready || !site || !network) return;
    const ac = new AbortController();
    captureFlows(connection.client, site, network, {signal: ac.signal}).then(
      (result) => setLoad({kind: 'done', result}),
      (e: unknown) => {
        if (!ac.signal.aborted) setLoad({kind: 'failed', message: e instanceof VergeError ? e.describe() : String(e)});
      },
    );
    return () => ac.abort();
    // one capture per request (R): a site refresh must not start another
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connection, ready, round]);
  useActionHandler('capture.again', () => {
    setLoad({kind: 'loading'});
    setRound((r) => r + 1);
  });

  const flows = load.kind === 'done' ? load.result.flows : [];
  const unanswered = flows.filter((f) => !f.answered).length;
  const denied = flows.filter((f) => f.verdict === 'deny').length;
  const head =
    load.kind === 'done'
      ? `${flows.length} flows captured on ${load.result.on}` +
        `${load.result.on !== params.network ? ` (the mirror of ${params.network})` : "'s router"}; ` +
        `${denied} the rules deny, ${unanswered} unanswered`
      : load.kind === 'failed'
        ? load.message
        : '';
  const table = useTable({
    rows: flows,
    columns: COLUMNS,
    height: Math.max(2, height - 2),
    filter,
    rowKey: (f) => `${f.protocol}|${f.src}|${f.dst}|${f.port}`,
  });
  useTableInput(table);
  const selected = table.selected;

  useActionHandler('capture.allow', () => {
    if (!site || !network || !selected) return;
    if (selected.verdict === 'allow') return shell.notify('info', 'The rules already allow this flow');
    if (!selected.entersHere)
      return shell.notify(
        'info',
        `This flow does not enter ${network.name}: allow it on the network it goes to (n in the counters)`,
      );
    const plan = WIZARDS.monitor.plan(
      site,
      adjustAnswers(network, {
        allowFlows: [
          {
            from: selected.src,
            protocol: selected.protocol,
            ...(selected.port !== null ? {port: String(selected.port)} : {}),
          },
        ],
      }),
      {policy, secrets: new SecretBox()},
    );
    const flow = `${selected.src} → ${selected.dst} ${selected.protocol}${selected.port !== null ? `/${selected.port}` : ''}`;
    const changes = plan.errors.length ? [] : verdictLines(policy.verdictChanges(site, plan.after)).map((l) => l.text);
    void runAdjustment(session, shell, plan, `Allow ${flow} on ${network.name}?`, {triggerKey: 'a', review: changes});
  });
  useActionHandler('capture.tighten', () => {
    if (!network || !selected) return;
    if (!selected.rule || selected.verdict !== 'allow')
      return shell.notify('info', 'No rule of this network lets the selected flow in (its default decides)');
    shell.push('wizard.tighten', {network: selected.rule.network, rule: selected.rule.name});
  });

  if (!site) return <Loading width={width} height={height} />;
  return (
    <Box flexDirection="column" width={width} height={height}>
      {load.kind === 'loading' ? (
        <Text wrap="truncate-end">
          <Spinner active={active} />
          {fit(` capturing on ${params.network} (tcpdump, 200 packets) …`, width - 2)}
        </Text>
      ) : (
        <Text wrap="truncate-end" {...theme.style(load.kind === 'failed' ? 'danger' : 'accent')}>
          {fit(sanitize(head), width)}
        </Text>
      )}
      <Text wrap="truncate-end" {...theme.style('muted')}>
        {fit(
          selected
            ? sanitize(selected.reason)
            : 'a allows the selected flow (asks first); t tightens the rule that lets it in',
          width,
        )}
      </Text>
      <Table
        table={table}
        width={width}
        height={Math.max(2, height - 2)}
        focused={active}
        emptyText={load.kind === 'loading' ? 'Capturing…' : 'No flows in the capture'}
      />
    </Box>
  );
}
