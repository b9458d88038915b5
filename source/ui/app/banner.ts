import type {ActionRegistry} from '../actions/registry.js';
import {availability} from '../actions/registry.js';
import type {ActionContext} from '../actions/types.js';
import {retrySeconds} from '../components/Header.js';
import {sanitize} from '../../domain/text.js';
import {displayWidth, truncate} from '../../domain/text-width.js';
import type {Tone} from '../theme/tokens.js';
import type {ConsoleState} from '../../session/console-model.js';

/** The action id the pending-apply banner points at (declared by the rules pane). */
export const APPLY_ACTION = 'rules.apply';
export const RETRY_ACTION = 'app.retry';
const NETWORKS_APPLY = 'networks.apply';

export interface BannerContent {
  text: string;
  tone: Tone;
}

// The Banner draws " <glyph> " before the text.
const LEAD = 3;
// A reason cut shorter than this says nothing: it goes, the action stays.
const MIN_REASON = 8;

/**
 * "<what> (<reason>)<then>" in `width` cells, where the part that gives way
 * is the reason — its shorter forms (without the call, then without the
 * operation: VergeError.descriptions()), then its end: the countdown and the
 * key to press are what the operator acts on. Without a width (tests,
 * logs) the whole text.
 */
function withReason(
  what: string,
  reason: string | undefined,
  shorter: readonly string[],
  then: string,
  width: number | undefined,
  ascii: boolean,
): string {
  if (!reason) return `${what}${then}`;
  const forms = [reason, ...shorter].map(sanitize);
  if (width === undefined) return `${what} (${forms[0]})${then}`;
  const room = width - LEAD - displayWidth(what) - displayWidth(then) - 3;
  const fits = forms.find((f) => displayWidth(f) <= room);
  if (fits) return `${what} (${fits})${then}`;
  if (room < MIN_REASON) return `${what}${then}`;
  return `${what} (${truncate(forms.at(-1)!, room, ascii ? '...' : '…')})${then}`;
}

/** The banner above the views, or none; `width` lets a long reason give way to the actions. */
export function bannerFor(
  state: ConsoleState,
  registry: ActionRegistry,
  context: ActionContext,
  now: number,
  ascii = false,
  width?: number,
  /** The view on top: the apply hint names a key that works there. */
  scope?: string,
): BannerContent | undefined {
  const c = state.connection;
  if (c.kind === 'offline') {
    const line = (what: string, then: string) => withReason(what, c.reason, c.shorter ?? [], then, width, ascii);
    const retry = registry.keyLabel(RETRY_ACTION, ascii);
    switch (c.cause) {
      case 'signin':
        return undefined; // the sign-in view explains itself
      case 'refused':
        return {text: line('Sign-in refused', ' — not retried: use :signin, or :ctx for another site'), tone: 'danger'};
      case 'untrusted':
        return {
          text: line('Certificate not trusted', ' — review it with :signin, or :ctx for another site'),
          tone: 'danger',
        };
      case 'expired':
        return {text: `Session expired${retry ? ` — ${retry} to sign in again` : ''}`, tone: 'warning'};
      case 'malformed':
        // Not retried by itself: the same site gives the same answer. The address may point at something else.
        return {
          text: line(
            "The site's answers are not what VergeOS sends",
            ` — check the address${retry ? `; ${retry} to try again` : ''}`,
          ),
          tone: 'danger',
        };
      default: {
        const seconds = retrySeconds(c.retryAt, now);
        const when = seconds === undefined ? '' : seconds > 0 ? ` — retrying in ${seconds} s` : ' — retrying';
        return {text: line('API unreachable', `${when}${retry ? ` (${retry} to retry now)` : ''}`), tone: 'danger'};
      }
    }
  }
  if (state.pendingApply > 0) {
    const n = state.pendingApply;
    const what = `${n} network${n === 1 ? '' : 's'} with rule changes pending`;
    if (context.readOnly)
      return {text: `${what} (read-only: they are applied from a read-write session)`, tone: 'warning'};
    // The key that works here (:vpn has A, :plan's a applies a file), else the way to a view that has one.
    const here = scope
      ? registry.visible(scope, context).find((a) => a.appliesRules && a.scope === scope && a.keys.length)
      : registry.get(APPLY_ACTION);
    if (here && availability(here, context) === 'available')
      return {text: `${what} — ${registry.keyLabel(here.id, ascii)} to Apply Rules`, tone: 'warning'};
    const networks = registry.get(NETWORKS_APPLY);
    const key =
      networks && availability(networks, context) === 'available' ? registry.keyLabel(NETWORKS_APPLY, ascii) : '';
    return {text: key ? `${what} — :networks, then ${key}, to Apply Rules` : what, tone: 'warning'};
  }
  return undefined;
}
