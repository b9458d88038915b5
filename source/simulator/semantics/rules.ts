// Rule staging and Apply Rules. Every write to vnet_rules (and to the other
// things that generate rules) only stages: it sets vnets.need_fw_apply. Apply
// Rules on a running network copies the staged ruleset to the live one after
// applyDelayMs; a stopped network takes its staged rules when it comes up.
import type {RulePin} from '../../api/enums.js';
import {ApiError, forbidden, validationError} from '../errors.js';
import type {Row} from '../db/table.js';
import {createRow, deleteRow, patchRow} from '../db/writes.js';
import type {Draft, Sim, TableHooks} from '../sim.js';
import {forgetCounter, refreshCounting, ruleBytes, rulePackets} from './counters.js';
import {machineStatus} from './machines.js';

const PIN_RANK: Record<RulePin, number> = {top: 0, no: 1, bottom: 2};

export function compareRules(a: Row, b: Row): number {
  return (
    PIN_RANK[a.pin as RulePin] - PIN_RANK[b.pin as RulePin] ||
    (a.orderid as number) - (b.orderid as number) ||
    a.$key - b.$key
  );
}

export function stagedRules(sim: Sim, vnetKey: number): Row[] {
  return sim.db.table('vnet_rules').where('vnet', vnetKey).sort(compareRules);
}

export function markFwApply(sim: Sim, vnetKey: number | null | undefined): void {
  if (typeof vnetKey !== 'number') return;
  const vnet = sim.db.get('vnets', vnetKey);
  if (vnet && vnet.need_fw_apply !== true) patchRow(sim, 'vnets', vnetKey, {need_fw_apply: true});
}

export function vnetIsRunning(sim: Sim, vnetKey: number): boolean {
  const vnet = sim.db.get('vnets', vnetKey);
  return vnet ? machineStatus(sim, vnet.machine as number) === 'running' : false;
}

/** Makes the staged ruleset live now (the end of an apply, or a network coming up). */
export function promoteRules(sim: Sim, vnetKey: number): void {
  if (!sim.db.table('vnets').has(vnetKey)) return;
  sim.active.set(vnetKey, Object.freeze(stagedRules(sim, vnetKey)));
  patchRow(sim, 'vnets', vnetKey, {need_fw_apply: false, last_fw_apply: sim.now()});
  refreshCounting(sim, vnetKey);
  sim.changed();
}

/** Apply Rules: on a running network, promote after applyDelayMs; otherwise keep staged. */
export function requestApply(sim: Sim, vnetKey: number): void {
  if (!vnetIsRunning(sim, vnetKey)) return;
  sim.later(sim.config.applyDelayMs, () => {
    if (vnetIsRunning(sim, vnetKey)) promoteRules(sim, vnetKey);
  });
}

const REF_FIELDS = [
  'source_ip',
  'destination_ip',
  'source_ports',
  'destination_ports',
  'target_ip',
  'target_ports',
] as const;

/** `alias:<key>` entries must name an existing vnet_rule_aliases row; `alias:<name>` is refused (26.x). */
function checkAliasRefs(sim: Sim, row: Draft, only?: Draft): void {
  const aliases = sim.db.table('vnet_rule_aliases');
  for (const field of REF_FIELDS) {
    if (only && !(field in only)) continue;
    const value = row[field];
    if (typeof value !== 'string' || !value.includes('alias:')) continue;
    for (const part of value.split(',')) {
      const entry = part.trim();
      if (!entry.startsWith('alias:')) continue;
      const id = entry.slice(6);
      if (!/^\d+$/.test(id)) {
        throw validationError(field, `alias reference '${entry}' must use the alias key: alias:<$key>`);
      }
      if (!aliases.has(Number(id))) throw validationError(field, `alias ${id} does not exist`);
    }
  }
}

function nextOrderId(sim: Sim, vnetKey: number): number {
  let max = 0;
  for (const r of sim.db.table('vnet_rules').where('vnet', vnetKey)) max = Math.max(max, r.orderid as number);
  return max + 1;
}

