// What every guided wizard is made of, with no React and no I/O: an answers
// schema (the answer file, the draft and the console forms fill the same
// object), pages of fields with inline validators, a whole-answers check for
// the headless form, and a planner that turns answers plus the live site into
// review lines and a ChangePlan. Verdicts come from the policy analysis, which
// sits above the domain layer: the caller passes it in as a WizardPolicy.
import type {z} from 'zod';
import type {RuleDirection} from '../../api/enums.js';
import type {ChangePlan, RunState} from '../changes/types.js';
import type {Network, Site} from '../model.js';
import type {DiffLine} from '../plan/render.js';
import type {SecretBox} from './secrets.js';

export const WIZARD_IDS = ['topology', 'rules', 'aliases', 'vpn', 'tenants', 'monitor'] as const;
export type WizardId = (typeof WIZARD_IDS)[number];
export type WizardName = WizardId | 'setup';

/** The draft a wizard's answers and interrupted run are kept in (XDG state dir). */
export function wizardDraftName(name: WizardName): string {
  return `wizard-${name}`;
}

export function isWizardName(value: string): value is WizardName {
  return value === 'setup' || (WIZARD_IDS as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------
// Fields: the same shapes the console's Form draws (ui/components/form).

export type FieldValue = string | number | boolean | undefined;
export type FieldValues = Record<string, FieldValue>;
type Validate<V> = (value: V, values: FieldValues) => string | undefined;

interface FieldBase {
  name: string;
  label: string;
  hint?: string;
}

export type WizardField =
  | (FieldBase & {kind: 'text'; initial?: string; placeholder?: string; validate?: Validate<string>})
  | (FieldBase & {
      kind: 'number';
      initial?: number;
      min?: number;
      max?: number;
      integer?: boolean;
      validate?: Validate<number | undefined>;
    })
  | (FieldBase & {
      kind: 'select';
      options: ReadonlyArray<{value: string; label: string}>;
      initial?: string;
      validate?: Validate<string>;
    })
  | (FieldBase & {kind: 'toggle'; initial?: boolean; validate?: Validate<boolean>})
  | (FieldBase & {
      kind: 'picker';
      items: ReadonlyArray<{value: string; label: string; detail?: string}>;
      initial?: string;
      placeholder?: string;
      validate?: Validate<string | undefined>;
    });

/** One form of a wizard. Pages are computed from the answers so far (e.g. one page per flow). */
export interface WizardPage<A> {
  id: string;
  title: string;
  /** Lines shown above the form: what this page decides and what the site looks like. */
  intro?: string[];
  fields: WizardField[];
  /** The answers once this page was submitted with valid values. */
  submit(values: FieldValues, answers: A): A;
}

// ---------------------------------------------------------------------------
// Policy, passed in by the caller (the console or the headless command).

export interface BlockedHop {
  network: string;
  direction: RuleDirection;
  /** drop, reject or no-route. */
  action: string;
  /** The deciding rule's name; null for the network's default. */
  rule: string | null;
}

export interface FlowCheck {
  verdict: 'allow' | 'deny' | 'partial';
  /** One sentence from the evaluator (API text: sanitize before display). */
  reason: string;
  /** Where the first blocked packet stops, when some are blocked. */
  blocked?: BlockedHop;
  /**
   * False when a network on the path has staged rules and vseg does not know
   * the live ones: the verdict is then the staged rules', not what the routers do.
   */
  liveKnown: boolean;
}

export interface WizardPolicy {
  /** What the network's router does when no rule matches. */
  defaultAction(network: Network, direction: RuleDirection): 'accept' | 'drop' | 'reject';
  /**
   * The verdict for a flow under the site's live (applied) rules: on a planned
   * site that is after its Apply Rules; on the live site, what the routers do now.
   * Endpoints use the `vseg why` syntax: net:web, vm:web-01, alias:admins, ip:10.0.0.0/24, outside.
   */
  checkFlow(site: Site, query: {from: string; to: string; service: string}): FlowCheck | {error: string};
  /** The flows whose verdict differs between two sites, one line each ("web → db tcp/3306: deny → allow"). */
  verdictChanges(before: Site, after: Site): string[];
}

export interface PlanContext {
  policy: WizardPolicy;
  /** Keys and pre-shared keys generated or supplied for this session; never stored. */
  secrets: SecretBox;
  /**
   * Objects created by an interrupted run whose generated secret was lost with
   * it (the draft never holds secrets): the planner sets a new one.
   */
  regenerate?: ReadonlySet<string>;
}

// ---------------------------------------------------------------------------
// Plans

export type ReviewLine = DiffLine;

export interface WizardPlan {
  wizard: WizardId;
  title: string;
  /** What the operator reviews: objects, rules in order, Apply Rules, checks (no API calls: see reviewWithCalls). */
  review: ReviewLine[];
  changePlan: ChangePlan;
  /** Problems that make the answers impossible to apply (nothing is sent). */
  errors: string[];
  warnings: string[];
  /**
   * Work that can only be planned once this plan ran (e.g. attaching a NIC to
   * the mirror network a restart creates): the runner plans again afterwards.
   */
  followUp: string[];
  /** Networks whose rules the plan changes (Apply Rules runs on each). */
  touched: string[];
  /** The site as predicted after the plan (keys of new objects are synthetic). */
  after: Site;
  /** Networks the plan restarts (disruptive: the console asks for the name). */
  restarts: string[];
}

export function planHasChanges(plan: WizardPlan): boolean {
  return plan.changePlan.steps.length > 0 || plan.followUp.length > 0;
}

export interface WizardDef<A> {
  id: WizardId;
  /** "Design the topology". */
  title: string;
  /** One line on why the step matters. */
  summary: string;
  /** A few lines for the setup chain and the first page. */
  why: readonly string[];
  /** The answers as the file, the draft and the forms hold them. */
  schema: z.ZodType<A>;
  /** Answers proposed for this site before the operator changed anything. */
  initial(site: Site): A;
  pages(site: Site, answers: A, ctx: PlanContext): Array<WizardPage<A>>;
  /** Every problem with the answers on this site, one sentence each (empty = valid). */
  validate(site: Site, answers: A): string[];
  plan(site: Site, answers: A, ctx: PlanContext): WizardPlan;
  /** What the operator needs after applying (remote VPN config, allowed flows, hit counters). */
  result?(site: Site, answers: A, ctx: PlanContext): string[];
}

/** What a wizard's draft holds (no secrets: the guard in store/drafts refuses them). */
export interface WizardDraftData<A = unknown> {
  wizard: WizardName;
  answers: A;
  /** The console page the operator was on. */
  page?: number;
  /** For setup: the step being worked on and what happened to the earlier ones. */
  setup?: {current: number; outcomes: Partial<Record<WizardId, 'applied' | 'skipped'>>};
  /** True once an apply started: resuming continues it. */
  applying?: boolean;
}

export type {RunState};
