// A create whose answer was lost (connection dropped, timeout, 5xx) may or may
// not have happened. Retrying the POST blindly would duplicate the object, so
// instead look for it by its natural key: found → it was created; not found →
// it was not, and the caller may safely send it again.
import {z} from 'zod';
import type {CallOptions, CreateResult, VergeClient} from './client.js';
import {VergeError} from './errors.js';

const keyRow = z.object({$key: z.union([z.number(), z.string()]).transform(Number)});

export interface Identity {
  /** A filter that matches exactly the object the create would make, e.g. `vnet eq 5 and name eq 'allow-web'`. */
  filter: string;
  describe: string;
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
    let found: Array<{$key: number}>;
    try {
      found = await client.list(
        table,
        keyRow,
        {fields: ['$key'], filter: identity.filter},
        {signal: call.signal, operation: `check whether ${identity.describe} was created`},
      );
    } catch {
      throw new VergeError({
        kind: error.kind,
        message: `${error.message}; whether ${identity.describe} was created is unknown (the check failed too)`,
        status: error.status,
        method: error.method,
        path: error.path,
        operation: error.operation,
        outcome: 'unknown',
        cause: error,
      });
    }
    if (found.length === 1 && found[0]) {
      return {
        key: found[0].$key,
        created: {$key: String(found[0].$key), location: '', dbpath: '', $row: null},
        reconciled: true,
      };
    }
    throw new VergeError({
      kind: error.kind,
      message:
        found.length === 0
          ? `${error.message}; ${identity.describe} was not created`
          : `${error.message}; ${found.length} rows match ${identity.describe}`,
      status: error.status,
      method: error.method,
      path: error.path,
      operation: error.operation,
      outcome: found.length === 0 ? 'not-applied' : 'unknown',
      cause: error,
    });
  }
}
