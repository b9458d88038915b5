import {InputLine} from './InputLine.js';
import type {LineState} from './line-edit.js';

/** The `/` line while typing a filter. */
export function FilterLine({line, width}: {line: LineState; width: number}) {
  return <InputLine line={line} width={width} prefix="/" placeholder="filter (Enter keeps, Esc clears)" />;
}
