// What `vseg apply -f` and `vseg rollback` share: plan against the live site,
// refuse what cannot be applied (file errors, a missing secret, a lockout of
// the console's own management path), show the plan, ask, journal the
// previous state, run the steps with progress and audit, and on a failure
// say what was done and that running the same command again completes it.
import {executePlan} from '../domain/changes/execute.js';
import {planToChangePlan, hasChanges, renderPlanText, type Plan} from '../domain/plan/index.js';
import {ALL_SECTIONS, type Site} from '../domain/model.js';
import type {ChangePlan, Step, StepResult} from '../domain/changes/types.js';
import type {SecretSource, Sitefile} from '../domain/sitefile/index.js';
import {sanitize} from '../domain/text.js';
import type {Connection} from '../session/connection.js';
import {deleteDraft, saveDraft} from '../store/drafts.js';
import {recordRevision} from '../session/revisions.js';
import {CommandError, confirm} from './common.js';
import {write} from './output.js';
import {lockoutCheck} from '../session/lockout.js';
import {auditOverride, contractGate, planContracts, type ContractChoice} from '../session/contracts.js';
import {planContractLines} from '../policy/contracts/index.js';
import {EXIT} from './types.js';
import {type CommandIO} from '../session/io.js';
import {errorText} from '../session/errors.js';
import {loadSiteWithBaselines} from '../session/site.js';
import {planSitefile, type PlanRequest as SitePlanRequest} from '../session/site-files.js';

export interface PlanRequest extends SitePlanRequest {
  doc: Sitefile;
}

/** Loads what a plan needs and plans as the console does (session/site-files.ts). */
export async function planAgainstSite(
  connection: Connection,
  request: PlanRequest,
  options: {verdicts?: boolean} = {},
): Promise<{site: Site; plan: Plan}> {
  const site = await loadSiteWithBaselines(connection, {sections: ALL_SECTIONS});
  return {site, plan: planSitefile(site, request.doc, {...request, verdicts: options.verdicts})};
}

export interface ApplyFlowOptions extends PlanRequest {
  command: string;
  yes: boolean;
  force: boolean;
  secrets: SecretSource;
  /** The address the API is reached through, when it is not the URL's host (NAT, a DNS alias). */
  apiAddress?: string;
  /** Why a forced change may break a contract (required with --force when it does; audited). */
  reason?: string;
  /** `--contracts FILE`, when given. */
  contractsFile?: ContractChoice['file'];
  /** Networks to run Apply Rules on (default: every network the plan touches); the others keep it staged. */
  applyRulesOn?: (network: string) => boolean;
}

function progressLine(index: number, total: number, step: Step, result: StepResult): string {
  const title = step.kind === 'apply-rules' ? step.title : step.title.charAt(0).toLowerCase() + step.title.slice(1);
  const status =
    result.status === 'failed'
      ? `failed: ${result.error ?? ''}`
      : result.status === 'skipped'
        ? `skipped (${result.note ?? 'nothing to do'})`
        : `done${result.note && result.note !== 'created' && result.note !== 'updated' && result.note !== 'deleted' ? ` (${result.note})` : ''}`;
  return `[${index}/${total}] ${sanitize(title)} … ${sanitize(status)}\n`;
}