/**
 * A rule created with `pin: top` and no orderid takes the top of the
 * network's orderid order: it gets orderid 1 and every other rule moves down
 * by one, keeping their relative order (the model of "VergeOS renumbers";
 * TF3 network_rule.md only says pin puts a rule at the top of the non-system
 * rules — the exact numbers VergeOS writes are INFERRED). Evaluation order is
 * pin group first anyway (compareRules).
 */
const PIN_TOP_PENDING = new WeakMap<Sim, Set<number>>();

function renumberBelow(sim: Sim, row: Row): void {
  for (const r of sim.db.table('vnet_rules').where('vnet', row.vnet)) {
    if (r.$key !== row.$key && (r.orderid as number) >= 1)
      patchRow(sim, 'vnet_rules', r.$key, {orderid: (r.orderid as number) + 1});
  }
}

/** A rule the system owns (WireGuard, tenant addresses): read-only to users. */
export function createSystemRule(sim: Sim, vnetKey: number, owner: string, values: Draft): Row {
  const rules = sim.db.table('vnet_rules');
  let name = String(values.name);
  for (let n = 2; rules.uniqueConflict({vnet: vnetKey, name}); n++) name = `${String(values.name)} (${n})`;
  const {row} = createRow(
    sim,
    'vnet_rules',
    {...values, name, vnet: vnetKey, owner, system_rule: true},
    {internal: true},
  );
  return row;
}

export function deleteOwnedRules(sim: Sim, owner: string): void {
  for (const r of sim.db.table('vnet_rules').where('owner', owner))
    deleteRow(sim, 'vnet_rules', r.$key, {internal: true});
}

export const ruleHooks: TableHooks = {
  beforeCreate(sim, values, opts) {
    if (!opts.internal) checkAliasRefs(sim, values);
    let pending = PIN_TOP_PENDING.get(sim);
    if (!pending) PIN_TOP_PENDING.set(sim, (pending = new Set()));
    pending.delete(values.vnet as number);
    if (values.orderid === null) {
      if (values.pin === 'top') {
        values.orderid = 1;
        pending.add(values.vnet as number);
      } else values.orderid = nextOrderId(sim, values.vnet as number);
    }
  },
  afterCreate(sim, row) {
    // renumber only once the create is certain (a unique-name refusal comes after beforeCreate)
    if (PIN_TOP_PENDING.get(sim)?.delete(row.vnet as number) && row.pin === 'top') renumberBelow(sim, row);
    markFwApply(sim, row.vnet as number);
  },
  beforeUpdate(sim, old, next, patch, opts) {
    if (next.orderid === null) next.orderid = old.orderid;
    if (!opts.internal && old.system_rule === true)
      throw forbidden(`rule '${String(old.name)}' is a system rule and cannot be modified`);
    if (!opts.internal) checkAliasRefs(sim, next, patch);
  },
  afterUpdate(sim, _old, row) {
    markFwApply(sim, row.vnet as number);
  },
  beforeDelete(_sim, row, opts) {
    if (!opts.internal && row.system_rule === true)
      throw forbidden(`rule '${String(row.name)}' is a system rule and cannot be deleted`);
  },
  afterDelete(sim, row) {
    forgetCounter(sim, row.$key);
    markFwApply(sim, row.vnet as number);
  },
  computed: {
    packets: rulePackets,
    bytes: ruleBytes,
  },
};

export const aliasHooks: TableHooks = {
  beforeCreate(sim, values) {
    values.id = sim.rng.hex(40);
  },
  beforeDelete(sim, row) {
    const ref = `alias:${row.$key}`;
    for (const rule of sim.db.table('vnet_rules').all()) {
      for (const field of REF_FIELDS) {
        const v = rule[field];
        if (typeof v === 'string' && v.split(',').some((p) => p.trim() === ref)) {
          const vnet = sim.db.get('vnets', rule.vnet as number);
          throw new ApiError(
            422,
            `alias '${String(row.name)}' is referenced by rule '${String(rule.name)}' on network '${String(vnet?.name ?? rule.vnet)}' (${field})`,
          );
        }
      }
    }
  },
};
