// Which machine the figures came from, recorded next to them.
import {cpus, loadavg, platform, release, totalmem} from 'node:os';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  /** 1-minute load average when the run started and ended: other work on the machine skews every figure. */
  load: number[];
}

const STARTED_LOAD = Math.round(loadavg()[0] * 100) / 100;

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: (list[0]?.model ?? 'unknown').replace(/\s+/g, ' ').trim(),
    cores: list.length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    load: [STARTED_LOAD, Math.round(loadavg()[0] * 100) / 100],
  };
}
