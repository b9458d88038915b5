// Recursive-descent parser for `filter`:
//   chain   := primary (('and' | 'or') primary)*
//   primary := '(' chain ')' | field op value
//   value   := 'string' | number | true | false | null
// VergeOS evaluates `and`/`or` strictly left to right with no precedence
// (PY-CL: pyVergeOS docs/changelog.rst 1.2.8, #103, measured on 26.1.8), so
// `a or b and c` means `(a or b) and c`. Keywords and operators are
// case-insensitive. Parentheses are kept as structure (a nested and/or node),
// which is what makes print ∘ parse the identity.
import {invalidArgument} from '../errors.js';
import {FILTER_KEYWORDS, FILTER_OPS, type FilterNode, type FilterOp, type FilterValue} from './filter-ast.js';
import {tokenize, type Token} from './filter-lex.js';

/** Parses a filter; throws the 422 "Invalid argument" ApiError on anything malformed. */
export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw invalidArgument();
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const isWord = (t: Token | undefined, w: string): boolean => t?.kind === 'word' && t.value.toLowerCase() === w;

  function parseChain(): FilterNode {
    let node = parsePrimary();
    // `open` while node is a chain this loop built (a parenthesised group is closed)
    let open = false;
    for (;;) {
      const t = peek();
      const op = isWord(t, 'and') ? 'and' : isWord(t, 'or') ? 'or' : null;
      if (!op) return node;
      i++;
      const next = parsePrimary();
      if (open && node.type === op) node.items.push(next);
      else node = {type: op, items: [node, next]};
      open = true;
    }
  }

  function parsePrimary(): FilterNode {
    const t = tokens[i++];
    if (!t) throw invalidArgument();
    if (t.kind === 'lparen') {
      const inner = parseChain();
      if (tokens[i++]?.kind !== 'rparen') throw invalidArgument();
      return inner;
    }
    if (t.kind !== 'word' || (FILTER_KEYWORDS as readonly string[]).includes(t.value.toLowerCase())) {
      throw invalidArgument();
    }
    const opToken = tokens[i++];
    const op = opToken?.kind === 'word' ? opToken.value.toLowerCase() : '';
    if (!(FILTER_OPS as readonly string[]).includes(op)) throw invalidArgument();
    return {type: 'cmp', field: t.value, op: op as FilterOp, value: parseValue(tokens[i++])};
  }

  const tree = parseChain();
  if (i !== tokens.length) throw invalidArgument();
  return tree;
}

function parseValue(t: Token | undefined): FilterValue {
  if (!t) throw invalidArgument();
  if (t.kind === 'string' || t.kind === 'number') return t.value;
  if (t.kind === 'word') {
    const w = t.value.toLowerCase();
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (w === 'null') return null;
  }
  throw invalidArgument();
}
