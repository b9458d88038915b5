// The console's frame: header, breadcrumb/banner, the view stack, progress,
// status line and footer, sized to the window exactly.
import {Box, useApp, useStdout, useWindowSize} from 'ink';
import {useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode} from 'react';
import {ActionBus, ActionBusProvider} from '../actions/bus.js';
import {BUILTIN_ACTIONS} from '../actions/builtin.js';
import {createActionRegistry, describeIssue, type Keymap} from '../actions/registry.js';
import type {ActionContext, ActionDef, KeymapIssue} from '../actions/types.js';
import {Banner} from '../components/Banner.js';
import {Breadcrumb} from '../components/Breadcrumb.js';
import {findCommand, parseCommand} from '../components/command-line.js';
import {CommandLine, CompletionHint} from '../components/CommandLine.js';
import {ConfirmDialog, type ConfirmOptions} from '../components/confirm/ConfirmDialog.js';
import {FilterLine} from '../components/FilterLine.js';
import {Footer} from '../components/Footer.js';
import {Header} from '../components/Header.js';
import {HelpOverlay} from '../components/HelpOverlay.js';
import {OperationPanel} from '../components/OperationPanel.js';
import {MIN_COLUMNS, MIN_ROWS, ResizeNotice} from '../components/ResizeNotice.js';
import {StatusLine} from '../components/StatusLine.js';
import {useSyncState} from '../components/use-sync-state.js';
import {copyNotice, copyToClipboard} from '../terminal/osc52.js';
import {useKeyHints} from '../keys/context.js';
import {useTheme} from '../theme/context.js';
import {didYouMean} from '../../domain/search-rank.js';
import {bannerFor} from './banner.js';
import {commandVocabulary, type ShellCommand} from './commands.js';
import {PROGRESS_MAX_ROWS, shellLayout} from './layout.js';
import {isOnline, type ConsoleModel} from '../../session/console-model.js';
import {ShellContext, type ShellApi} from './shell-api.js';
import {useShellKeys} from './shell-keys.js';
import {initialShellState, jumpView, popView, pushView, top, type ShellState} from './shell-state.js';
import {useClock} from './use-clock.js';
import {ViewStack} from './ViewStack.js';
import {usePreloadViews} from './use-preload-views.js';
import {viewActions, viewTitle, type AnyViewDef} from './views.js';

export interface ShellProps {
  model: ConsoleModel;
  views: readonly AnyViewDef[];
  initialView: string;
  initialParams?: unknown;
  /** Global actions the lead adds (their handlers bind with useActionHandler). */
  actions?: readonly ActionDef[];
  /** Command line vocabulary; views with a `command` are added automatically. */
  commands?: readonly ShellCommand[];
  keymap?: Keymap;
  onKeymapIssues?: (issues: readonly KeymapIssue[]) => void;
  minColumns?: number;
  minRows?: number;
  /** Called once when the operator leaves; the shell then exits Ink. */
  onExit?: () => void;
  clock?: () => number;
  env?: NodeJS.ProcessEnv;
}

export function Shell(props: ShellProps) {
  const bus = useMemo(() => new ActionBus(), []);
  return (
    <ActionBusProvider bus={bus}>
      <ShellFrame {...props} bus={bus} />
    </ActionBusProvider>
  );
}

const NO_ACTIONS: readonly ActionDef[] = [];
const NO_COMMANDS: readonly ShellCommand[] = [];

