import {KeyRouterProvider} from '../keys/context.js';
import type {KeyRouter} from '../keys/router.js';
import {ThemeProvider} from '../theme/context.js';
import type {Theme} from '../theme/theme.js';
import {Shell, type ShellProps} from './Shell.js';

export interface ConsoleAppProps extends ShellProps {
  theme: Theme;
  router?: KeyRouter;
  /** Any key or paste: the operator is at the console. */
  onInput?: () => void;
}

/** Providers (theme, the one keyboard router) around the shell. */
export function ConsoleApp({theme, router, onInput, ...shell}: ConsoleAppProps) {
  return (
    <ThemeProvider theme={theme}>
      <KeyRouterProvider router={router} onInput={onInput}>
        <Shell {...shell} />
      </KeyRouterProvider>
    </ThemeProvider>
  );
}