export async function applyFlow(connection: Connection, io: CommandIO, options: ApplyFlowOptions): Promise<number> {
  if (connection.readOnly)
    throw new CommandError(`${connection.label} is read-only: ${options.command} would change it`);
  const {site, plan} = await planAgainstSite(connection, options);
  const label = connection.label;
  if (plan.errors.length > 0) {
    await write(io.stdout, renderPlanText(plan, {siteLabel: label}));
    throw new CommandError(
      `${sanitize(options.source)} cannot be applied to ${label} as it is (${plan.errors.length} ` +
        `error${plan.errors.length === 1 ? '' : 's'} above); nothing was changed`,
    );
  }
  if (!hasChanges(plan)) {
    await write(io.stdout, renderPlanText(plan, {siteLabel: label}));
    await write(io.stderr, `${label} already matches ${sanitize(options.source)}: nothing to do\n`);
    return EXIT.ok;
  }
  // Every secret is checked before anything is sent.
  const planned: ChangePlan = planToChangePlan(plan, {secrets: options.secrets});
  const keep = options.applyRulesOn;
  const changePlan: ChangePlan = keep
    ? {...planned, steps: planned.steps.filter((s) => s.kind !== 'apply-rules' || keep(s.network))}
    : planned;

  const lockout = await lockoutCheck(connection, site, plan.after, options.apiAddress);
  if (lockout.refuse && !options.force) {
    await write(io.stdout, renderPlanText(plan, {siteLabel: label}));
    throw new CommandError(
      `refusing to apply: ${lockout.refuse}. Fix the file, or pass --force if you have another way in`,
    );
  }

  // Contracts: the plan may not break one unless forced with a reason.
  const pc = planContracts(connection, site, plan.after, {
    file: options.contractsFile,
    sitefile: {doc: options.doc, name: options.source},
  });
  const gate = pc ? contractGate(pc.delta, options.force, options.reason) : {};
  const contractLines = pc ? planContractLines(pc.delta, pc.contracts.source) : [];
  if (gate.refuse) {
    await write(io.stdout, renderPlanText(plan, {siteLabel: label}));
    if (contractLines.length > 0) await write(io.stdout, `${contractLines.map(sanitize).join('\n')}\n`);
    throw new CommandError(`refusing to apply: the plan ${gate.refuse}`);
  }

  await write(io.stdout, renderPlanText(plan, {siteLabel: label}));
  if (contractLines.length > 0) await write(io.stdout, `${contractLines.map(sanitize).join('\n')}\n`);
  if (gate.override) await write(io.stderr, `warning: the plan ${sanitize(gate.override)} (--force given)\n`);
  if (lockout.refuse) await write(io.stderr, `warning: ${sanitize(lockout.refuse)} (--force given)\n`);
  else if (lockout.note) await write(io.stderr, `note: ${sanitize(lockout.note)}\n`);
  const total = changePlan.steps.length;
  if (!options.yes) {
    const interactive = io.isTTY && io.stdin.isTTY === true;
    if (!interactive) {
      await write(
        io.stderr,
        `${total} change${total === 1 ? '' : 's'} to apply; not applied: pass --yes to apply without a terminal\n`,
      );
      return EXIT.changes;
    }
    if (!(await confirm(io, `Apply these ${total} changes to ${label}?`))) {
      await write(io.stderr, 'Nothing was changed.\n');
      return EXIT.changes;
    }
  }

  if (gate.override) auditOverride(connection, gate.override, `${options.command} ${options.source}`);
  // The revision journal: what the touched networks (and aliases) looked like before.
  const entry = recordRevision(connection, site, plan, `${options.command} ${options.source}`);

  const draftName = `${options.command} ${connection.host} ${options.source}`;
  const positions = new Map(changePlan.steps.map((s, i) => [s.id, i + 1]));
  const report = await executePlan(connection.client, changePlan, {
    onProgress: (step, result) => {
      if (result.status === 'running') return;
      void write(io.stderr, progressLine(positions.get(step.id) ?? 0, total, step, result));
    },
    onAudit: (a) => connection.audit(a),
  });
  if (report.ok) {
    try {
      deleteDraft(connection.paths.draftsDir, draftName);
    } catch {
      // an unreadable drafts folder does not make a successful apply fail
    }
    const done = report.results.filter((r) => r.status === 'done').length;
    await write(
      io.stdout,
      `Applied ${done} change${done === 1 ? '' : 's'} to ${label} (${total - done} ` +
        `already in place). Revision ${entry.id}; undo with: vseg rollback ${entry.id}\n`,
    );
    return EXIT.ok;
  }
  try {
    saveDraft(connection.paths.draftsDir, {
      name: draftName,
      kind: 'run',
      site: label,
      data: {source: options.source, journal: entry.id},
      run: report.state,
    });
  } catch {
    // the report below says everything needed to continue
  }
  const done = changePlan.steps.filter((s) => ['done', 'skipped'].includes(report.state.results[s.id]?.status ?? ''));
  const notDone = changePlan.steps.filter(
    (s) => !['done', 'skipped'].includes(report.state.results[s.id]?.status ?? ''),
  );
  let text =
    `\n${options.command} stopped at step ${positions.get(report.failedStep?.id ?? '') ?? '?'} of ${total}: ` +
    `${sanitize(report.error ? errorText(report.error) : 'failed')}\n`;
  text += `Done (${done.length}): ${done.map((s) => sanitize(s.title)).join('; ') || 'nothing'}\n`;
  text += `Not done (${notDone.length}): ${notDone
    .slice(0, 20)
    .map((s) => sanitize(s.title))
    .join('; ')}${notDone.length > 20 ? '; …' : ''}\n`;
  const refused =
    report.error?.status !== undefined &&
    report.error.status >= 400 &&
    report.error.status < 500 &&
    report.error.status !== 429;
  text += refused
    ? `VergeOS refused this step: remove the cause above, then run the same command again to complete it (what was done is found and not repeated).\n`
    : `Run the same command again to complete it: what was done is found and not repeated.\n`;
  await write(io.stderr, text);
  return EXIT.usage;
}