function ShellFrame({
  model,
  views,
  initialView,
  initialParams,
  actions = NO_ACTIONS,
  commands = NO_COMMANDS,
  keymap,
  onKeymapIssues,
  minColumns = MIN_COLUMNS,
  minRows = MIN_ROWS,
  onExit,
  clock = Date.now,
  env = process.env,
  bus,
}: ShellProps & {bus: ActionBus}) {
  const theme = useTheme();
  const app = useApp();
  const {stdout} = useStdout();
  const {columns, rows} = useWindowSize();
  const state = useSyncExternalStore(model.subscribe, model.getState);
  const [shell, setShell, latest] = useSyncState<ShellState>(() => initialShellState(initialView, initialParams));

  const viewById = useMemo(() => new Map(views.map((v) => [v.id, v])), [views]);
  // The profile's own overrides arrive with the model, after the first frame.
  const keys = state.keys ?? keymap;
  const registry = useMemo(
    () => createActionRegistry([...BUILTIN_ACTIONS, ...actions, ...viewActions(views)], keys),
    [actions, views, keys],
  );
  const allCommands = useMemo(() => commandVocabulary(views, commands), [views, commands]);

  const context: ActionContext = {readOnly: state.readOnly, online: isOnline(state)};

  // Once per registry (its inputs are props, stable across renders).
  useEffect(() => {
    if (!registry.issues.length) return;
    onKeymapIssues?.(registry.issues);
    const n = registry.issues.length;
    model.notify('warning', `Key map: ${n} problem${n > 1 ? 's' : ''} — ${describeIssue(registry.issues[0])}`);
  }, [registry, model, onKeymapIssues]);

  // The first frame is drawn without the views' code; it loads once the
  // console is signed in, so the view an operator opens next is already there.
  usePreloadViews(isOnline(state));

  const exited = useRef(false);
  const exit = () => {
    if (exited.current) return;
    exited.current = true;
    onExit?.();
    app.exit();
  };

  const openConfirm = useMemo(() => {
    let confirmId = 0;
    return (options: ConfirmOptions, quit = false) =>
      new Promise<boolean>((resolve) => {
        // One dialog at a time: a newer request cancels the older one.
        latest.current.confirm?.resolve(false);
        setShell((s) => ({...s, mode: {kind: 'normal'}, confirm: {id: ++confirmId, options, resolve, quit}}));
      });
  }, [setShell, latest]);

  const api = useMemo<ShellApi>(
    () => ({
      push: (viewId, params) => setShell((s) => pushView(s, viewId, params)),
      pop: () => setShell(popView),
      jump: (viewId, params) => setShell((s) => jumpView(s, viewId, params)),
      confirm: (options) => openConfirm(options),
      notify: (level, text) => model.notify(level, text),
      run: (title, work) => model.run(title, work),
      copy: (text, label = 'value', options = {}) => {
        copyToClipboard(text, stdout, env);
        model.notify('info', copyNotice(label, options.show ? text : undefined, env));
      },
    }),
    [model, stdout, env, setShell, openConfirm],
  );

  const requestQuit = () => {
    const running = model.getState().operations.filter((op) => op.state === 'running');
    // A second Ctrl+C (or q) on the quit question quits.
    if (latest.current.confirm?.quit || !running.length) return exit();
    void openConfirm(
      {
        title: 'Quit while an operation is running?',
        message: running.map((op) => `${theme.glyphs.tone.warning} ${op.title}`).join('\n'),
        confirmLabel: 'Quit anyway',
        dangerous: true,
      },
      true,
    ).then((ok) => {
      if (!ok) return;
      model.abortAll();
      exit();
    });
  };

  const runCommand = (text: string) => {
    const {name, args} = parseCommand(text);
    if (!name) return;
    const spec = findCommand(name, allCommands);
    if (!spec) {
      const hint = didYouMean(
        name,
        allCommands.flatMap((c) => [c.name, ...(c.aliases ?? [])]),
      );
      return model.notify('error', `Unknown command :${name}${hint || ' — type : then Tab to list commands'}`);
    }
    if (spec.name === 'quit') return requestQuit();
    const view = views.find((v) => v.command === spec.name);
    if (view) return api.jump(view.id);
    if (spec.run) return spec.run(args, api);
    model.notify('warning', `:${spec.name} is not available yet`);
  };

  const tooSmall = columns < minColumns || rows < minRows;
  const captured = useKeyHints();
  const entry = top(shell);
  const scope = entry.viewId;

  useShellKeys({
    registry,
    model,
    bus,
    latest,
    setShell,
    context,
    tooSmall,
    commands: allCommands,
    requestQuit,
    runCommand,
    inputActive: shell.mode.kind === 'command' || shell.mode.kind === 'filter',
  });

  const countdown = state.connection.kind === 'offline' && state.connection.retryAt !== undefined;
  const now = useClock(countdown && !tooSmall, clock);
  const banner = bannerFor(state, registry, context, now, theme.ascii, columns, top(shell).viewId);
  // Operations that report steps get a progress panel above the status line
  // while they run (and for the short while the model keeps them finished).
  const progress = state.operations.filter((op) => op.steps.length).at(-1);
  const progressRows = progress
    ? Math.min(progress.steps.length + 1, PROGRESS_MAX_ROWS, Math.max(0, rows - 4 - (banner ? 1 : 0) - 3))
    : 0;
  const layout = shellLayout(rows, banner !== undefined, progressRows);
  const topView = viewById.get(scope);
  const crumbs = [
    state.profile,
    ...shell.stack.map((e) => {
      const v = viewById.get(e.viewId);
      return v ? viewTitle(v, e.params) : e.viewId;
    }),
  ];
  const modal = shell.mode.kind !== 'normal' || shell.confirm !== undefined;
  const running = state.operations.find((op) => op.state === 'running');
  const idle = running
    ? `${running.title}${theme.glyphs.ellipsis}`
    : entry.filter
      ? `/${entry.filter}  (Esc clears the filter)`
      : '';
  const line = (node: ReactNode) => (
    <Box height={1} width={columns} overflowY="hidden">
      {node}
    </Box>
  );

  return (
    <ShellContext value={api}>
      <Box flexDirection="column" width={columns} height={rows} overflowY="hidden">
        {tooSmall ? <ResizeNotice columns={columns} rows={rows} minColumns={minColumns} minRows={minRows} /> : null}
        <Box
          flexDirection="column"
          width={columns}
          height={rows}
          overflowY="hidden"
          display={tooSmall ? 'none' : 'flex'}
        >
          {line(<Header state={state} width={columns} now={now} />)}
          {line(<Breadcrumb parts={crumbs} width={columns} right={state.readOnly ? 'read-only' : ''} />)}
          {banner ? line(<Banner text={banner.text} tone={banner.tone} width={columns} />) : null}
          <Box flexDirection="column" width={columns} height={layout.body} overflowY="hidden">
            <ViewStack
              stack={shell.stack}
              views={viewById}
              width={columns}
              height={layout.body}
              covered={shell.mode.kind === 'help' || shell.confirm !== undefined}
              active={!modal && !tooSmall}
              shell={api}
              state={state}
            />
            {shell.mode.kind === 'help' ? (
              <HelpOverlay
                registry={registry}
                commands={allCommands}
                scope={scope}
                scopeTitle={topView ? viewTitle(topView, entry.params) : scope}
                context={context}
                width={columns}
                height={layout.body}
                onClose={() => setShell((s) => ({...s, mode: {kind: 'normal'}}))}
              />
            ) : null}
            {shell.confirm ? (
              <ConfirmDialog
                key={shell.confirm.id}
                {...shell.confirm.options}
                width={columns}
                height={layout.body}
                onConfirm={() => {
                  shell.confirm?.resolve(true);
                  setShell((s) => ({...s, confirm: undefined}));
                }}
                onCancel={() => {
                  shell.confirm?.resolve(false);
                  setShell((s) => ({...s, confirm: undefined}));
                }}
              />
            ) : null}
          </Box>
          {progress && layout.progress > 0 ? (
            <OperationPanel operation={progress} width={columns} height={layout.progress} />
          ) : null}
          {line(
            shell.mode.kind === 'command' ? (
              <CommandLine state={shell.mode.line} width={columns} />
            ) : shell.mode.kind === 'filter' ? (
              <FilterLine line={shell.mode.line} width={columns} />
            ) : (
              <StatusLine
                message={state.status}
                width={columns}
                idle={idle}
                busy={running !== undefined && !tooSmall}
              />
            ),
          )}
          {line(
            shell.mode.kind === 'command' ? (
              <CompletionHint state={shell.mode.line} width={columns} />
            ) : (
              <Footer actions={registry.visible(scope, context)} width={columns} captured={captured} />
            ),
          )}
        </Box>
      </Box>
    </ShellContext>
  );
}
