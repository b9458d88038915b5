// The guided wizards (issue #5): six steps and setup. See docs/WIZARDS.md.
export * from './types.js';
export * from './registry.js';
export * from './setup.js';
export * from './runner.js';
export * from './check.js';
export * from './answers-file.js';
export * from './review.js';
export {SecretBox} from './secrets.js';
export {generateWgKeyPair, isWgKey} from './wg-keys.js';
export {
  adjustAnswers,
  hitCounters,
  mirrorNetworkOf,
  monitorResult,
  validateTightenPorts,
  validateTightenSource,
  type HitRow,
  type MonitorAnswers,
} from './monitor.js';
export {flowLabel, flowService} from './flows.js';
export type {TopologyAnswers} from './topology.js';
export type {RulesAnswers} from './rules.js';
export type {AliasAnswers} from './aliases.js';
export type {VpnAnswers} from './vpn.js';
export type {TenantAnswers} from './tenants.js';
export {EXAMPLES} from './examples.js';
