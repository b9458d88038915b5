// YAML text → plain data, for site files. The `yaml` library is the
// reference: YAML 1.2, core schema, unique keys, at most 100 aliases, and the
// error messages with line and column. Its full document model costs 3 s and
// hundreds of MB on an exported site of 50,000 rules, so the plain subset
// that site files are written in is read first by yaml-subset.ts, which
// declines everything else; the reference reads what it declines.
import {parse as parseYaml} from 'yaml';
import {readYamlSubset} from './yaml-subset.js';

/** Parses YAML as the reference parser would; throws the reference's error when the text is not valid. */
export function readYaml(text: string): unknown {
  const fast = readYamlSubset(text);
  if (fast) return fast.value;
  return parseYaml(text, {uniqueKeys: true, maxAliasCount: 100, prettyErrors: true});
}
