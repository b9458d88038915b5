// Types shared across the policy analysis. Everything here is plain data so
// the UI, the headless commands and the tests can hold on to results.
import type {Key} from '../domain/model.js';
import type {RuleDirection} from '../api/enums.js';

export type FilterAction = 'accept' | 'drop' | 'reject';
/** What a hop does with a packet; `no-route` when the source router has no path. */
export type HopAction = FilterAction | 'no-route';
/** `partial`: some of the addresses/ports asked about pass and some do not. */
export type Verdict = 'allow' | 'deny' | 'partial';
/** Which ruleset to judge: the one live on the routers, or the staged one. */
export type RulesetChoice = 'applied' | 'pending';
export type AppliedSource = 'current' | 'baseline' | 'unknown';

/** How the UI and JSON name a rule: its key, name and 1-based row in the network's list. */
export interface RuleRef {
  key: Key;
  name: string;
  position: number;
}

export type Severity = 'error' | 'warning' | 'info';

/** Something a rule field or alias cannot express the way the operator probably meant. */
export interface Problem {
  code: string;
  severity: Severity;
  message: string;
  alias?: Key;
}

/** One concrete packet: the initiating packet of a connection. */
export interface Packet {
  /** IP protocol number (6 tcp, 17 udp, 1 icmp …). */
  proto: number;
  src: number;
  dst: number;
  /** Ports exist only for tcp/udp; null otherwise. */
  sport: number | null;
  dport: number | null;
}

/** The same packet for people and JSON. */
export interface PacketText {
  protocol: string;
  source: string;
  destination: string;
  sourcePort?: number;
  destinationPort?: number;
}

/** Dimensions of the packet space, in box order. */
export const D_PROTO = 0;
export const D_SRC = 1;
export const D_SPORT = 2;
export const D_DST = 3;
export const D_DPORT = 4;

export type Direction = RuleDirection;

/** Location of an address: a network key, or OUTSIDE for addresses in no network. */
export const OUTSIDE = -1;
/** A network key, or OUTSIDE. */
export type Location = Key;
export const OUTSIDE_NAME = 'outside';
