// One rule due for recertification: its lifecycle, its hit history and the
// flows it decides — the evidence for re-certifying, tightening or removing it.
import {useMemo} from 'react';
import {dueRules} from '../../../domain/lifecycle/due.js';
import {dayOf, lifecycleOf} from '../../../domain/lifecycle/model.js';
import type {Key} from '../../../domain/model.js';
import {decidedFlows} from '../../../policy/tighten.js';
import {ruleHitHistory} from '../../../store/hit-history.js';
import {type ViewProps} from '../../app/views.js';
import {TextView, useTextView, useTextViewInput} from '../../components/TextView.js';
import {useSession} from '../../data/session.js';
import {useAnalysisSite} from '../analyze/use-analysis.js';
import {RECERTIFY_SECTIONS, ruleLines} from './recertify-rows.js';

export interface RecertifyRuleParams {
  key: Key;
}

export function RecertifyRule({params, width, height}: ViewProps<RecertifyRuleParams>) {
  const session = useSession();
  const {site, snapshot, defaults} = useAnalysisSite(RECERTIFY_SECTIONS);
  const connection = session.connection;
  const lines = useMemo(() => {
    if (!site) return ['Loading…'];
    const history = connection ? ruleHitHistory(connection.paths.hitsDir, connection.host) : null;
    const now = snapshot.loadedAt ?? 0;
    const d = dueRules(site, {today: dayOf(now), within: 1_000_000, hits: history ?? undefined}).find(
      (x) => x.rule.key === params.key,
    );
    const rule = site.rules.find((r) => r.key === params.key);
    if (!rule) return ['That rule is gone (refresh with r)'];
    const network = site.networks.find((n) => n.key === rule.vnet)!;
    const due = d ?? {rule, network, lifecycle: lifecycleOf(site, rule), reasons: [], daysLeft: null};
    return ruleLines(due, history?.rule(rule.key), decidedFlows(site, rule, defaults), now);
  }, [site, connection, params.key, defaults, snapshot.loadedAt]);
  const view = useTextView({lineCount: lines.length, height});
  useTextViewInput(view);
  return <TextView lines={lines} width={width} height={height} offset={view.offset} left={view.left} />;
}
