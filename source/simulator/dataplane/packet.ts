// The packets and flows the simulated routers judge.

export const PROTO = {icmp: 1, tcp: 6, udp: 17} as const;

export interface Packet {
  proto: number;
  src: number;
  dst: number;
  sport: number | null;
  dport: number | null;
}

/** A conversation the simulated workloads keep up (the initiating direction). */
export interface Flow {
  packet: Packet;
  /** Packets per second of the initiating side. */
  pps: number;
  label: string;
}

export function protoName(p: number): string {
  return p === 6 ? 'tcp' : p === 17 ? 'udp' : p === 1 ? 'icmp' : String(p);
}
