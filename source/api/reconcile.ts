// Finding an object by its natural key, for the two decisions that lead to a
// write: "does it exist already?" before a create, and "was it created?" after
// a create whose answer was lost (connection dropped, timeout, 5xx) — retrying
// that POST blindly would duplicate the object.
//
// VergeOS 26.1.8 ignores unknown names in `fields` and answers a filter on a
// column it lacks with `[]` (VERGEOS-API.md §8.1 #4). So the server filters
// only on columns known to exist (api/columns.ts); the rest of the identity is
// compared here, on the rows it returns, and a row that comes back without a
// column vseg matches on means this VergeOS does not have it: then whether the
// object exists is unknown, and vseg says so instead of creating it again.
import {z} from 'zod';
import type {CallOptions, CreateResult, VergeClient} from './client.js';
import {isFilterColumn} from './columns.js';
import {VergeError} from './errors.js';
import {and, eq, type FilterValue} from './query.js';
import {sameValue} from './values.js';

export interface Identity {
  /** Column → value pairs that identify exactly the object, e.g. `{vnet: 5, name: 'allow-web'}`. */
  match: Readonly<Record<string, FilterValue>>;
  describe: string;
}

const anyRow = z.record(z.string(), z.unknown());

/** The identity's columns this VergeOS did not return: it does not have them. */
class UnknownColumn extends Error {
  constructor(
    readonly table: string,
    readonly column: string,
  ) {
    super(`VergeOS did not return the column '${column}' of ${table}`);
  }
}

async function lookup(
  client: VergeClient,
  table: string,
  identity: Identity,
  fields: readonly string[],
  call: CallOptions,
): Promise<Array<Record<string, unknown>>> {
  const columns = Object.keys(identity.match);
  const filter = and(...columns.filter((c) => isFilterColumn(table, c)).map((c) => eq(c, identity.match[c])));
  const rows = await client.list(
    table,
    anyRow,
    {fields: [...new Set(['$key', ...columns, ...fields])], ...(filter ? {filter} : {})},
    call,
  );
  for (const row of rows) {
    const missing = columns.find((c) => !Object.hasOwn(row, c));
    if (missing !== undefined) throw new UnknownColumn(table, missing);
  }
  return rows.filter((row) => columns.every((c) => sameValue(identity.match[c], row[c])));
}

/**
 * The rows of `table` that are `identity`, with `fields` besides. Refuses
 * (outcome not-applied: nothing was written) when this VergeOS does not have
 * a column the identity names, since "none found" would then mean nothing.
 */
export async function findByIdentity(
  client: VergeClient,
  table: string,
  identity: Identity,
  fields: readonly string[] = [],
  call: CallOptions = {},
): Promise<Array<Record<string, unknown>>> {
  try {
    return await lookup(client, table, identity, fields, call);
  } catch (error) {
    if (!(error instanceof UnknownColumn)) throw error;
    throw new VergeError({
      kind: 'response',
      message: `${error.message}: vseg cannot tell whether ${identity.describe} exists, so it creates nothing`,
      operation: call.operation,
      outcome: 'not-applied',
    });
  }
}

export async function createReconciled(
  client: VergeClient,
  table: string,
  body: Record<string, unknown>,
  identity: Identity,
  call: CallOptions = {},
): Promise<CreateResult> {
  try {
    return await client.create(table, body, call);
  } catch (error) {
    if (!(error instanceof VergeError) || error.outcome === 'not-applied' || error.kind === 'aborted') throw error;
    const unknown = (why: string): VergeError =>
      new VergeError({
        kind: error.kind,
        message: `${error.message}; whether ${identity.describe} was created is unknown (${why})`,
        status: error.status,
        method: error.method,
        path: error.path,
        operation: error.operation,
        outcome: 'unknown',
        cause: error,
      });
    let found: Array<Record<string, unknown>>;
    try {
      found = await lookup(client, table, identity, [], {
        signal: call.signal,
        operation: `check whether ${identity.describe} was created`,
      });
    } catch (lookupError) {
      throw unknown(lookupError instanceof UnknownColumn ? lookupError.message : 'the check failed too');
    }
    if (found.length === 1 && found[0]) {
      const key = Number(found[0]['$key']);
      return {key, created: {$key: String(key), location: '', dbpath: '', $row: null}, reconciled: true};
    }
    if (found.length > 1) throw unknown(`${found.length} rows match`);
    throw new VergeError({
      kind: error.kind,
      message: `${error.message}; ${identity.describe} was not created`,
      status: error.status,
      method: error.method,
      path: error.path,
      operation: error.operation,
      outcome: 'not-applied',
      cause: error,
    });
  }
}
