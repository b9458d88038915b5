/** Rows of each region; together exactly the terminal height. */
export interface ShellLayout {
  header: number;
  crumb: number;
  banner: number;
  body: number;
  progress: number;
  status: number;
  footer: number;
}

/** The progress panel never takes more than this (title + steps). */
export const PROGRESS_MAX_ROWS = 6;

export function shellLayout(rows: number, hasBanner: boolean, progressRows = 0): ShellLayout {
  const banner = hasBanner ? 1 : 0;
  const progress = Math.max(0, progressRows);
  return {header: 1, crumb: 1, banner, body: Math.max(0, rows - 4 - banner - progress), progress, status: 1, footer: 1};
}
