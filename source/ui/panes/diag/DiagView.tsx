// :diag [network [tool args]] — ask a network's router: choose the tool and
// its parameters (checked as typed), watch it run (spinner, elapsed time,
// the time limit; Esc abandons it), then read the reading on top and the
// tool's own output below, scrollable; `/` keeps only the lines that match,
// y copies the output, c the command, r runs it again, e edits.
import {Box, Text} from 'ink';
import {useEffect, useMemo, useRef, useState} from 'react';
import type {QueryProgress} from '../../../api/diag/index.js';
import {defaultTimeoutS} from '../../../api/diag/index.js';
import type {DiagParams as QueryParams} from '../../../api/diag/index.js';
import {VergeError} from '../../../api/errors.js';
import {sanitize} from '../../../domain/text.js';
import {runDiag, type DiagRun} from '../../../session/diag.js';
import {useActionHandler} from '../../actions/bus.js';
import type {ViewProps} from '../../app/views.js';
import {Form} from '../../components/form/Form.js';
import {Spinner} from '../../components/Spinner.js';
import {TextView, useTextView, useTextViewInput} from '../../components/TextView.js';
import {useSession} from '../../data/session.js';
import {useKeys} from '../../keys/context.js';
import {useTheme} from '../../theme/context.js';
import type {Tone} from '../../theme/tokens.js';
import {fit} from '../../../domain/text-width.js';
import {useAnalysisSite, waitingText} from '../analyze/use-analysis.js';
import {diagFields, diagRequest, presetFromArgs, presetValues, type DiagPreset} from './diag-form.js';

export interface DiagViewParams {
  /** `:diag` arguments: network, tool, tool arguments. */
  args?: readonly string[];
  /** Filled in by another view (a why trace, a network's details). */
  preset?: DiagPreset;
}

type Phase =
  // `round` remounts the form, which reads its note (and fields) when it mounts
  | {kind: 'form'; note?: string; round?: number}
  | {kind: 'running'; network: string; params: QueryParams; progress?: QueryProgress; timeoutS: number}
  | {kind: 'done'; run: DiagRun}
  | {kind: 'failed'; network: string; params: QueryParams; message: string};

function target(p: QueryParams): string {
  if ('host' in p) return p.query === 'tcp_connect' ? `${p.host}:${p.port}` : p.host;
  if ('name' in p) return p.name;
  if (p.query === 'tcpdump' && p.filter) return `'${p.filter}'`;
  return '';
}

