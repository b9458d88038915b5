// A change to a site, planned before anything is sent: the exact API calls in
// order, shown to the operator for confirmation, then run by the executor.
// Steps that create objects later steps refer to (a network, then its rules)
// name what they provide; later steps hold a `Ref` that the executor resolves
// to the real key at run time. Every step has a stable id so a run that failed
// halfway can be resumed without repeating what was done.

/**
 * Stands for the key of an object created (or found) by an earlier step. With
 * a prefix it resolves to a string, e.g. `{ref: 'alias:admins', prefix: 'alias:'}`
 * → `"alias:12"`, the way rules reference aliases.
 */
export interface Ref {
  ref: string;
  prefix?: string;
}

export type KeyOrRef = number | Ref;

/**
 * Text built from literal parts and keys known only at run time, e.g. a rule
 * field `alias:<key of a new alias>,10.0.0.1`. (One prefix and one key is a
 * prefixed Ref instead.)
 */
export interface Template {
  template: Array<string | Ref>;
}

export function isTemplate(value: unknown): value is Template {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as Template).template) &&
    Object.keys(value).length === 1
  );
}

export function isRef(value: unknown): value is Ref {
  if (typeof value !== 'object' || value === null || typeof (value as Ref).ref !== 'string') return false;
  const keys = Object.keys(value);
  return keys.every((k) => k === 'ref' || k === 'prefix');
}

export type BodyValue = string | number | boolean | null | Ref | Template | BodyValue[] | {[k: string]: BodyValue};
export type Body = Record<string, BodyValue>;

interface StepBase {
  /** Stable within a plan: "create network web", "rule db/allow-web-mysql". */
  id: string;
  /** One line for the operator: "Create network web (10.10.1.0/24)". */
  title: string;
  /** Network whose rules this step stages (it will need Apply Rules). */
  touchesNetwork?: KeyOrRef;
  /** Body fields holding secrets: shown masked, never journaled. */
  secretFields?: string[];
}

export interface CreateStep extends StepBase {
  kind: 'create';
  table: string;
  body: Body;
  /** The ref this step's key is known by afterwards. */
  provides?: string;
  /**
   * How to recognise the object if it already exists or if the answer was lost:
   * field → value pairs (refs allowed) that identify exactly one row.
   */
  identity: Record<string, BodyValue>;
  /** Fields compared when the object already exists; a difference becomes an update. */
  compare?: string[];
  /**
   * The planner saw that no such object exists: skip the lookup before the
   * create (a lost answer is still reconciled by identity, and a resumed step
   * always looks first).
   */
  knownNew?: boolean;
}

export interface UpdateStep extends StepBase {
  kind: 'update';
  table: string;
  key: KeyOrRef;
  body: Body;
  /**
   * A list field of the body (alias entries, `value`) that this update
   * changes relative to `base`, the value the plan was made from. The executor
   * reads the field again right before writing and writes the server's current
   * list with this update's additions and removals, then reads it back: a
   * concurrent edit of the same list keeps its entries.
   */
  mergeList?: {field: string; base: string};
}

export interface DeleteStep extends StepBase {
  kind: 'delete';
  table: string;
  key: KeyOrRef;
}

export interface ActionStep extends StepBase {
  kind: 'action';
  table: 'vnet_actions' | 'tenant_actions' | 'vm_actions';
  body: Body;
  /** Waits until the effect is visible (e.g. a network is running) before the next step. */
  waitFor?: {table: string; key: KeyOrRef; field: string; equals: string | number | boolean; timeoutMs?: number};
}

export interface ApplyRulesStep extends StepBase {
  kind: 'apply-rules';
  vnet: KeyOrRef;
  /** Network name, for messages. */
  network: string;
}

export type Step = CreateStep | UpdateStep | DeleteStep | ActionStep | ApplyRulesStep;

export interface ChangePlan {
  /** What the plan does, for titles and the journal: "Topology wizard", "apply site.yaml". */
  title: string;
  steps: Step[];
  /** Refs known before the run (objects that already exist), e.g. {"network:External": 1}. */
  known?: Record<string, number>;
}

export type StepStatus = 'pending' | 'running' | 'done' | 'skipped' | 'failed';

export interface StepResult {
  id: string;
  status: StepStatus;
  /** Key created, found or acted on. */
  key?: number;
  /** "created", "already existed", "found after a lost answer", "updated 2 fields", "applied"… */
  note?: string;
  error?: string;
}

/** What is persisted between attempts (no secrets: bodies are not stored). */
export interface RunState {
  planTitle: string;
  refs: Record<string, number>;
  results: Record<string, StepResult>;
  startedAt: string;
  updatedAt: string;
}
