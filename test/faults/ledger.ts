// The operator's ledger for the fault session: what vseg told them it did.
// Each operation is a ChangePlan built from the ledger (the objects the
// session manages: networks f-net-*, their rules, aliases f-alias-*), and the
// ledger changes only when the executor reports success.
import type {ChangePlan, Step} from '../../source/domain/changes/types.js';
import {textOf} from '../../source/domain/text.js';

export interface NetworkEntry {
  key: number;
  cidr: string;
  description: string;
  /** Rule changes staged since the last Apply Rules the operator was told succeeded. */
  pending: boolean;
  /** The rules live on the router after that apply (name → signature). */
  applied: Map<string, string>;
}

export interface RuleEntry {
  key: number;
  network: string;
  action: 'accept' | 'drop' | 'reject';
  ports: string;
  description: string;
  /** `alias:<key>` when the rule uses an alias, else a CIDR. */
  source: string;
  /** The alias it references, by name. */
  alias?: string;
}

export interface AliasEntry {
  key: number;
  value: string;
}

export class Ledger {
  networks = new Map<string, NetworkEntry>();
  rules = new Map<string, RuleEntry>(); // rule name → entry (names unique across the session)
  aliases = new Map<string, AliasEntry>();
  private counter = 0;

  next(prefix: string): string {
    this.counter++;
    return `${prefix}-${String(this.counter).padStart(4, '0')}`;
  }

  rulesOf(network: string): Array<[string, RuleEntry]> {
    return [...this.rules].filter(([, r]) => r.network === network);
  }

  aliasInUse(alias: string): boolean {
    return [...this.rules.values()].some((r) => r.alias === alias);
  }
}

/** What a rule looks like on the router, for comparing live rulesets. */
export function signature(r: {
  action?: unknown;
  destination_ports?: unknown;
  ports?: string;
  source_ip?: unknown;
  source?: string;
}): string {
  return `${textOf(r.action)} tcp ${textOf(r.source_ip ?? r.source)} → ${textOf(r.destination_ports ?? r.ports)}`;
}

/** Deterministic PRNG (LCG): the same seed is the same session. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface Operation {
  kind: string;
  plan: ChangePlan;
  /** Applies the operation to the ledger once the executor reports success. */
  commit(results: Map<string, number | undefined>): void;
}

const running = (key: number | {ref: string}): Step => ({
  id: 'wait running',
  kind: 'action',
  title: 'Power on',
  table: 'vnet_actions',
  body: {vnet: key, action: 'poweron', params: {apply: true}},
  waitFor: {table: 'vnets', key, field: 'machine#status#status', equals: 'running', timeoutMs: 10_000},
});

