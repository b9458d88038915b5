// Every view of the stack stays mounted (hidden below the top) so going back
// restores its cursor, scroll and filter; only the top one is visible and only
// it receives keys.
import {Box} from 'ink';
import {createElement, memo, Suspense} from 'react';
import {ActiveScope} from '../keys/context.js';
import type {ConsoleState} from '../../session/console-model.js';
import type {ShellApi} from './shell-api.js';
import type {StackEntry} from './shell-state.js';
import type {AnyViewDef} from './views.js';

export interface ViewStackProps {
  stack: readonly StackEntry[];
  views: ReadonlyMap<string, AnyViewDef>;
  width: number;
  height: number;
  /** Help or a dialog is drawn over the body instead. */
  covered: boolean;
  /** False while the command line, a dialog or the resize notice has the keyboard. */
  active: boolean;
  shell: ShellApi;
  state: ConsoleState;
}

export function ViewStack({stack, views, width, height, covered, active, shell, state}: ViewStackProps) {
  return (
    <>
      {stack.map((entry, i) => {
        const isTop = i === stack.length - 1;
        return (
          <StackedView
            key={entry.key}
            entry={entry}
            view={views.get(entry.viewId)}
            width={width}
            height={height}
            visible={isTop && !covered}
            active={isTop && active}
            shell={shell}
            state={state}
          />
        );
      })}
    </>
  );
}

interface StackedViewProps {
  entry: StackEntry;
  view: AnyViewDef | undefined;
  width: number;
  height: number;
  visible: boolean;
  active: boolean;
  shell: ShellApi;
  state: ConsoleState;
}

/**
 * A view below the top (or under a dialog) is not drawn: the shell's state
 * changes (status, operations, polls) do not re-render it. Its own
 * subscriptions still do, and it renders with the current state as soon as
 * it shows again.
 */
const StackedView = memo(function StackedView({
  entry,
  view,
  width,
  height,
  visible,
  active,
  shell,
  state,
}: StackedViewProps) {
  return (
    <Box width={width} height={height} overflowY="hidden" display={visible ? 'flex' : 'none'}>
      <ActiveScope active={active}>
        {/* A lazy view draws nothing until its module has loaded (a few milliseconds). */}
        <Suspense fallback={null}>
          {view
            ? createElement(view.render, {
                params: entry.params,
                width,
                height,
                active,
                filter: entry.filter,
                shell,
                state,
              })
            : null}
        </Suspense>
      </ActiveScope>
    </Box>
  );
}, stillHidden);

function stillHidden(before: StackedViewProps, after: StackedViewProps): boolean {
  return (
    !before.visible &&
    !after.visible &&
    before.active === after.active &&
    before.entry === after.entry &&
    before.view === after.view &&
    before.width === after.width &&
    before.height === after.height
  );
}
