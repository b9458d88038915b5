// L in a network's rules: the ruleset its router runs now (`nft list
// ruleset`, raw) beside the staged rules, each marked by whether a comment
// in the router's ruleset names its key — a guess, as VergeOS's naming is
// not public — with the counts compared on top. `/` keeps matching lines of
// the raw ruleset; r reads it again.
import {Box, Text} from 'ink';
import {useEffect, useMemo, useState} from 'react';
import {parseNft} from '../../../api/diag/index.js';
import {VergeError} from '../../../api/errors.js';
import type {Key} from '../../../domain/model.js';
import {sanitize} from '../../../domain/text.js';
import {runDiag, type DiagRun} from '../../../session/diag.js';
import {compareLive} from '../../../session/live-ruleset.js';
import {useActionHandler} from '../../actions/bus.js';
import type {ViewProps} from '../../app/views.js';
import {Spinner} from '../../components/Spinner.js';
import {TextView, useTextView, useTextViewInput} from '../../components/TextView.js';
import {useSession, useSite} from '../../data/session.js';
import {useTheme} from '../../theme/context.js';
import {fit} from '../../../domain/text-width.js';

export interface LiveRulesetParams {
  network: Key;
  label: string;
}

type Load = {kind: 'loading'} | {kind: 'done'; run: DiagRun} | {kind: 'failed'; message: string};

export function LiveRuleset({params, width, height, active, filter}: ViewProps<LiveRulesetParams>) {
  const theme = useTheme();
  const session = useSession();
  const snapshot = useSite(['networks', 'rules']);
  const site = snapshot.site;
  const network = site?.networks.find((n) => n.key === params.network);
  const [load, setLoad] = useState<Load>({kind: 'loading'});
  const [round, setRound] = useState(0);
  const connection = session.connection;
  useEffect(() => {
    if (!connection || !network) return;
    const ac = new AbortController();
    runDiag(
      connection.client,
      {key: network.key, name: network.name, running: network.running},
      {query: 'firewall'},
      {
        signal: ac.signal,
      },
    ).then(
      (run) => setLoad({kind: 'done', run}),
      (e: unknown) => {
        if (!ac.signal.aborted) setLoad({kind: 'failed', message: e instanceof VergeError ? e.describe() : String(e)});
      },
    );
    return () => ac.abort();
    // the network object changes on every refresh; its key and state decide what to read
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connection, network?.key, network?.running, round]);
  useActionHandler('rules.live.again', () => {
    setLoad({kind: 'loading'});
    setRound((r) => r + 1);
  });

  const raw = load.kind === 'done' && load.run.answer.status === 'complete' ? load.run.answer.result : '';
  const compared = useMemo(
    () => (site && raw ? compareLive(site, params.network, parseNft(raw)) : null),
    [site, raw, params.network],
  );
  const needle = filter.trim().toLowerCase();
  const rawLines = raw.replace(/\t/g, '  ').split('\n');
  const shown = needle ? rawLines.filter((l) => l.toLowerCase().includes(needle)) : rawLines;
  const leftWidth = width >= 100 ? Math.floor(width * 0.38) : 0;
  const rightWidth = width - leftWidth - (leftWidth ? 1 : 0);
  const bodyHeight = Math.max(1, height - 3);
  const view = useTextView({lineCount: shown.length, height: bodyHeight});
  useTextViewInput(view, {isActive: active});

  const head =
    load.kind === 'loading' ? (
      <Text wrap="truncate-end">
        <Spinner active={active} />
        {fit(` reading the ruleset ${params.label}'s router runs (firewall query) …`, width - 2)}
      </Text>
    ) : load.kind === 'failed' ? (
      <Text wrap="truncate-end" {...theme.style('danger')}>
        {fit(sanitize(load.message), width)}
      </Text>
    ) : load.run.answer.status === 'error' ? (
      <Text wrap="truncate-end" {...theme.style('danger')}>
        {fit(sanitize(load.run.summary[0]), width)}
      </Text>
    ) : compared ? (
      <Text
        wrap="truncate-end"
        {...theme.style(
          compared.unkeyed
            ? 'warning'
            : compared.routerOnly.length || compared.counts.matched < compared.counts.compiled
              ? 'danger'
              : 'ok',
        )}
      >
        {fit(sanitize(compared.verdict), width)}
      </Text>
    ) : null;
  const c = compared?.counts;
  const counts = c
    ? `staged ${c.staged} (${c.compiled} compiled) · router ${c.routerRules} nft rules, ` +
      `${c.keyed} naming a rule key · ${c.matched}/${c.compiled} matched`
    : network && network.needFwApply
      ? 'changes staged on this network: the router runs the last applied set'
      : '';
  const left = compared
    ? [
        'staged rules (✓ named on the router)',
        ...compared.rows.map(
          (r) =>
            `${r.compiled ? (r.onRouter ? '✓' : '✗') : '·'} #${r.rule.key} ${r.rule.name} ${r.rule.enabled ? r.rule.action : 'off'}`,
        ),
        ...compared.routerOnly.map((x) => `! router only: ${x.comment || `#${x.key}`}`),
      ]
    : [];
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      {head}
      <Text wrap="truncate-end" {...theme.style('muted')}>
        {fit(sanitize(counts), width)}
      </Text>
      <Text wrap="truncate-end" {...theme.style(needle ? 'accent' : 'muted')}>
        {fit(
          needle
            ? `${shown.length} of ${rawLines.length} lines match /${sanitize(filter)}/`
            : '$ nft list ruleset  (/ filters, R reads it again)',
          width,
        )}
      </Text>
      <Box flexDirection="row" height={bodyHeight}>
        {leftWidth ? (
          <Box width={leftWidth} marginRight={1} flexDirection="column">
            {left.slice(0, bodyHeight).map((l, i) => (
              <Text
                key={i}
                wrap="truncate-end"
                {...theme.style(l.startsWith('✗') || l.startsWith('!') ? 'danger' : i === 0 ? 'muted' : 'text')}
              >
                {fit(sanitize(l), leftWidth)}
              </Text>
            ))}
          </Box>
        ) : null}
        <TextView
          lines={shown}
          width={rightWidth}
          height={bodyHeight}
          offset={view.offset}
          left={view.left}
          emptyText={load.kind === 'loading' ? 'Loading…' : needle ? 'no line matches' : '(empty ruleset)'}
        />
      </Box>
    </Box>
  );
}