export function planOperation(ledger: Ledger, random: () => number): Operation {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const nets = [...ledger.networks.keys()];
  const rules = [...ledger.rules.keys()];
  const aliases = [...ledger.aliases.keys()];
  const roll = random();
  const port = () => String(1000 + Math.floor(random() * 60000));

  if (nets.length < 3 || (roll < 0.08 && nets.length < 10)) {
    const name = ledger.next('f-net');
    const n = Number(name.slice(-4)) % 250;
    const cidr = `10.200.${n}.0/24`;
    const description = `segment ${name}`;
    return {
      kind: 'create network',
      plan: {
        title: `create ${name}`,
        steps: [
          {
            id: 'net',
            kind: 'create',
            title: `Create network ${name}`,
            table: 'vnets',
            provides: 'net',
            identity: {name},
            body: {name, type: 'internal', network: cidr, ipaddress: `10.200.${n}.1`, description},
          },
          running({ref: 'net'}),
        ],
      },
      commit(results) {
        ledger.networks.set(name, {key: results.get('net')!, cidr, description, pending: false, applied: new Map()});
      },
    };
  }
  if (roll < 0.12 && nets.length > 3) {
    const name = pick(nets);
    const net = ledger.networks.get(name)!;
    return {
      kind: 'delete network',
      plan: {
        title: `delete ${name}`,
        steps: [
          {
            id: 'stop',
            kind: 'action',
            title: `Power off ${name}`,
            table: 'vnet_actions',
            body: {vnet: net.key, action: 'poweroff'},
            waitFor: {
              table: 'vnets',
              key: net.key,
              field: 'machine#status#status',
              equals: 'stopped',
              timeoutMs: 10_000,
            },
          },
          {id: 'delete', kind: 'delete', title: `Delete network ${name}`, table: 'vnets', key: net.key},
        ],
      },
      commit() {
        ledger.networks.delete(name);
        for (const [rule, r] of ledger.rules) if (r.network === name) ledger.rules.delete(rule);
      },
    };
  }
  if (roll < 0.18) {
    const name = pick(nets);
    const description = `segment ${name}, revised ${ledger.next('rev')}`;
    const net = ledger.networks.get(name)!;
    return {
      kind: 'edit network',
      plan: {
        title: `edit ${name}`,
        steps: [
          {id: 'edit', kind: 'update', title: `Describe ${name}`, table: 'vnets', key: net.key, body: {description}},
        ],
      },
      commit() {
        net.description = description;
      },
    };
  }
  if (aliases.length < 2 || roll < 0.25) {
    const name = ledger.next('f-alias');
    const value = `10.99.${Math.floor(random() * 250)}.${Math.floor(random() * 250)},10.98.0.0/16`;
    return {
      kind: 'create alias',
      plan: {
        title: `create ${name}`,
        steps: [
          {
            id: 'alias',
            kind: 'create',
            title: `Create alias ${name}`,
            table: 'vnet_rule_aliases',
            provides: 'alias',
            identity: {name},
            body: {name, value, description: 'fault session'},
          },
        ],
      },
      commit(results) {
        ledger.aliases.set(name, {key: results.get('alias')!, value});
      },
    };
  }
  if (roll < 0.3) {
    const name = pick(aliases);
    const alias = ledger.aliases.get(name)!;
    const value = `10.97.${Math.floor(random() * 250)}.0/24`;
    return {
      kind: 'edit alias',
      plan: {
        title: `edit ${name}`,
        steps: [
          {
            id: 'edit',
            kind: 'update',
            title: `Edit alias ${name}`,
            table: 'vnet_rule_aliases',
            key: alias.key,
            body: {value},
          },
        ],
      },
      commit() {
        alias.value = value;
      },
    };
  }
  const unused = aliases.filter((a) => !ledger.aliasInUse(a));
  if (roll < 0.34 && unused.length > 1) {
    const name = pick(unused);
    const alias = ledger.aliases.get(name)!;
    return {
      kind: 'delete alias',
      plan: {
        title: `delete ${name}`,
        steps: [
          {id: 'delete', kind: 'delete', title: `Delete alias ${name}`, table: 'vnet_rule_aliases', key: alias.key},
        ],
      },
      commit() {
        ledger.aliases.delete(name);
      },
    };
  }
  const pendingNets = nets.filter((n) => ledger.networks.get(n)!.pending);
  if (roll < 0.46 && pendingNets.length > 0) {
    const name = pick(pendingNets);
    const net = ledger.networks.get(name)!;
    return {
      kind: 'apply rules',
      plan: {
        title: `apply ${name}`,
        steps: [{id: 'apply', kind: 'apply-rules', title: `Apply Rules on ${name}`, vnet: net.key, network: name}],
      },
      commit() {
        net.pending = false;
        net.applied = new Map(ledger.rulesOf(name).map(([rule, r]) => [rule, signature(r)]));
      },
    };
  }
  if (roll < 0.62 && rules.length > 0) {
    const name = pick(rules);
    const rule = ledger.rules.get(name)!;
    const ports = random() < 0.5 ? port() : undefined;
    const action = pick(['accept', 'drop', 'reject'] as const);
    const description = `edited ${ledger.next('rev')}`;
    const change: Record<string, string> = ports ? {destination_ports: ports} : {action, description};
    return {
      kind: 'edit rule',
      plan: {
        title: `edit ${name}`,
        steps: [
          {
            id: 'edit',
            kind: 'update',
            title: `Edit rule ${name}`,
            table: 'vnet_rules',
            key: rule.key,
            body: change,
            touchesNetwork: ledger.networks.get(rule.network)!.key,
          },
        ],
      },
      commit() {
        if (ports) rule.ports = ports;
        else {
          rule.action = action;
          rule.description = description;
        }
        ledger.networks.get(rule.network)!.pending = true;
      },
    };
  }
  if (roll < 0.72 && rules.length > 0) {
    const name = pick(rules);
    const rule = ledger.rules.get(name)!;
    return {
      kind: 'delete rule',
      plan: {
        title: `delete ${name}`,
        steps: [
          {
            id: 'delete',
            kind: 'delete',
            title: `Delete rule ${name}`,
            table: 'vnet_rules',
            key: rule.key,
            touchesNetwork: ledger.networks.get(rule.network)!.key,
          },
        ],
      },
      commit() {
        ledger.rules.delete(name);
        ledger.networks.get(rule.network)!.pending = true;
      },
    };
  }
  const network = pick(nets);
  const net = ledger.networks.get(network)!;
  const name = ledger.next('f-rule');
  const alias = random() < 0.3 ? pick(aliases) : undefined;
  const source = alias ? `alias:${ledger.aliases.get(alias)!.key}` : `10.${Math.floor(random() * 250)}.0.0/16`;
  const ports = port();
  const action = pick(['accept', 'drop'] as const);
  const description = `rule ${name}`;
  return {
    kind: 'create rule',
    plan: {
      title: `create ${name}`,
      steps: [
        {
          id: 'rule',
          kind: 'create',
          title: `Create rule ${name} on ${network}`,
          table: 'vnet_rules',
          provides: 'rule',
          identity: {vnet: net.key, name},
          touchesNetwork: net.key,
          body: {
            vnet: net.key,
            name,
            action,
            direction: 'incoming',
            protocol: 'tcp',
            source_ip: source,
            destination_ports: ports,
            description,
          },
        },
      ],
    },
    commit(results) {
      ledger.rules.set(name, {
        key: results.get('rule')!,
        network,
        action,
        ports,
        description,
        source,
        ...(alias ? {alias} : {}),
      });
      net.pending = true;
    },
  };
}
