// The machine + machine_status pair behind every VM and network router, and
// its power transitions. A status row shares its machine's key.
import type {MachineStatus} from '../../api/enums.js';
import {createRow, patchRow} from '../db/writes.js';
import type {Sim} from '../sim.js';

const UP: ReadonlySet<string> = new Set(['running', 'stopping', 'restarting']);

export function createMachine(sim: Sim, name: string, type: string, extra: Record<string, unknown> = {}): number {
  const {row} = createRow(sim, 'machines', {name, type, ...extra}, {internal: true});
  createRow(
    sim,
    'machine_status',
    {machine: row.$key, status: 'stopped', running: false, state: 'offline'},
    {internal: true, key: row.$key},
  );
  patchRow(sim, 'machines', row.$key, {status: row.$key});
  return row.$key;
}

export function machineStatus(sim: Sim, machine: number | null | undefined): MachineStatus | 'unknown' {
  const row = sim.db.get('machine_status', machine);
  return row ? (row.status as MachineStatus) : 'unknown';
}

export function setMachineStatus(sim: Sim, machine: number, status: MachineStatus): void {
  const running = UP.has(status);
  const values: Record<string, unknown> = {
    status,
    running,
    powerstate: running,
    state: status === 'error' ? 'error' : running ? 'online' : 'offline',
    last_update: sim.now(),
  };
  if (status === 'running' && machineStatus(sim, machine) !== 'running') values.started = sim.now();
  // the node a machine runs on: stable per machine, cleared when it stops
  if (running) values.node = sim.db.get('machine_status', machine)?.node ?? nodeFor(sim, machine);
  else if (status === 'stopped') values.node = null;
  patchRow(sim, 'machine_status', machine, values);
}

function nodeFor(sim: Sim, machine: number): number | null {
  const nodes = sim.db.table('nodes').all();
  if (nodes.length === 0) return null;
  const own = nodes.find((n) => n.machine === machine);
  return (own ?? nodes[machine % nodes.length]).$key;
}

export interface PowerEvents {
  /** the machine reached running (power-on or restart) */
  up?(): void;
  /** the machine reached stopped */
  down?(): void;
  /** the status changed (any transition) */
  changed?(): void;
}

function thing(machine: number): string {
  return `machine:${machine}`;
}

/** poweron: stopped → starting → running after powerDelayMs. No-op when already up. */
export function startMachine(sim: Sim, machine: number, events: PowerEvents = {}): void {
  const status = machineStatus(sim, machine);
  if (status === 'running' || status === 'starting' || status === 'restarting') return;
  transition(sim, machine, 'starting', 'running', sim.config.powerDelayMs, events);
}

/** poweroff/kill: → stopping → stopped (kill is quicker). No-op when already down. */
export function stopMachine(sim: Sim, machine: number, hard: boolean, events: PowerEvents = {}): void {
  const status = machineStatus(sim, machine);
  if (status === 'stopped' || status === 'stopping') return;
  transition(
    sim,
    machine,
    'stopping',
    'stopped',
    hard ? Math.round(sim.config.powerDelayMs / 3) : sim.config.powerDelayMs,
    events,
  );
}

/** reset: → restarting → running; a stopped machine simply starts. */
export function restartMachine(sim: Sim, machine: number, events: PowerEvents = {}): void {
  if (machineStatus(sim, machine) === 'stopped') {
    startMachine(sim, machine, events);
    return;
  }
  transition(sim, machine, 'restarting', 'running', sim.config.powerDelayMs, events);
}

function transition(
  sim: Sim,
  machine: number,
  via: MachineStatus,
  to: MachineStatus,
  delay: number,
  events: PowerEvents,
): void {
  const gen = sim.bump(thing(machine));
  setMachineStatus(sim, machine, via);
  events.changed?.();
  sim.later(delay, () => {
    if (!sim.isCurrent(thing(machine), gen) || !sim.db.table('machine_status').has(machine)) return;
    setMachineStatus(sim, machine, to);
    events.changed?.();
    if (to === 'running') events.up?.();
    else events.down?.();
  });
}

/** Brings a machine straight to a settled state (seeds, loading a state file). */
export function settleMachine(sim: Sim, machine: number, status: 'running' | 'stopped'): void {
  sim.bump(thing(machine));
  setMachineStatus(sim, machine, status);
}
