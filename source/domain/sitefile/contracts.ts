// Segmentation contracts: declared intent between zones, checked against the
// rules (policy/contracts). They live in a site file's `contracts:` section or
// in a stand-alone file (`kind: Contracts`). This is only the format; what a
// statement means and how it is checked is in policy/contracts/README.md and
// docs/SITEFILE.md.
import {z} from 'zod';

export const CONTRACTS_KIND = 'Contracts';

/** Zone names must not look like endpoint references (`net:web`, `10.0.0.0/8`). */
export const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** `90d`, `12w`, `1y` (a year is 365 days). */
export const DURATION = /^(\d{1,5})\s*([dwy])$/;

export function durationDays(text: string): number | null {
  const m = DURATION.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] === 'd' ? n : m[2] === 'w' ? n * 7 : n * 365;
}

const member = z.string().trim().min(1, 'a zone member must not be empty');
const memberList = z.union([member.transform((m) => [m]), z.array(member).min(1, 'a zone needs at least one member')]);

export interface ZoneSpec {
  /** Endpoint references: `net:web`, `alias:admins`, `vm:web-01`, a CIDR, `outside`… */
  members: string[];
  /** Addresses taken out of the zone (same syntax). */
  except: string[];
}

const zone = z
  .union([
    memberList.transform((members): ZoneSpec => ({members, except: []})),
    z
      .strictObject({members: memberList, except: memberList.optional()})
      .transform((v): ZoneSpec => ({members: v.members, except: v.except ?? []})),
  ])
  .describe('zone');

const zoneRefs = z.union([
  z
    .string()
    .trim()
    .min(1)
    .transform((v) => [v]),
  z.array(z.string().trim().min(1)).min(1, 'name at least one zone'),
]);

const services = z.union([
  z
    .string()
    .trim()
    .min(1)
    .transform((s) => [s]),
  z.array(z.union([z.string().trim().min(1), z.number().int().transform(String)])).min(1, 'name at least one service'),
]);

const duration = z
  .string()
  .trim()
  .refine((v) => DURATION.test(v), 'a duration like 90d, 12w or 1y')
  .optional();

export type StatementKind = 'allowOnly' | 'never' | 'mustReach';

export interface StatementSpec {
  /** Given, or made from the statement ("dev never db"). */
  name: string;
  from: string[];
  to: string[];
  kind: StatementKind;
  /** Services as written (`tcp/443`, `udp/53`, `icmp`); empty for `never`. */
  services: string[];
  /** The rule that decides must log. */
  logged: boolean;
  /** Every deciding rule has a description (the rule's reason). */
  described: boolean;
  /** Deciding rules were reviewed (or changed) at most this long ago, e.g. `365d`. */
  maxAge: string;
  /** Deciding rules saw traffic within this window, e.g. `90d`. */
  notUnusedFor: string;
}

const statement = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    from: zoneRefs,
    to: zoneRefs,
    allowOnly: services.optional(),
    never: z.literal(true, {message: 'never: true (or leave it out)'}).optional(),
    mustReach: services.optional(),
    logged: z.boolean().optional(),
    described: z.boolean().optional(),
    maxAge: duration,
    notUnusedFor: duration,
  })
  .superRefine((s, ctx) => {
    const kinds = [s.allowOnly && 'allowOnly', s.never && 'never', s.mustReach && 'mustReach'].filter(Boolean);
    if (kinds.length !== 1)
      ctx.addIssue({
        code: 'custom',
        message:
          kinds.length === 0
            ? 'a statement needs one of allowOnly: [services], never: true or mustReach: [services]'
            : `a statement says one thing: ${kinds.join(' and ')} are both given (write two statements)`,
      });
  })
  .transform((s): StatementSpec => {
    const kind: StatementKind = s.allowOnly ? 'allowOnly' : s.never ? 'never' : 'mustReach';
    const list = s.allowOnly ?? s.mustReach ?? [];
    const verb = kind === 'allowOnly' ? `allow only ${list.join(', ')}` : kind === 'never' ? 'never' : `must reach`;
    const name =
      s.name ??
      (kind === 'mustReach'
        ? `${s.from.join(', ')} must reach ${s.to.join(', ')} on ${list.join(', ')}`
        : `${s.from.join(', ')} → ${s.to.join(', ')}: ${verb}`);
    return {
      name,
      from: s.from,
      to: s.to,
      kind,
      services: list,
      logged: s.logged ?? false,
      described: s.described ?? false,
      maxAge: s.maxAge ?? '',
      notUnusedFor: s.notUnusedFor ?? '',
    };
  });

export const contractsSchema = z.strictObject({
  zones: z
    .record(z.string().regex(ZONE_NAME, 'a zone name is a letter, then letters, digits, ".", "_" or "-"'), zone)
    .optional()
    .transform((v) => v ?? {}),
  statements: z
    .array(statement)
    .optional()
    .transform((v) => v ?? []),
});

export interface ContractsSpec {
  zones: Record<string, ZoneSpec>;
  statements: StatementSpec[];
}

/** A stand-alone contract file: `apiVersion: vseg/v1`, `kind: Contracts`, zones and statements. */
export const contractFileSchema = z.strictObject({
  apiVersion: z.literal('vseg/v1', {message: 'apiVersion must be "vseg/v1"'}),
  kind: z.literal(CONTRACTS_KIND, {message: `kind must be "${CONTRACTS_KIND}"`}),
  zones: contractsSchema.shape.zones,
  statements: contractsSchema.shape.statements,
});

export function emptyContracts(): ContractsSpec {
  return {zones: {}, statements: []};
}

/** Problems the schema cannot state: duplicate statement names. */
export function checkContractStructure(c: ContractsSpec, at = ''): Array<{path: string; message: string}> {
  const out: Array<{path: string; message: string}> = [];
  const seen = new Set<string>();
  c.statements.forEach((s, i) => {
    if (seen.has(s.name))
      out.push({
        path: `${at}statements[${i}]`,
        message: `statement "${s.name}" appears more than once (give it a name:)`,
      });
    seen.add(s.name);
  });
  return out;
}

/** The statement as people read it: "dev → db: never (logged)". */
export function statementText(s: StatementSpec): string {
  const what =
    s.kind === 'never'
      ? 'never'
      : s.kind === 'allowOnly'
        ? `allow only ${s.services.join(', ')}`
        : `must reach ${s.services.join(', ')}`;
  const extra = [
    s.logged && 'logged',
    s.described && 'described',
    s.maxAge && `maxAge ${s.maxAge}`,
    s.notUnusedFor && `notUnusedFor ${s.notUnusedFor}`,
  ].filter(Boolean);
  return `${s.from.join(', ')} → ${s.to.join(', ')}: ${what}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}
