// :recertify — the rules due for review: expired, expiring within the window,
// never hit in the hit history vseg sampled, or without an owner. Enter shows
// a rule's lifecycle, hit history and the flows it decides; c re-certifies it
// (records the review, sets the next expiry), t opens the rule form narrowed
// to the flows it decides, x disables it, d deletes it. Each change opens as a
// reviewed plan (:plan), journaled, so vseg rollback undoes it.
import {Box, Text} from 'ink';
import {useMemo, useState} from 'react';
import {dueRules, type DueRule} from '../../../domain/lifecycle/due.js';
import {dayOf} from '../../../domain/lifecycle/model.js';
import {nextExpiry, recertifyPlan, type RecertifyAction} from '../../../domain/lifecycle/recertify.js';
import {validateLifecycleValue} from '../../../domain/lifecycle/model.js';
import {narrowestMatch} from '../../../policy/tighten.js';
import {ruleHitHistory} from '../../../store/hit-history.js';
import {useActionHandler} from '../../actions/bus.js';
import {type ViewProps} from '../../app/views.js';
import {Form} from '../../components/form/Form.js';
import {Table} from '../../components/table/Table.js';
import type {Column} from '../../components/table/types.js';
import {useTable, useTableInput} from '../../components/table/use-table.js';
import {useSession} from '../../data/session.js';
import {useTheme} from '../../theme/context.js';
import {fit} from '../../../domain/text-width.js';
import type {PlanParams} from '../analyze/PlanView.js';
import {useAnalysisSite, waitingText} from '../analyze/use-analysis.js';
import type {RuleFormParams} from '../rules/RuleForm.js';
import {hitSparkline, lastHitText, REASON_WORDS, RECERTIFY_SECTIONS} from './recertify-rows.js';

export interface RecertifyParams {
  /** Days ahead that count as expiring (default 14). */
  within?: number;
}

