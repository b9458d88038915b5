// A ConsoleModel kept in memory: the shell's tests and the sample view use it,
// and the lead can drive it from the real client with update().
import type {ConsoleModel, ConsoleState, Operation, OperationStep, StatusLevel, StepState} from './console-model.js';
import {scrubKnown} from '../store/secrets/known.js';

export interface MemoryModelOptions {
  onRetry?: () => void;
  /** How long non-error messages stay, in ms (errors are sticky). */
  messageTtl?: Partial<Record<StatusLevel, number>>;
  /** Keeps finished operations in the list for this many ms. */
  keepFinished?: number;
}

export interface MemoryModel extends ConsoleModel {
  update(patch: Partial<Omit<ConsoleState, 'operations' | 'status'>>): void;
}

const DEFAULT_TTL: Record<StatusLevel, number> = {info: 5000, success: 5000, warning: 8000, error: 0};

export function defaultConsoleState(patch: Partial<ConsoleState> = {}): ConsoleState {
  return {
    profile: 'default',
    host: '',
    readOnly: false,
    insecureTls: false,
    connection: {kind: 'connecting'},
    pendingApply: 0,
    operations: [],
    ...patch,
  };
}

export function createMemoryModel(initial: Partial<ConsoleState> = {}, options: MemoryModelOptions = {}): MemoryModel {
  let state = defaultConsoleState(initial);
  const listeners = new Set<() => void>();
  let nextId = 1;
  let expiry: NodeJS.Timeout | undefined;
  const controllers = new Map<number, AbortController>();
  const set = (next: ConsoleState) => {
    state = next;
    for (const l of [...listeners]) l();
  };
  const ttl = {...DEFAULT_TTL, ...options.messageTtl};
  const updateOp = (id: number, fn: (op: Operation) => Operation) =>
    set({...state, operations: state.operations.map((op) => (op.id === id ? fn(op) : op))});

  const model: MemoryModel = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    update: (patch) => set({...state, ...patch}),
    notify(level, text) {
      // The last guard before the screen: no secret this process knows is ever shown.
      const message = {id: nextId++, level, text: scrubKnown(text)};
      set({...state, status: message});
      clearTimeout(expiry);
      if (ttl[level] > 0) {
        expiry = setTimeout(() => {
          if (state.status?.id === message.id) set({...state, status: undefined});
        }, ttl[level]);
        expiry.unref();
      }
    },
    dismissStatus() {
      clearTimeout(expiry);
      if (state.status) set({...state, status: undefined});
    },
    async run(title, work) {
      const id = nextId++;
      const controller = new AbortController();
      controllers.set(id, controller);
      set({...state, operations: [...state.operations, {id, title, state: 'running', steps: []}]});
      const reporter = {
        signal: controller.signal,
        step(stepId: string, label: string, stepState: StepState = 'pending', detail?: string) {
          updateOp(id, (op) => {
            const step: OperationStep = {
              id: stepId,
              label,
              state: stepState,
              detail: detail === undefined ? undefined : scrubKnown(detail),
            };
            const exists = op.steps.some((s) => s.id === stepId);
            return {...op, steps: exists ? op.steps.map((s) => (s.id === stepId ? step : s)) : [...op.steps, step]};
          });
        },
      };
      const finish = (opState: Operation['state'], error?: string) => {
        controllers.delete(id);
        updateOp(id, (op) => ({...op, state: opState, error}));
        const drop = setTimeout(
          () => set({...state, operations: state.operations.filter((op) => op.id !== id)}),
          options.keepFinished ?? 3000,
        );
        drop.unref();
      };
      try {
        const result = await work(reporter);
        finish('done');
        return result;
      } catch (error) {
        const text = scrubKnown(error instanceof Error ? error.message : String(error));
        finish('failed', text);
        model.notify('error', `${title} failed: ${text}`);
        return undefined;
      }
    },
    retryNow() {
      options.onRetry?.();
    },
    abortAll() {
      for (const controller of controllers.values()) controller.abort();
    },
  };
  return model;
}
