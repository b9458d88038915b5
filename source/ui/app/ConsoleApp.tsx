import {KeyRouterProvider} from '../keys/context.js';
import type {KeyRouter} from '../keys/router.js';
import {ThemeProvider} from '../theme/context.js';
import type {Theme} from '../theme/theme.js';
import {Shell, type ShellProps} from './Shell.js';

export interface ConsoleAppProps extends ShellProps {
  theme: Theme;
  router?: KeyRouter;
}

/** Providers (theme, the one keyboard router) around the shell. */
export function ConsoleApp({theme, router, ...shell}: ConsoleAppProps) {
  return (
    <ThemeProvider theme={theme}>
      <KeyRouterProvider router={router}>
        <Shell {...shell} />
      </KeyRouterProvider>
    </ThemeProvider>
  );
}