export function Recertify({params, width, height, filter, active, shell}: ViewProps<RecertifyParams | undefined>) {
  const theme = useTheme();
  const session = useSession();
  const {site, snapshot, defaults} = useAnalysisSite(RECERTIFY_SECTIONS);
  const connection = session.connection;
  const within = params?.within ?? 14;
  const [editing, setEditing] = useState<DueRule | null>(null);
  const history = useMemo(() => {
    void snapshot.loadedAt;
    return connection ? ruleHitHistory(connection.paths.hitsDir, connection.host) : null;
  }, [connection, snapshot.loadedAt]);
  // Due as of when the site was read (rendering stays pure).
  const now = snapshot.loadedAt ?? 0;
  const today = dayOf(now);
  const due = useMemo(
    () => (site ? dueRules(site, {today, within, hits: history ?? undefined}) : []),
    [site, today, within, history],
  );
  const columns = useMemo(
    (): readonly Column<DueRule>[] => [
      {
        id: 'why',
        header: 'DUE',
        format: (d) => d.reasons.map((r) => REASON_WORDS[r]).join(', '),
        width: 18,
        minWidth: 8,
        kind: 'status',
        tone: (d) => (d.reasons.includes('expired') ? 'danger' : 'warning'),
        priority: 0,
      },
      {id: 'network', header: 'NETWORK', format: (d) => d.network.name, width: 10, minWidth: 6, priority: 1},
      {id: 'rule', header: 'RULE', format: (d) => d.rule.name, width: 24, minWidth: 12, grow: true, priority: 0},
      {id: 'owner', header: 'OWNER', format: (d) => d.lifecycle.owner || '(none)', width: 10, minWidth: 6, priority: 2},
      {id: 'expires', header: 'EXPIRES', format: (d) => d.lifecycle.expires, width: 10, priority: 3},
      {
        id: 'hits',
        header: 'HITS',
        format: (d) => (history ? hitSparkline(history.samples(d.rule.key), 8) : ''),
        width: 8,
        priority: 4,
        filterable: false,
      },
      {
        id: 'last',
        header: 'LAST HIT',
        format: (d) => (history ? lastHitText(history.rule(d.rule.key), now) : 'no history'),
        width: 12,
        priority: 5,
      },
    ],
    [history, now],
  );
  const table = useTable({rows: due, columns, height: height - 1, filter, rowKey: (d) => String(d.rule.key)});
  useTableInput(table, {isActive: editing === null});

  const review = (d: DueRule, action: RecertifyAction) => {
    if (!site) return;
    try {
      const plan = recertifyPlan(site, d.rule, action);
      shell.push('analyze.plan', {file: plan.title, text: plan.text, prune: plan.prune} satisfies PlanParams);
    } catch (error) {
      shell.notify('error', (error as Error).message);
    }
  };
  const gated = {isActive: editing === null};
  useActionHandler(
    'app.open',
    () => {
      if (table.selected) shell.push('govern.recertify.rule', {key: table.selected.rule.key});
    },
    gated,
  );
  useActionHandler(
    'govern.recertify.certify',
    () => {
      if (table.selected) setEditing(table.selected);
    },
    gated,
  );
  useActionHandler(
    'govern.recertify.disable',
    () => {
      if (table.selected) review(table.selected, {kind: 'disable'});
    },
    gated,
  );
  useActionHandler(
    'govern.recertify.delete',
    () => {
      if (table.selected) review(table.selected, {kind: 'delete'});
    },
    gated,
  );
  useActionHandler(
    'govern.recertify.tighten',
    () => {
      const d = table.selected;
      if (!d || !site) return;
      const t = narrowestMatch(site, d.rule, defaults);
      if (!t.ok) return shell.notify('info', `${d.network.name}/${d.rule.name}: ${t.reason}`);
      shell.notify('info', `Narrowed to the traffic it decides, from ${t.from.join(', ')}: check, then save`);
      shell.push('rules.form', {
        vnet: d.rule.vnet,
        key: d.rule.key,
        initial: {[t.field]: t.value},
      } satisfies RuleFormParams);
    },
    gated,
  );

  if (editing && site) {
    const life = editing.lifecycle;
    return (
      <Form
        fields={[
          {
            kind: 'text',
            name: 'owner',
            label: 'Owner',
            initial: life.owner,
            hint: 'Who answers for the rule',
            validate: (v) =>
              String(v ?? '').trim() === ''
                ? 'a re-certified rule needs an owner'
                : validateLifecycleValue('owner', String(v).trim()),
          },
          {
            kind: 'text',
            name: 'ticket',
            label: 'Ticket',
            initial: life.ticket,
            hint: 'The ticket of this review',
            validate: (v) => validateLifecycleValue('ticket', String(v ?? '').trim()),
          },
          {
            kind: 'text',
            name: 'expires',
            label: 'Expires',
            initial: nextExpiry(site, editing.rule, today),
            hint: 'YYYY-MM-DD, empty for none',
            validate: (v) => validateLifecycleValue('expires', String(v ?? '').trim()),
          },
        ]}
        width={width}
        height={Math.min(height, 10)}
        layer="pane"
        isActive={active}
        title={`Re-certify ${editing.network.name}/${editing.rule.name} (reviewed ${today})`}
        submitLabel="Review the plan"
        onSubmit={(values) => {
          const d = editing;
          setEditing(null);
          review(d, {
            kind: 'recertify',
            owner: String(values['owner'] ?? '').trim(),
            ticket: String(values['ticket'] ?? '').trim(),
            expires: String(values['expires'] ?? '').trim(),
            today,
          });
        }}
        onCancel={() => setEditing(null)}
      />
    );
  }

  const counts = {expired: 0, expiring: 0, 'never-hit': 0, 'no-owner': 0};
  for (const d of due) for (const r of d.reasons) counts[r]++;
  const summary = site
    ? `${due.length} due: ${counts.expired} expired · ${counts.expiring} expiring within ${within} days · ` +
      `${counts['never-hit']} never hit · ${counts['no-owner']} without owner${history?.since() ? '' : ' — no hit history yet'}`
    : waitingText(snapshot, 'the site');
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text wrap="truncate-end" {...theme.style(counts.expired ? 'danger' : due.length ? 'warning' : 'muted')}>
        {fit(summary, width)}
      </Text>
      <Table
        table={table}
        width={width}
        height={height - 1}
        focused={active && editing === null}
        emptyText={
          site
            ? filter
              ? `No due rule matches /${filter}`
              : 'Nothing is due: every rule has an owner and a future expiry'
            : summary
        }
        rowTone={(d) => (d.reasons.includes('expired') ? 'danger' : undefined)}
      />
    </Box>
  );
}
