// Simulator states the seeds do not build: one network holding tens of
// thousands of identical rules (lint's worst case: every rule touches every
// rule above it). Made by saving a small seed's state and growing its rules
// table, then loaded by `vseg simulator --state FILE` (see site-process.ts).
import {readFileSync, writeFileSync} from 'node:fs';
import {startSimulator} from '../../source/simulator/index.js';

type Row = Record<string, unknown>;

/**
 * Writes a state with `net-0001` holding `rules` identical accept rules
 * (tcp/443 from 10.200.0.0/16; names differ, as VergeOS wants them unique per
 * network), all applied. Returns the network's name.
 */
export async function writeIdenticalRulesState(file: string, rules: number): Promise<string> {
  const sim = await startSimulator({seed: 'scale:1:1', statePath: file, applyDelayMs: 1, powerDelayMs: 1});
  await sim.close();
  const state = JSON.parse(readFileSync(file, 'utf8')) as {
    tables: Record<string, {rows: Row[]; nextKey?: number; freed?: number[]}>;
    active: Record<string, Row[]>;
  };
  const table = state.tables['vnet_rules'];
  const net = state.tables['vnets'].rows.find((r) => r['name'] === 'net-0001')!['$key'] as number;
  const template = table.rows.find((r) => r['vnet'] === net)!;
  let key = table.rows.reduce((m, r) => Math.max(m, r['$key'] as number), 0) + 1;
  const copies: Row[] = [];
  for (let i = 0; i < rules; i++) {
    copies.push({
      ...template,
      $key: key++,
      name: `same-${String(i + 1).padStart(6, '0')}`,
      orderid: (i + 1) * 10,
      action: 'accept',
      direction: 'incoming',
      protocol: 'tcp',
      source_ip: '10.200.0.0/16',
      source_ports: '',
      destination_ip: '',
      destination_ports: '443',
      target_ip: '',
      target_ports: '',
      enabled: true,
    });
  }
  table.rows = [...table.rows.filter((r) => r['vnet'] !== net), ...copies];
  table.nextKey = key;
  table.freed = [];
  state.active[String(net)] = copies;
  writeFileSync(file, JSON.stringify(state), {mode: 0o600});
  return 'net-0001';
}
