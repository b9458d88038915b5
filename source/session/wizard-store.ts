// What a wizard holds while the operator works through it in the console: the
// answers, the page, the generated secrets (memory only), the state of an
// interrupted run, and the result of the last one. One store per console
// session, shared by the wizard's views (pages, review, result); the answers
// and the run state are written to a draft after every page and every step,
// so a dropped SSH session loses nothing.
//
// An explicit external store (subscribe + snapshots for useSyncExternalStore):
// every change replaces a wizard's object, so a view holding the old one never
// sees it change under it. Reading a draft from disk is a load (open,
// loadDrafts, loadSetup) that the views call from effects, never from render.
// The wizards' definitions stay with the views that load them: the console
// session holds this store from its start, before any wizard code is loaded.
import type {RunState} from '../domain/changes/types.js';
import type {RunCheck} from '../domain/wizards/check.js';
import type {SecretBox} from '../domain/wizards/secrets.js';
import {
  WIZARD_IDS,
  wizardDraftName,
  type WizardDraftData,
  type WizardId,
  type WizardName,
} from '../domain/wizards/types.js';
import {errorText} from './errors.js';
import {deleteDraft, loadDraft, saveDraft, type Draft} from '../store/drafts.js';

export interface WizardSession {
  readonly id: WizardId;
  readonly answers: unknown;
  readonly page: number;
  /** Changes whenever the answers are replaced from outside the forms (resume, discard). */
  readonly revision: number;
  readonly secrets: SecretBox;
  readonly run?: RunState;
  /** The draft this session was resumed from. */
  readonly resumedFrom?: string;
  /** Lines describing the last failed apply. */
  readonly failure?: string[];
  /** After a successful apply: what the operator needs next. */
  readonly result?: string[];
  /** After a successful apply: whether what it made works. */
  readonly check?: RunCheck;
  readonly busy: boolean;
}

export interface SetupProgress {
  readonly outcomes: Partial<Record<WizardId, 'applied' | 'skipped'>>;
}

/** What a draft of each wizard says: when it was saved, 'damaged', or nothing saved. */
export type DraftState = string | undefined;

export interface WizardStoreOptions {
  draftsDir: string;
  /** The site a draft belongs to (a draft of another site is not resumed). */
  siteLabel: () => string;
}

type Mutable<T> = {-readonly [K in keyof T]: T[K]};

/** How a wizard starts on this site: its proposed answers, a fresh secret box, and its answers' check. */
export interface WizardStart {
  initial: unknown;
  secrets: SecretBox;
  parse: (answers: unknown) => {success: true; data: unknown} | {success: false};
}

export class WizardStore {
  private readonly wizards = new Map<WizardId, WizardSession>();
  private readonly drafts = new Map<WizardName, DraftState>();
  private setup: SetupProgress | undefined;
  /** The site the setup progress was read for (drafts are kept per site). */
  private setupSite: string | undefined;
  private readonly listeners = new Set<() => void>();
  private version = 0;

  constructor(private readonly options: WizardStoreOptions) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** A number that moves on every change (the snapshot of views that show several wizards). */
  getVersion = (): number => this.version;

  get(id: WizardId): WizardSession | undefined {
    return this.wizards.get(id);
  }

  /** This site's draft of a wizard: its own, else one from before drafts were per site that names this site. */
  private loadSiteDraft(name: WizardName): Draft<WizardDraftData> | undefined {
    const site = this.options.siteLabel();
    const own = loadDraft<WizardDraftData>(this.options.draftsDir, wizardDraftName(name, site));
    if (own) return own;
    const legacy = loadDraft<WizardDraftData>(this.options.draftsDir, wizardDraftName(name));
    return legacy?.site === site ? legacy : undefined;
  }

  private deleteSiteDraft(name: WizardName): void {
    const site = this.options.siteLabel();
    deleteDraft(this.options.draftsDir, wizardDraftName(name, site));
    const legacy = loadDraft<WizardDraftData>(this.options.draftsDir, wizardDraftName(name));
    if (legacy?.site === site) deleteDraft(this.options.draftsDir, wizardDraftName(name));
  }

  /** The wizard's session from its draft, else the answers proposed for this site (once). */
  open(id: WizardId, start: () => WizardStart): void {
    if (this.wizards.has(id)) return;
    const {initial, secrets, parse} = start();
    const w: Mutable<WizardSession> = {id, answers: initial, page: 0, revision: 0, secrets, busy: false};
    try {
      const draft = this.loadSiteDraft(id);
      const parsed = draft ? parse(draft.data.answers) : undefined;
      if (draft && parsed?.success && (draft.site === undefined || draft.site === this.options.siteLabel())) {
        w.answers = parsed.data;
        w.page = draft.data.page ?? 0;
        w.run = draft.run;
        w.resumedFrom = draft.savedAt;
      }
    } catch {
      // A damaged draft is listed in the menu; the wizard starts fresh.
    }
    this.wizards.set(id, w);
    this.changed();
  }

