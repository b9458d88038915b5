// Apply Rules on one network, from the rules or the networks pane: the
// confirmation lists the rules added, changed and removed since the last
// apply, the flows whose verdict changes (from the policy analysis), and the
// exact call; then the session applies and waits for need_fw_apply to clear.
import {appliedDiff, FIELD_API_NAME, siteAfterApply} from '../../../domain/edits/applied-diff.js';
import {describeRule} from '../../../domain/edits/rules.js';
import {aliasKeysToNames} from '../../../domain/edits/rule-tokens.js';
import type {Network, Rule, Site} from '../../../domain/model.js';
import {verdictChanges, type PolicyDefaults, type VerdictChange} from '../../../policy/index.js';
import {ConsoleSession} from '../../../session/console-session.js';
import type {ShellApi} from '../../app/shell-api.js';

const RULE_LINES = 5;
const FLOW_LINES = 4;

function value(rule: Rule, field: keyof typeof FIELD_API_NAME, site: Site): string {
  const v = rule[field];
  const text = typeof v === 'string' ? aliasKeysToNames(v, site) : String(v);
  return text === '' ? '(none)' : text;
}

/** The confirmation text: rule changes, verdict changes, and notes. */
export function applySummary(
  site: Site,
  network: Network,
  defaults: PolicyDefaults,
): {lines: string[]; flows: VerdictChange[] | null} {
  const diff = appliedDiff(site, network.key);
  const lines: string[] = [];
  if (diff.source === 'unknown') {
    lines.push('The live rules are unknown (changed since vseg last saw this network): it cannot list what differs.');
  } else if (diff.count === 0) {
    lines.push('No rule differs from the live ruleset; applying again is harmless.');
  } else {
    lines.push(`Rule changes since the last apply (${diff.count}):`);
    const items = [
      ...diff.added.map((r) => `+ ${r.name}: ${describeRule(r, site)}`),
      ...diff.changed.map(
        (c) =>
          `~ ${c.rule.name}: ${c.fields.map((f) => `${FIELD_API_NAME[f]} ${value(c.before, f, site)} → ${value(c.rule, f, site)}`).join('; ')}`,
      ),
      ...diff.removed.map((r) => `- ${r.name}: ${describeRule(r, site)}`),
    ];
    lines.push(...items.slice(0, RULE_LINES));
    if (items.length > RULE_LINES) lines.push(`  … and ${items.length - RULE_LINES} more (Enter on a rule shows it)`);
  }
  let flows: VerdictChange[] | null = null;
  if (diff.source !== 'unknown') {
    flows = verdictChanges(site, siteAfterApply(site, network.key), {ruleset: 'applied', defaults});
    if (flows.length === 0) lines.push('No flow between networks changes verdict.');
    else {
      lines.push(`Flows whose verdict changes (${flows.length}):`);
      lines.push(...flows.slice(0, FLOW_LINES).map((f) => `  ${f.text}`));
      if (flows.length > FLOW_LINES) lines.push(`  … and ${flows.length - FLOW_LINES} more (:plan lists them)`);
    }
  }
  if (!network.running)
    lines.push(
      `${network.name} is ${network.status}: the rules stay staged until it is started with Apply Rules (Power on does that).`,
    );
  return {lines, flows};
}

export async function confirmApplyRules(
  session: ConsoleSession,
  shell: ShellApi,
  site: Site,
  network: Network,
  defaults: PolicyDefaults,
  triggerKey: string,
): Promise<boolean> {
  if (network.type === 'port_mirror') {
    shell.notify('warning', `${network.name} is a mirror network: it carries no rules of its own`);
    return false;
  }
  if (!network.needFwApply) {
    shell.notify('info', `${network.name}: no rule changes are pending`);
    return false;
  }
  const {lines} = applySummary(site, network, defaults);
  const call = ConsoleSession.calls({
    title: '',
    steps: [{kind: 'apply-rules', id: 'apply', title: '', vnet: network.key, network: network.name}],
  });
  const ok = await shell.confirm({
    title: `Apply Rules on ${network.name}?`,
    message: lines.join('\n'),
    calls: call,
    confirmLabel: 'Apply Rules',
    triggerKey,
  });
  if (!ok) {
    shell.notify('info', `Apply Rules on ${network.name}: cancelled`);
    return false;
  }
  const report = await session.applyRules([network]);
  return report?.ok === true;
}
