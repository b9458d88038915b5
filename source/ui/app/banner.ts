import type {ActionRegistry} from '../actions/registry.js';
import {availability} from '../actions/registry.js';
import type {ActionContext} from '../actions/types.js';
import {retrySeconds} from '../components/Header.js';
import type {Tone} from '../theme/tokens.js';
import type {ConsoleState} from './model.js';

/** The action id the pending-apply banner points at (declared by the rules pane). */
export const APPLY_ACTION = 'rules.apply';
export const RETRY_ACTION = 'app.retry';

export interface BannerContent {
  text: string;
  tone: Tone;
}

export function bannerFor(state: ConsoleState, registry: ActionRegistry, context: ActionContext, now: number, ascii = false): BannerContent | undefined {
  const c = state.connection;
  if (c.kind === 'offline') {
    const reason = c.reason ? ` (${c.reason})` : '';
    switch (c.cause) {
      case 'signin':
        return undefined; // the sign-in view explains itself
      case 'refused':
        return {text: `Sign-in refused${reason} — not retried: use :signin, or :ctx for another site`, tone: 'danger'};
      case 'untrusted':
        return {text: `Certificate not trusted${reason} — review it with :signin, or :ctx for another site`, tone: 'danger'};
      case 'expired': {
        const retry = registry.keyLabel(RETRY_ACTION, ascii);
        return {text: `Session expired${retry ? ` — ${retry} to sign in again` : ''}`, tone: 'warning'};
      }
      default: {
        const seconds = retrySeconds(c.retryAt, now);
        const retry = registry.keyLabel(RETRY_ACTION, ascii);
        const when = seconds === undefined ? '' : seconds > 0 ? ` — retrying in ${seconds} s` : ' — retrying';
        return {text: `API unreachable${reason}${when}${retry ? ` (${retry} to retry now)` : ''}`, tone: 'danger'};
      }
    }
  }
  if (state.pendingApply > 0) {
    const n = state.pendingApply;
    const what = `${n} network${n === 1 ? '' : 's'} with rule changes pending`;
    const apply = registry.get(APPLY_ACTION);
    const key = apply && availability(apply, context) === 'available' ? registry.keyLabel(APPLY_ACTION, ascii) : '';
    return {text: key ? `${what} — ${key} to Apply Rules` : `${what} apply`, tone: 'warning'};
  }
  return undefined;
}