  /**
   * Replaces fields of an open wizard; with `save`, writes the answers (never
   * secrets) and the run state to its draft. Returns why the draft was not
   * written, if it was not.
   */
  update(id: WizardId, patch: Partial<WizardSession>, save?: {applying: boolean}): string | undefined {
    const old = this.wizards.get(id);
    if (!old) return undefined;
    const w = {...old, ...patch};
    this.wizards.set(id, w);
    const problem = save ? this.saveDraftOf(w, save.applying) : undefined;
    this.changed();
    return problem;
  }

  private saveDraftOf(w: WizardSession, applying: boolean): string | undefined {
    try {
      const saved = saveDraft(this.options.draftsDir, {
        name: wizardDraftName(w.id, this.options.siteLabel()),
        kind: `wizard:${w.id}`,
        site: this.options.siteLabel(),
        data: {wizard: w.id, answers: w.answers, page: w.page, applying} satisfies WizardDraftData,
        run: w.run,
      });
      this.drafts.set(w.id, saved.savedAt);
      return undefined;
    } catch (error) {
      return errorText(error);
    }
  }

  /**
   * Forgets the wizard's draft file once there is nothing left to resume (the
   * site already matches, or the apply finished); the answers stay in memory
   * for this session, and the next page submitted writes a draft again.
   */
  dropDraft(name: WizardName): void {
    try {
      this.deleteSiteDraft(name);
    } catch {
      // a stale draft is harmless: the next run finds nothing to do
    }
    if (this.drafts.get(name) !== undefined) {
      this.drafts.set(name, undefined);
      this.changed();
    }
  }

  /** Deletes the draft and starts the wizard again from `start` (or forgets it until it opens again). */
  discard(id: WizardName, start?: WizardStart): void {
    try {
      this.deleteSiteDraft(id);
    } catch {
      // nothing to delete
    }
    this.drafts.set(id, undefined);
    if (id === 'setup') this.setup = {outcomes: {}};
    else if (start) {
      this.wizards.set(id, {
        id,
        answers: start.initial,
        page: 0,
        revision: (this.wizards.get(id)?.revision ?? 0) + 1,
        secrets: start.secrets,
        busy: false,
      });
    } else this.wizards.delete(id);
    this.changed();
  }

  /** Reads which wizards have a draft on disk (the menu calls it when it shows). */
  loadDrafts(names: readonly WizardName[]): void {
    let moved = false;
    for (const name of names) {
      let state: DraftState;
      try {
        state = this.loadSiteDraft(name)?.savedAt;
      } catch {
        state = 'damaged';
      }
      if (this.drafts.get(name) !== state || !this.drafts.has(name)) moved = true;
      this.drafts.set(name, state);
    }
    if (moved) this.changed();
  }

  /** As last loaded or saved: when the draft was saved, 'damaged', or undefined for none. */
  draftState(name: WizardName): DraftState {
    return this.drafts.get(name);
  }

  /** The setup chain's progress, once loaded (undefined before loadSetup). */
  setupProgress(): SetupProgress | undefined {
    return this.setup;
  }

  /** Reads the setup chain's progress for the site now connected (again when the site changed). */
  loadSetup(): void {
    const site = this.options.siteLabel();
    if (this.setup && this.setupSite === site) return;
    this.setupSite = site;
    try {
      const d = this.loadSiteDraft('setup');
      this.setup = {outcomes: {...(d?.data.setup?.outcomes ?? {})}};
    } catch {
      this.setup = {outcomes: {}};
    }
    this.changed();
  }

  recordSetup(id: WizardId, outcome: 'applied' | 'skipped'): void {
    const outcomes = {...this.setup?.outcomes, [id]: outcome};
    this.setup = {outcomes};
    // Every step settled: the chain is finished and nothing is left to resume.
    if (WIZARD_IDS.every((step) => outcomes[step] !== undefined)) {
      this.dropDraft('setup');
      this.changed();
      return;
    }
    try {
      const saved = saveDraft(this.options.draftsDir, {
        name: wizardDraftName('setup', this.options.siteLabel()),
        kind: 'wizard:setup',
        site: this.options.siteLabel(),
        data: {wizard: 'setup', answers: {}, setup: {current: 0, outcomes}} satisfies WizardDraftData,
      });
      this.drafts.set('setup', saved.savedAt);
    } catch {
      // progress stays in memory
    }
    this.changed();
  }

  /**
   * Opens a wizard on answers made elsewhere ("allow this flow" from a why
   * answer or a matrix cell): they replace what it held, from its first page.
   */
  startWith(id: WizardId, start: () => WizardStart, answers: unknown): void {
    this.open(id, start);
    const old = this.wizards.get(id)!;
    this.update(id, {
      answers,
      page: 0,
      revision: old.revision + 1,
      run: undefined,
      failure: undefined,
      result: undefined,
      check: undefined,
    });
  }

  private changed(): void {
    this.version++;
    for (const l of [...this.listeners]) l();
  }
}
