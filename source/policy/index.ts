// The public API of the policy analysis. Pure functions over a Site snapshot
// (source/domain/model.ts); no I/O, no React. See ./README.md for the
// semantics as implemented.
export type {
  AppliedSource,
  FilterAction,
  HopAction,
  Location,
  Packet,
  PacketText,
  Problem,
  RuleRef,
  RulesetChoice,
  Severity,
  Verdict,
} from './types.js';
export {OUTSIDE, OUTSIDE_NAME} from './types.js';

export {
  ANY_SERVICE,
  formatPacket,
  formatService,
  packetText,
  parseService,
  protocolName,
  ruleProtocolSet,
  type Service,
} from './protocols.js';
export {
  DEFAULT_POLICY,
  defaultAction,
  defaultPseudoRule,
  defaultPseudoRules,
  mergeDefaults,
  parsePolicyDefaults,
  type DefaultPseudoRule,
  type DirectionDefaults,
  type PolicyDefaults,
} from './defaults.js';

export {compileSite, type CompiledRule, type CompiledRuleset, type CompiledSite, type NatSpec} from './compile.js';
export {locate, networkName, splitByLocation, type SiteIndex} from './site-index.js';
export {
  compileAddressField,
  compilePortField,
  whichToken,
  type Field,
  type FieldToken,
  type TokenMatch,
} from './match.js';

export {
  evaluateFlow,
  evaluatePacket,
  type FlowOptions,
  type FlowQuery,
  type FlowResult,
  type Outcome,
  type OutcomeHop,
  type RouteDecision,
} from './evaluate.js';
export {
  tracePacket,
  type HopTrace,
  type MatchedField,
  type NatNote,
  type PacketTrace,
  type RouteTrace,
  type SkippedRule,
} from './trace.js';
export {resolveEndpoint, type Endpoint, type EndpointKind} from './endpoints.js';
export {
  hopToJson,
  queryService,
  traceReason,
  why,
  whyToJson,
  type HopJson,
  type OutcomeView,
  type WhyJson,
  type WhyOptions,
  type WhyQuery,
  type WhyResult,
  type WhyView,
} from './why.js';

export {
  matrix,
  matrixNodes,
  matrixStream,
  type Matrix,
  type MatrixStream,
  type MatrixCell,
  type MatrixHop,
  type MatrixNode,
  type MatrixOptions,
  type MatrixOutcome,
} from './matrix.js';
export {lint, lintSteps, lintExitCode, countBySeverity, type Finding, type LintOptions} from './lint/index.js';
export {runSteps, type Steps} from './steps.js';
export {
  formatVerdictChange,
  pendingChanges,
  servicesMentioned,
  verdictChanges,
  type PendingChanges,
  type PendingNetwork,
  type VerdictChange,
  type VerdictDiffOptions,
} from './verdict-diff.js';
export {
  MANAGEMENT_MODEL,
  managementAccess,
  type AccessVerdict,
  type ManagementAccess,
  type ManagementOptions,
} from './management.js';
