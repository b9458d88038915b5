// What a wizard holds while the operator works through it in the console: the
// answers, the page, the generated secrets (memory only), the state of an
// interrupted run, and the result of the last one. One store per console
// session, shared by the wizard's views (pages, review, result); the answers
// and the run state are written to a draft after every page and every step,
// so a dropped SSH session loses nothing.
import type {RunState} from '../../../domain/changes/types.js';
import type {RunCheck} from '../../../domain/wizards/check.js';
import type {Site} from '../../../domain/model.js';
import {
  SecretBox,
  STEP_ORDER,
  WIZARDS,
  schemaOf,
  wizardDraftName,
  type WizardDraftData,
  type WizardId,
  type WizardName,
} from '../../../domain/wizards/index.js';
import type {ConsoleSession} from '../../../session/console-session.js';
import {deleteDraft, loadDraft, saveDraft, type Draft} from '../../../store/drafts.js';
import {rememberSecret} from '../../../store/secrets/known.js';

export interface WizardSession {
  id: WizardId;
  answers: unknown;
  page: number;
  /** Changes whenever the answers are replaced from outside the forms (resume, discard). */
  revision: number;
  secrets: SecretBox;
  run?: RunState;
  /** The draft this session was resumed from. */
  resumedFrom?: string;
  /** Lines describing the last failed apply. */
  failure?: string[];
  /** After a successful apply: what the operator needs next. */
  result?: string[];
  /** After a successful apply: whether what it made works. */
  check?: RunCheck;
  busy: boolean;
}

export interface SetupProgress {
  outcomes: Partial<Record<WizardId, 'applied' | 'skipped'>>;
}

interface Store {
  wizards: Map<WizardId, WizardSession>;
  setup?: SetupProgress;
  listeners: Set<() => void>;
  version: number;
}

const stores = new WeakMap<ConsoleSession, Store>();

function storeOf(session: ConsoleSession): Store {
  let s = stores.get(session);
  if (!s) {
    s = {wizards: new Map(), listeners: new Set(), version: 0};
    stores.set(session, s);
  }
  return s;
}

export function subscribeWizards(session: ConsoleSession, listener: () => void): () => void {
  const s = storeOf(session);
  s.listeners.add(listener);
  return () => s.listeners.delete(listener);
}

export function wizardsVersion(session: ConsoleSession): number {
  return storeOf(session).version;
}

export function changed(session: ConsoleSession): void {
  const s = storeOf(session);
  s.version++;
  for (const l of [...s.listeners]) l();
}

function draftsDir(session: ConsoleSession): string {
  return session.paths.draftsDir;
}

function siteLabel(session: ConsoleSession): string {
  return session.connection?.label ?? session.model.getState().profile;
}

/** This site's draft of a wizard: its own, else one from before drafts were per site that names this site. */
function loadSiteDraft(session: ConsoleSession, name: WizardName): Draft<WizardDraftData> | undefined {
  const site = siteLabel(session);
  const own = loadDraft<WizardDraftData>(draftsDir(session), wizardDraftName(name, site));
  if (own) return own;
  const legacy = loadDraft<WizardDraftData>(draftsDir(session), wizardDraftName(name));
  return legacy?.site === site ? legacy : undefined;
}

function deleteSiteDraft(session: ConsoleSession, name: WizardName): void {
  deleteDraft(draftsDir(session), wizardDraftName(name, siteLabel(session)));
  const legacy = loadDraft<WizardDraftData>(draftsDir(session), wizardDraftName(name));
  if (legacy?.site === siteLabel(session)) deleteDraft(draftsDir(session), wizardDraftName(name));
}

