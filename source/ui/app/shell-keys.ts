// The shell's two key handlers: console actions at the lowest layer (after
// the view had its chance) and the command/filter line at the input layer.
import type {ActionBus} from '../actions/bus.js';
import type {ActionRegistry} from '../actions/registry.js';
import type {ActionContext} from '../actions/types.js';
import {commandLineKey, emptyCommandLine} from '../components/command-line.js';
import {editLine, insertText, lineAt} from '../components/line-edit.js';
import {useKeys} from '../keys/context.js';
import type {KeyEvent} from '../keys/names.js';
import type {ShellCommand} from './commands.js';
import {isOnline, type ConsoleModel} from '../../session/console-model.js';
import {popView, remember, setTopFilter, top, type ShellState} from './shell-state.js';

export interface ShellKeyDeps {
  registry: ActionRegistry;
  model: ConsoleModel;
  bus: ActionBus;
  latest: {readonly current: ShellState};
  setShell: (next: ShellState | ((s: ShellState) => ShellState)) => void;
  context: ActionContext;
  tooSmall: boolean;
  commands: readonly ShellCommand[];
  requestQuit: () => void;
  runCommand: (text: string) => void;
  inputActive: boolean;
}

export function useShellKeys(deps: ShellKeyDeps): void {
  const {registry, model, bus, latest, setShell, context, tooSmall, commands, requestQuit, runCommand, inputActive} =
    deps;
  useKeys('global', (event: KeyEvent) => {
    if (tooSmall) {
      if (event.name === 'q' || event.name === 'ctrl+c') requestQuit();
      return true;
    }
    const scope = top(latest.current).viewId;
    const action = registry.match(event.name, scope, context);
    if (!action) {
      // A key that does something in a read-write session: say why it does nothing here.
      const hidden = registry.removed(event.name, scope, context);
      if (!hidden) return false;
      model.notify('info', `${hidden.title} is not available: this session is read-only`);
      return true;
    }
    if (action.availability === 'offline') {
      model.notify('warning', `${action.title} needs a connection to the API (offline)`);
      return true;
    }
    const s = latest.current;
    switch (action.id) {
      case 'app.command':
        setShell({...s, mode: {kind: 'command', line: emptyCommandLine()}});
        return true;
      case 'app.filter':
        setShell({...s, mode: {kind: 'filter', line: lineAt(top(s).filter)}});
        return true;
      case 'app.help':
        setShell({...s, mode: {kind: 'help'}});
        return true;
      case 'app.back':
        if (model.getState().status?.level === 'error') model.dismissStatus();
        else if (top(s).filter) setShell(setTopFilter(s, ''));
        else setShell(popView(s));
        return true;
      case 'app.undo':
        // The view that reviews it is the :undo command's (one place knows the journal).
        runCommand('undo');
        return true;
      case 'app.quit':
      case 'app.interrupt':
        requestQuit();
        return true;
      case 'app.retry':
        if (isOnline(model.getState()) && bus.run(action.id)) return true;
        model.retryNow();
        return true;
      default:
        if (bus.run(action.id)) return true;
        // Declared for this view but nothing takes it in the state it is in: say so rather than nothing.
        if (action.scope !== 'global' || action.id === 'app.copy') {
          model.notify('info', `${action.title}: nothing to act on here`);
          return true;
        }
        return false;
    }
  });

  // Command line and filter: everything typed goes to them (Ctrl+C excepted).
  useKeys(
    'input',
    (event) => {
      const s = latest.current;
      if (event.name === 'ctrl+c') return false;
      if (s.mode.kind === 'command') {
        const out = commandLineKey(s.mode.line, event, commands, s.history);
        if (!out) return true;
        if ('cancel' in out) setShell({...s, mode: {kind: 'normal'}});
        else if ('submit' in out) {
          setShell({...s, mode: {kind: 'normal'}, history: remember(s.history, out.submit)});
          runCommand(out.submit);
        } else setShell({...s, mode: {kind: 'command', line: out.state}});
        return true;
      }
      if (s.mode.kind === 'filter') {
        if (event.name === 'escape') setShell({...setTopFilter(s, ''), mode: {kind: 'normal'}});
        else if (event.name === 'enter')
          setShell({...setTopFilter(s, s.mode.line.value.trim()), mode: {kind: 'normal'}});
        else {
          const line = editLine(s.mode.line, event);
          if (line) setShell({...setTopFilter(s, line.value), mode: {kind: 'filter', line}});
        }
        return true;
      }
      return false;
    },
    {
      isActive: inputActive,
      onPaste: (text) => {
        const s = latest.current;
        if (s.mode.kind === 'command')
          setShell({...s, mode: {kind: 'command', line: {line: insertText(s.mode.line.line, text)}}});
        if (s.mode.kind === 'filter') {
          const line = insertText(s.mode.line, text);
          setShell({...setTopFilter(s, line.value), mode: {kind: 'filter', line}});
        }
        return true;
      },
    },
  );
}