export function Diag({params, width, height, active, shell, filter}: ViewProps<DiagViewParams | undefined>) {
  const theme = useTheme();
  const session = useSession();
  const {site, snapshot} = useAnalysisSite(['networks']);
  const parsedArgs = useMemo(() => presetFromArgs(params?.args ?? []), [params]);
  const preset = params?.preset ?? parsedArgs.preset;
  const fields = useMemo(() => (site ? diagFields(site, preset) : []), [site, preset]);
  const [phase, setPhaseState] = useState<Phase>({kind: 'form', note: parsedArgs.error});
  const rounds = useRef(0);
  const setPhase = (next: Phase | ((p: Phase) => Phase)): void =>
    setPhaseState((p) => {
      const n = typeof next === 'function' ? next(p) : next;
      return n.kind === 'form' && n !== p ? {...n, round: ++rounds.current} : n;
    });
  const abort = useRef<AbortController | null>(null);
  const last = useRef<{network: string; params: QueryParams} | null>(null);

  const start = (network: string, query: QueryParams): void => {
    const net = site?.networks.find((n) => n.name === network);
    const connection = session.connection;
    if (!net || !connection) {
      setPhase({
        kind: 'form',
        note: connection ? `no network named "${network}"` : 'offline: the query needs the site',
      });
      return;
    }
    last.current = {network, params: query};
    const ac = new AbortController();
    abort.current = ac;
    const timeoutS = defaultTimeoutS(query.query);
    setPhase({kind: 'running', network, params: query, timeoutS});
    runDiag(connection.client, {key: net.key, name: net.name, running: net.running}, query, {
      signal: ac.signal,
      timeoutS,
      onProgress: (progress) => setPhase((p) => (p.kind === 'running' && abort.current === ac ? {...p, progress} : p)),
    }).then(
      (run) => {
        if (abort.current === ac) setPhase({kind: 'done', run});
      },
      (error: unknown) => {
        if (abort.current !== ac) return;
        if (error instanceof VergeError && error.kind === 'aborted')
          return setPhase({kind: 'form', note: `${query.query} abandoned (VergeOS expires the query by itself)`});
        setPhase({
          kind: 'failed',
          network,
          params: query,
          message: error instanceof VergeError ? error.describe() : String(error),
        });
      },
    );
  };

  // `:diag web ping 10.10.2.21`: a complete question runs at once, once, when the networks are there.
  const autoRan = useRef(false);
  useEffect(() => {
    if (autoRan.current || !site || !params?.args?.[1] || parsedArgs.error) return;
    autoRan.current = true;
    const req = diagRequest(presetValues(preset));
    if ('error' in req) setPhase({kind: 'form', note: req.error});
    else start(req.network, req.params);
  });

  const running = phase.kind === 'running';
  // Esc while it runs abandons the query (and is not a "back"): the view stays.
  useKeys(
    'pane',
    (event) => {
      if (event.name !== 'escape' || !running) return false;
      abort.current?.abort();
      return true;
    },
    {isActive: active && running},
  );

  const output = phase.kind === 'done' ? phase.run.answer.result.replace(/\t/g, '  ').split('\n') : [];
  while (output.length && output[output.length - 1] === '') output.pop();
  const needle = filter.trim().toLowerCase();
  const shown = needle ? output.filter((l) => l.toLowerCase().includes(needle)) : output;
  const summary = phase.kind === 'done' ? phase.run.summary : [];
  const headLines = summary.length + (needle ? 1 : 0) + 1;
  const view = useTextView({lineCount: shown.length, height: Math.max(1, height - headLines - 1)});
  useTextViewInput(view, {isActive: active && phase.kind === 'done'});

  const showing = phase.kind === 'done' || phase.kind === 'failed';
  useActionHandler('diag.edit', () => setPhase({kind: 'form'}), {isActive: showing});
  useActionHandler('app.open', () => setPhase({kind: 'form'}), {isActive: showing});
  useActionHandler(
    'diag.again',
    () => {
      if (last.current) start(last.current.network, last.current.params);
    },
    {isActive: showing},
  );
  // y is the console's copy key everywhere (app.copy); here the thing selected is the output.
  useActionHandler(
    'app.copy',
    () => {
      if (phase.kind === 'done') shell.copy(`${output.join('\n')}\n`, `the ${phase.run.answer.query} output`);
    },
    {isActive: phase.kind === 'done'},
  );
  useActionHandler(
    'diag.copy-command',
    () => {
      if (phase.kind === 'done') shell.copy(phase.run.answer.command, 'the command the router ran');
    },
    {isActive: phase.kind === 'done'},
  );

  if (!site) return <Text {...theme.style('muted')}>{fit(waitingText(snapshot, 'the networks'), width)}</Text>;

  if (phase.kind === 'form')
    return (
      <Box flexDirection="column" width={width} height={height}>
        <Form
          key={phase.round ?? 0}
          fields={fields}
          width={width}
          height={height - 1}
          layer="pane"
          isActive={active}
          initial={phase.note ? {reveal: {message: phase.note}} : undefined}
          title="Ask a router: run a diagnostic inside a network's router (VergeOS vnet_queries)"
          submitLabel="Run"
          onSubmit={(values) => {
            const req = diagRequest(values);
            if ('error' in req) setPhase({kind: 'form', note: req.error});
            else start(req.network, req.params);
          }}
          onCancel={() => shell.pop()}
        />
        <Text wrap="truncate-end" {...theme.style('muted')}>
          {fit('Enter runs it · Esc goes back', width)}
        </Text>
      </Box>
    );

  if (phase.kind === 'running')
    return (
      <Box flexDirection="column" width={width} height={height}>
        <Text wrap="truncate-end">
          <Spinner active={active} />
          {fit(
            ` ${phase.params.query} ${sanitize(target(phase.params))} on ${sanitize(phase.network)}'s router …`,
            width - 24,
          )}
          <Text>{` ${Math.floor((phase.progress?.elapsedMs ?? 0) / 1000)} s of ${phase.timeoutS} s`}</Text>
        </Text>
        <Text {...theme.style('muted')}>
          {fit(`polls so far: ${phase.progress?.polls ?? 0} · Esc abandons it`, width)}
        </Text>
      </Box>
    );

  if (phase.kind === 'failed')
    return (
      <Box flexDirection="column" width={width} height={height}>
        <Text wrap="wrap" {...theme.style('danger')}>
          {sanitize(`${phase.params.query} on ${phase.network}'s router: ${phase.message}`)}
        </Text>
        <Text {...theme.style('muted')}>{fit('R runs it again · e edits · Esc goes back', width)}</Text>
      </Box>
    );

  const run = phase.run;
  const tone: Tone =
    run.answer.status === 'error'
      ? 'danger'
      : run.outcome === 'failed'
        ? 'warning'
        : run.outcome === 'reached'
          ? 'ok'
          : 'info';
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      {summary.map((line, i) => (
        <Text key={i} wrap="truncate-end" {...theme.style(i === 0 ? tone : 'info')}>
          {fit(`${i === 0 ? `${theme.glyphs.tone[tone]} ` : '  '}${sanitize(line)}`, width)}
        </Text>
      ))}
      {needle ? (
        <Text {...theme.style('accent')}>
          {fit(`${shown.length} of ${output.length} lines match /${sanitize(filter)}/`, width)}
        </Text>
      ) : null}
      <Text {...theme.style('muted')}>
        {fit(`$ ${sanitize(run.answer.command)}  (${Math.round(run.answer.elapsedMs / 100) / 10} s)`, width)}
      </Text>
      <TextView
        lines={shown}
        width={width}
        height={Math.max(1, height - headLines - 1)}
        offset={view.offset}
        left={view.left}
        emptyText={needle ? 'no line matches' : '(no output)'}
      />
    </Box>
  );
}
