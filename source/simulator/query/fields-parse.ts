// The `fields` parameter: a comma list of
//   views      all | most | summary
//   paths      name, $key, fk#field#field (joins through FK columns)
//   sub-rows   fk[fields] (embedded object) or rowlist[fields] (array)
//   functions  count(x) sum(x) avg(x) min(x) max(x) upper(x) lower(x) …
// each optionally followed by `as alias`.
import {invalidArgument} from '../errors.js';
import {lastTopLevelWord, splitTopLevel} from './split.js';

export type FieldArg = {kind: 'path'; path: string[]} | {kind: 'literal'; value: string | number};

export type FieldItem =
  | {kind: 'view'; view: 'all' | 'most' | 'summary'}
  | {kind: 'path'; path: string[]; alias?: string; text: string}
  | {kind: 'sub'; path: string[]; items: FieldItem[]; alias?: string}
  | {kind: 'func'; name: string; args: FieldArg[]; alias?: string; text: string; via?: string[]};

const NAME = /^(\$key|[A-Za-z_$][A-Za-z0-9_$.-]*)$/;
const ALIAS = /^[A-Za-z_$][A-Za-z0-9_$.-]*$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

export function parseFields(text: string): FieldItem[] {
  return splitTopLevel(text).map((raw) => parseItem(raw.trim()));
}

function parsePath(text: string): string[] {
  const parts = text.trim().split('#');
  for (const p of parts) if (!NAME.test(p)) throw invalidArgument(`bad field '${text.trim()}'`);
  return parts;
}

function parseItem(raw: string): FieldItem {
  if (raw === '') throw invalidArgument('empty field');
  let expr = raw;
  let alias: string | undefined;
  const at = lastTopLevelWord(raw, 'as');
  if (at >= 0) {
    expr = raw.slice(0, at).trim();
    alias = raw.slice(at + 4).trim();
    if (!ALIAS.test(alias)) throw invalidArgument(`bad alias '${alias}'`);
  }
  const lower = expr.toLowerCase();
  if (lower === 'all' || lower === 'most' || lower === 'summary') {
    if (alias) throw invalidArgument('a view cannot have an alias');
    return {kind: 'view', view: lower};
  }
  // a function evaluated in a joined row: `status#display(status)` (PY nics.py, PS Get-VergeNIC)
  const viaFunc = /^((?:[^#()[\]'"]+#)+)([A-Za-z_][A-Za-z0-9_]*)\s*\(([\s\S]*)\)$/.exec(expr);
  if (viaFunc) {
    const via = parsePath(viaFunc[1].slice(0, -1));
    const argsText = viaFunc[3].trim();
    const args = argsText === '' ? [] : splitTopLevel(argsText).map(parseArg);
    return {kind: 'func', name: viaFunc[2].toLowerCase(), args, alias, text: expr, via};
  }
  const func = /^([A-Za-z_][A-Za-z0-9_]*)\s*\(([\s\S]*)\)$/.exec(expr);
  if (func) {
    const argsText = func[2].trim();
    const args = argsText === '' ? [] : splitTopLevel(argsText).map(parseArg);
    return {kind: 'func', name: func[1].toLowerCase(), args, alias, text: expr};
  }
  const sub = /^([^[\]]+)\[([\s\S]*)\]$/.exec(expr);
  if (sub) {
    return {kind: 'sub', path: parsePath(sub[1]), items: parseFields(sub[2]), alias};
  }
  return {kind: 'path', path: parsePath(expr), alias, text: expr};
}

function parseArg(raw: string): FieldArg {
  const a = raw.trim();
  const q = /^(['"])([\s\S]*)\1$/.exec(a);
  if (q) return {kind: 'literal', value: q[2].replace(/\\(.)/g, '$1')};
  if (NUMBER.test(a)) return {kind: 'literal', value: Number(a)};
  return {kind: 'path', path: parsePath(a)};
}
