// The debug log: with VSEG_DEBUG=1 (or --debug) every request event — method,
// path, status, time, retries, transport error — goes to debug.log in the
// state directory (0600). Each line is scrubbed of every secret the session
// holds, and session-token paths are masked by shape as well, so a token
// that has already been forgotten when its logout line is written still
// does not appear.
import type {RequestEvent} from '../api/http.js';
import {appendPrivate} from './files.js';
import {scrubKnown} from './secrets/known.js';

export interface DebugLog {
  readonly enabled: boolean;
  readonly path: string;
  event(event: RequestEvent): void;
  note(text: string): void;
}

export function debugEnabled(env: NodeJS.ProcessEnv, flag?: boolean): boolean {
  if (flag) return true;
  const v = (env['VSEG_DEBUG'] ?? '').trim().toLowerCase();
  return v === '1' || v === 'true' || v === 'yes' || v === 'on';
}

/** Masks the token in `/api/sys/tokens/<token>`. */
export function maskTokenPath(path: string): string {
  return path.replace(/(\/api\/sys\/tokens\/)[^/?#\s]+/g, '$1••••');
}

export interface DebugLogOptions {
  file: string;
  enabled: boolean;
  /** Secrets of the session, asked for at every line (tokens come and go). */
  secrets?: () => readonly string[];
  /** Which connection the lines belong to (profile or host). */
  label?: string;
}

export function openDebugLog(options: DebugLogOptions): DebugLog {
  const write = (text: string) => {
    if (!options.enabled) return;
    const line = `${new Date().toISOString()}${options.label ? ` [${options.label}]` : ''} ${text}`;
    const clean = maskTokenPath(scrubKnown(line.replace(/[\r\n]+/g, ' '), options.secrets?.() ?? []));
    try {
      appendPrivate(options.file, `${clean}\n`);
    } catch {
      // Debugging must never break the session it observes.
    }
  };
  return {
    enabled: options.enabled,
    path: options.file,
    event(e) {
      const head = `#${e.seq} ${e.method} ${e.path}`;
      if (e.phase === 'response') write(`${head} ${e.status ?? '?'} ${Math.round(e.ms)} ms`);
      else if (e.phase === 'retry') write(`${head} retry${e.error ? `: ${e.error}` : ''}`);
      else write(`${head} failed after ${Math.round(e.ms)} ms${e.error ? `: ${e.error}` : ''}`);
    },
    note(text) {
      write(text);
    },
  };
}
