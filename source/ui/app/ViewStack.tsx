// Every view of the stack stays mounted (hidden below the top) so going back
// restores its cursor, scroll and filter; only the top one is visible and only
// it receives keys.
import {Box} from 'ink';
import {createElement, Suspense} from 'react';
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
        const view = views.get(entry.viewId);
        const isTop = i === stack.length - 1;
        const viewActive = isTop && active;
        return (
          <Box
            key={entry.key}
            width={width}
            height={height}
            overflowY="hidden"
            display={isTop && !covered ? 'flex' : 'none'}
          >
            <ActiveScope active={viewActive}>
              {/* A lazy view draws nothing until its module has loaded (a few milliseconds). */}
              <Suspense fallback={null}>
                {view
                  ? createElement(view.render, {
                      params: entry.params,
                      width,
                      height,
                      active: viewActive,
                      filter: entry.filter,
                      shell,
                      state,
                    })
                  : null}
              </Suspense>
            </ActiveScope>
          </Box>
        );
      })}
    </>
  );
}
