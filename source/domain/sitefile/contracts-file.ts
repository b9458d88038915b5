// Contract files as text: a stand-alone file (`kind: Contracts`) or the
// `contracts:` section of a site file, both read by `--contracts FILE`; and the
// canonical text the wizards and the console write.
import {Document} from 'yaml';
import {
  CONTRACTS_KIND,
  checkContractStructure,
  contractFileSchema,
  type ContractsSpec,
  type StatementSpec,
} from './contracts.js';
import {issuesFrom, parseSitefile, readDocument, SitefileError} from './parse.js';
import {API_VERSION, KIND} from './schema.js';

export const CONTRACTS_HEADER = [
  '# vseg segmentation contracts (apiVersion vseg/v1): intent between zones, checked with "vseg check".',
  '# Zones are networks (net:NAME), aliases (alias:NAME), VMs (vm:NAME), addresses or CIDRs, or outside.',
  '',
].join('\n');

/** Reads contracts from a contract file or from a site file's `contracts:` section. */
export function parseContractsText(text: string, source = 'the contract file'): ContractsSpec {
  const raw = readDocument(text, source);
  const kind = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>)['kind'] : '';
  if (kind === KIND) {
    const doc = parseSitefile(text, source);
    if (!doc.contracts || doc.contracts.statements.length === 0)
      throw new SitefileError(source, [{path: 'contracts', message: 'this site file states no contracts'}]);
    return doc.contracts;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new SitefileError(source, [
      {path: '', message: `expected a document with apiVersion: ${API_VERSION} and kind: ${CONTRACTS_KIND}`},
    ]);
  const result = contractFileSchema.safeParse(raw);
  if (!result.success) throw new SitefileError(source, issuesFrom(result.error, raw, contractFileSchema));
  const spec: ContractsSpec = {zones: result.data.zones, statements: result.data.statements};
  const problems = checkContractStructure(spec);
  if (problems.length > 0) throw new SitefileError(source, problems);
  return spec;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

type Plain = string | boolean | Plain[] | {[k: string]: Plain};

function statementPlain(s: StatementSpec): Record<string, Plain> {
  const out: Record<string, Plain> = {name: s.name};
  out['from'] = s.from.length === 1 ? s.from[0] : s.from;
  out['to'] = s.to.length === 1 ? s.to[0] : s.to;
  if (s.kind === 'never') out['never'] = true;
  else out[s.kind] = s.services;
  if (s.logged) out['logged'] = true;
  if (s.described) out['described'] = true;
  if (s.maxAge) out['maxAge'] = s.maxAge;
  if (s.notUnusedFor) out['notUnusedFor'] = s.notUnusedFor;
  return out;
}

/** The `contracts:` section (or a contract file's body) as plain data in canonical order. */
export function contractsPlain(c: ContractsSpec): Record<string, Plain> {
  const zones: Record<string, Plain> = {};
  for (const name of Object.keys(c.zones).sort(byText)) {
    const z = c.zones[name];
    zones[name] = z.except.length > 0 ? {members: z.members, except: z.except} : z.members;
  }
  return {zones, statements: c.statements.map(statementPlain)};
}

export function serialiseContracts(c: ContractsSpec): string {
  const plain = {apiVersion: API_VERSION, kind: CONTRACTS_KIND, ...contractsPlain(c)};
  const doc = new Document(plain, {aliasDuplicateObjects: false});
  return CONTRACTS_HEADER + doc.toString({lineWidth: 0, indentSeq: true});
}

/** Adds statements, replacing any with the same name; zones are merged (the new definition wins). */
export function mergeContracts(base: ContractsSpec, add: ContractsSpec): ContractsSpec {
  const names = new Set(add.statements.map((s) => s.name));
  return {
    zones: {...base.zones, ...add.zones},
    statements: [...base.statements.filter((s) => !names.has(s.name)), ...add.statements],
  };
}
