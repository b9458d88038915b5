// A plan: what it takes to make the live site match a site file, twice over —
// once for people (entries: added / changed field by field / removed /
// reordered, plus the flows whose verdict changes) and once for the executor
// (operations that planToChangePlan turns into a ChangePlan in dependency
// order). Pure data; nothing here talks to a site.
import type {Body, BodyValue, KeyOrRef, Step} from '../changes/types.js';
import type {Site} from '../model.js';
import type {SecretRef} from '../sitefile/schema.js';

export type ObjectKind = 'alias' | 'network' | 'rule' | 'wireguard' | 'peer' | 'tunnel' | 'phase2' | 'tenant' | 'block';

export interface FieldChange {
  field: string;
  /** Display text of the live value ("(none)" when empty). */
  old: string;
  new: string;
}

export interface PlanEntry {
  /**
   * `apply`: a network the file describes has rules staged that are not live
   * (its `need_fw_apply` is set). Until Apply Rules runs the site does not do
   * what the file says, whatever its rows read, so this is a change too.
   */
  op: 'add' | 'change' | 'remove' | 'reorder' | 'apply';
  kind: ObjectKind;
  /** "network web", "rule web/allow-http", "peer vpn/wg0/laptop". */
  label: string;
  /** The network the object belongs to, when it belongs to one. */
  network?: string;
  /** One line describing an added or removed object ("accept incoming tcp any → :80"). */
  summary?: string;
  /** Field by field, for changes. */
  fields: FieldChange[];
  /** Rule names in the old and the new evaluation order, for reorders. */
  order?: {before: string[]; after: string[]};
  /** For removals: whether the plan acts on it (only with --prune). */
  acted: boolean;
}

/** A flow whose verdict the change flips, as the policy reports it. */
export interface VerdictChange {
  /** "web → db tcp/3306". */
  flow: string;
  before: string;
  after: string;
  /** The rule that decides the new verdict, when known. */
  rule?: string;
}

export {isTemplate, type Template} from '../changes/types.js';

/** Phases, in the order the ChangePlan runs them. */
export const PHASE = {
  aliases: 0,
  networks: 1,
  rules: 2,
  vpn: 3,
  tenants: 4,
  /** Deletions, innermost objects first (rules before the aliases and networks they use). */
  deleteRules: 5,
  deleteVpn: 6,
  deleteTenants: 7,
  deleteAliases: 8,
  deleteNetworks: 9,
} as const;

export interface SecretNeed {
  /** Body field that receives the value. */
  field: string;
  ref: SecretRef;
  where: string;
}

/** One planned call, before secrets are filled in and prune is applied. */
export interface Operation {
  phase: number;
  step: Step;
  /** Removals run only with prune. */
  removal?: boolean;
  /** Secret values the step needs (only creates carry them). */
  secrets?: SecretNeed[];
  /** Network whose rules the step stages, by name, for Apply Rules and the journal. */
  touches?: string;
}

export interface Plan {
  title: string;
  /** Where the file came from, for messages. */
  source: string;
  prune: boolean;
  partial: boolean;
  entries: PlanEntry[];
  verdicts: VerdictChange[];
  /** Problems that make the file impossible to apply as written (the plan is refused). */
  errors: string[];
  warnings: string[];
  operations: Operation[];
  /** Network name → key or ref, for Apply Rules of touched networks. */
  networkKeys: Record<string, KeyOrRef>;
  /** Networks whose rules change (Apply Rules runs on each), sorted. */
  touched: string[];
  /** The site as it will be once the plan has run (keys of new objects are synthetic). */
  after: Site;
}

export type {Body, BodyValue};
