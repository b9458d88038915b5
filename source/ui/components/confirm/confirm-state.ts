// Confirmation as pure state. Cancel has the focus by default; the key that
// opened the dialog is swallowed so a held or double-pressed trigger key can
// never confirm; a typed-name confirmation needs the exact name.
import type {KeyEvent} from '../../keys/names.js';
import {editLine, lineAt, type LineState} from '../line-edit.js';

export type ConfirmFocus = 'input' | 'cancel' | 'confirm';

export interface ConfirmState {
  focus: ConfirmFocus;
  typed: LineState;
  error?: string;
  /** First body line shown when the message and calls do not fit. */
  offset: number;
}

export interface ConfirmRules {
  /** The name the operator must type (deletes, bulk changes). */
  typeToConfirm?: string;
  /** Router name of the key that opened the dialog. */
  triggerKey?: string;
  /** How far the body scrolls, and a page of it (the view's layout). */
  scroll?: {max: number; page: number};
}

export type ConfirmStep = {state: ConfirmState; effect?: 'confirm' | 'cancel'};

export function initialConfirmState(rules: ConfirmRules): ConfirmState {
  return {focus: rules.typeToConfirm ? 'input' : 'cancel', typed: lineAt(''), offset: 0};
}

// From the typed name, Tab goes to the button that uses it: a first Tab that
// landed on Cancel turned "type, Tab, Enter" into "not applied".
const order = (rules: ConfirmRules): ConfirmFocus[] =>
  rules.typeToConfirm ? ['input', 'confirm', 'cancel'] : ['cancel', 'confirm'];

const SCROLL: Record<string, (offset: number, page: number, max: number) => number> = {
  up: (o) => o - 1,
  down: (o) => o + 1,
  pageUp: (o, page) => o - page,
  pageDown: (o, page) => o + page,
  home: () => 0,
  end: (_o, _p, max) => max,
};

function tryConfirm(state: ConfirmState, rules: ConfirmRules): ConfirmStep {
  if (rules.typeToConfirm !== undefined && state.typed.value !== rules.typeToConfirm) {
    return {state: {...state, focus: 'input', error: `Type ${rules.typeToConfirm} exactly to confirm`}};
  }
  return {state, effect: 'confirm'};
}

/** Undefined for keys left to the console (Ctrl+C); every other key is the dialog's. */
export function confirmKey(state: ConfirmState, event: KeyEvent, rules: ConfirmRules): ConfirmStep | undefined {
  if (event.name === 'ctrl+c') return undefined;
  if (event.name === 'escape') return {state, effect: 'cancel'};
  const scroll = SCROLL[event.name];
  // Home/End stay with the typed name while it has the focus.
  if (scroll && rules.scroll && !(state.focus === 'input' && (event.name === 'home' || event.name === 'end'))) {
    const {max, page} = rules.scroll;
    return {state: {...state, offset: Math.max(0, Math.min(max, scroll(Math.min(state.offset, max), page, max)))}};
  }
  if (event.name === 'tab' || event.name === 'shift+tab') {
    const focusOrder = order(rules);
    const step = event.name === 'tab' ? 1 : focusOrder.length - 1;
    return {state: {...state, focus: focusOrder[(focusOrder.indexOf(state.focus) + step) % focusOrder.length]}};
  }
  if (state.focus === 'input') {
    if (event.name === 'enter') return tryConfirm(state, rules);
    const typed = editLine(state.typed, event);
    return {state: typed ? {...state, typed, error: undefined} : state};
  }
  if (rules.triggerKey !== undefined && event.name === rules.triggerKey) return {state};
  if (event.name === 'left' || event.name === 'right')
    return {state: {...state, focus: state.focus === 'cancel' ? 'confirm' : 'cancel'}};
  if (event.name === 'enter') return state.focus === 'cancel' ? {state, effect: 'cancel'} : tryConfirm(state, rules);
  return {state};
}
