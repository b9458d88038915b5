// The console model: what the shell shows around the views and how views run
// work. Implemented by session/console-session.ts over the real client, and by
// session/memory-model.ts for tests and the sample view. No React here.

/**
 * Why the console is not connected; each asks for something else:
 * - unreachable: retried with backoff by itself (and now on r);
 * - expired: the server forgot the session token; r signs in once more;
 * - refused: the password or key was refused; never retried (five bad logins
 *   lock a VergeOS account): sign in again with another one;
 * - untrusted: the certificate is not trusted or changed; nothing is retried;
 * - malformed: the site answers, but not as VergeOS does (not JSON, the wrong
 *   shape, far too big): the address may point at something else; not retried
 *   by itself (the same site gives the same answer), r tries again;
 * - signin: no site given and none saved yet.
 */
export type OfflineCause = 'unreachable' | 'expired' | 'refused' | 'untrusted' | 'malformed' | 'signin';

export type ConnectionState =
  | {kind: 'connected'}
  | {kind: 'connecting'}
  /** `retryAt`: epoch ms of the next automatic attempt, for the countdown. */
  /** `shorter`: forms of `reason` that keep its cause, longest first, for a narrow screen. */
  | {kind: 'offline'; retryAt?: number; reason?: string; shorter?: readonly string[]; cause?: OfflineCause};

export type StatusLevel = 'info' | 'success' | 'warning' | 'error';

export interface StatusMessage {
  id: number;
  level: StatusLevel;
  text: string;
}

export type StepState = 'pending' | 'running' | 'done' | 'failed';

export interface OperationStep {
  id: string;
  label: string;
  state: StepState;
  detail?: string;
}

export interface Operation {
  id: number;
  title: string;
  state: 'running' | 'done' | 'failed';
  steps: readonly OperationStep[];
  error?: string;
}

export interface ConsoleState {
  profile: string;
  host: string;
  /** VergeOS version, once known. */
  version?: string;
  readOnly: boolean;
  /** TLS verification is off for this profile: always shown. */
  insecureTls: boolean;
  /** The site is reached over plain http: always shown. */
  cleartext?: boolean;
  connection: ConnectionState;
  /** Networks whose rules are changed but not applied (`need_fw_apply`). */
  pendingApply: number;
  /** The current status line message; errors stay until dismissed or replaced. */
  status?: StatusMessage;
  operations: readonly Operation[];
  /** First run: no site given and no profile saved; the console offers its sign-in screen. */
  needsSignIn?: boolean;
  /** Key binding overrides of the profile in use (action id → keys), once its file is read. */
  keys?: Readonly<Record<string, readonly string[]>>;
}

/** Given to the work passed to run(): reports progress per item. */
export interface OperationReporter {
  /** Declares or updates one item of the progress list. */
  step(id: string, label: string, state?: StepState, detail?: string): void;
  /** Aborted when the operator quits while the operation runs. */
  readonly signal: AbortSignal;
}

export interface ConsoleModel {
  // Properties, not methods: React calls both unbound (useSyncExternalStore).
  getState: () => ConsoleState;
  /** useSyncExternalStore-compatible: getState() returns a new object after each change. */
  subscribe: (listener: () => void) => () => void;
  notify(level: StatusLevel, text: string): void;
  dismissStatus(): void;
  /**
   * Runs an async operation the console tracks (spinner, progress list, quit
   * guard). A failure becomes an error status message and resolves undefined.
   */
  run<T>(title: string, work: (report: OperationReporter) => Promise<T>): Promise<T | undefined>;
  /** The banner's "retry now". */
  retryNow(): void;
  /** Aborts every running operation's signal (the operator quit anyway). */
  abortAll(): void;
}

export const isOnline = (state: ConsoleState) => state.connection.kind === 'connected';
export const isBusy = (state: ConsoleState) => state.operations.some((op) => op.state === 'running');