/** The wizard's session: from memory, else from its draft, else the answers proposed for this site. */
export function wizardSession(session: ConsoleSession, id: WizardId, site: Site): WizardSession {
  const s = storeOf(session);
  const known = s.wizards.get(id);
  if (known) return known;
  const w: WizardSession = {
    id,
    answers: WIZARDS[id].initial(site),
    page: 0,
    revision: 0,
    secrets: new SecretBox(undefined, rememberSecret),
    busy: false,
  };
  try {
    const draft = loadSiteDraft(session, id);
    const parsed = draft ? schemaOf(id).safeParse(draft.data.answers) : undefined;
    if (draft && parsed?.success && (draft.site === undefined || draft.site === siteLabel(session))) {
      w.answers = parsed.data;
      w.page = draft.data.page ?? 0;
      w.run = draft.run;
      w.resumedFrom = draft.savedAt;
    }
  } catch {
    // A damaged draft is listed in the menu; the wizard starts fresh.
  }
  s.wizards.set(id, w);
  return w;
}

export function peekWizard(session: ConsoleSession, id: WizardId): WizardSession | undefined {
  return storeOf(session).wizards.get(id);
}

/** Writes the answers (never secrets) and the run state to the wizard's draft. */
export function saveWizard(session: ConsoleSession, w: WizardSession, applying = false): string | undefined {
  try {
    saveDraft(draftsDir(session), {
      name: wizardDraftName(w.id, siteLabel(session)),
      kind: `wizard:${w.id}`,
      site: siteLabel(session),
      data: {wizard: w.id, answers: w.answers, page: w.page, applying} satisfies WizardDraftData,
      run: w.run,
    });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    changed(session);
  }
}

/**
 * Forgets the wizard's draft file once there is nothing left to resume (the
 * site already matches, or the apply finished); the answers stay in memory
 * for this session, and the next page submitted writes a draft again.
 */
export function dropDraft(session: ConsoleSession, name: WizardName): void {
  try {
    deleteSiteDraft(session, name);
  } catch {
    // a stale draft is harmless: the next run finds nothing to do
  }
}

export function discardWizard(session: ConsoleSession, id: WizardId | 'setup', site: Site | null): void {
  const s = storeOf(session);
  try {
    deleteSiteDraft(session, id);
  } catch {
    // nothing to delete
  }
  if (id === 'setup') s.setup = {outcomes: {}};
  else if (site) {
    s.wizards.set(id, {
      id,
      answers: WIZARDS[id].initial(site),
      page: 0,
      revision: (s.wizards.get(id)?.revision ?? 0) + 1,
      secrets: new SecretBox(undefined, rememberSecret),
      busy: false,
    });
  } else s.wizards.delete(id);
  changed(session);
}

export function draftSavedAt(session: ConsoleSession, name: WizardName): string | undefined {
  try {
    return loadSiteDraft(session, name)?.savedAt;
  } catch {
    return 'damaged';
  }
}

export function setupProgress(session: ConsoleSession): SetupProgress {
  const s = storeOf(session);
  if (!s.setup) {
    try {
      const d = loadSiteDraft(session, 'setup');
      s.setup = {outcomes: {...(d?.data.setup?.outcomes ?? {})}};
    } catch {
      s.setup = {outcomes: {}};
    }
  }
  return s.setup;
}

export function recordSetup(session: ConsoleSession, id: WizardId, outcome: 'applied' | 'skipped'): void {
  const p = setupProgress(session);
  p.outcomes[id] = outcome;
  // Every step settled: the chain is finished and nothing is left to resume.
  if (STEP_ORDER.every((step) => p.outcomes[step] !== undefined)) {
    dropDraft(session, 'setup');
    changed(session);
    return;
  }
  try {
    saveDraft(draftsDir(session), {
      name: wizardDraftName('setup', siteLabel(session)),
      kind: 'wizard:setup',
      site: siteLabel(session),
      data: {wizard: 'setup', answers: {}, setup: {current: 0, outcomes: p.outcomes}} satisfies WizardDraftData,
    });
  } catch {
    // progress stays in memory
  }
  changed(session);
}

/**
 * Opens a wizard on answers made elsewhere ("allow this flow" from a why
 * answer or a matrix cell): they replace what it held, from its first page.
 */
export function startWizardWith(session: ConsoleSession, id: WizardId, site: Site, answers: unknown): void {
  const w = wizardSession(session, id, site);
  w.answers = answers;
  w.page = 0;
  w.revision += 1;
  w.run = undefined;
  w.failure = undefined;
  w.result = undefined;
  w.check = undefined;
  changed(session);
}
