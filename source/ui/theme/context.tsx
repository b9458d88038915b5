import {createContext, useContext, type ReactNode} from 'react';
import {createTheme, type Theme} from './theme.js';

// Without a provider the console is monochrome: forgetting the provider must
// never break NO_COLOR.
const ThemeContext = createContext<Theme>(createTheme({color: false}));

export function ThemeProvider({theme, children}: {theme: Theme; children: ReactNode}) {
  return <ThemeContext value={theme}>{children}</ThemeContext>;
}

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
