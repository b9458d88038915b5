// Every error the simulator answers with becomes `{"err": message}` with the
// status VergeOS uses for that kind of failure (VERGEOS-API.md §2.3).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The measured 422 for a malformed `filter`, `fields`, `sort`, `limit` or `offset`. */
export const INVALID_ARGUMENT = 'Invalid argument';

export function invalidArgument(detail?: string): ApiError {
  return new ApiError(422, detail ? `${INVALID_ARGUMENT}: ${detail}` : INVALID_ARGUMENT);
}

export function requiredField(table: string, field: string): ApiError {
  return new ApiError(422, `field '${table}.${field}' is required`);
}

export function notInList(field: string, value: unknown): ApiError {
  return new ApiError(422, `value '${String(value)}' is not in list for field '${field}'`);
}

export function validationError(field: string, reason: string): ApiError {
  return new ApiError(422, `Validation error on field: '${field}' - '${reason}'`);
}

/** A write naming a read-only column (PY-CL 1.2.6 #86: `field 'key' is readonly`, §8.1 #6). */
export function readonlyField(field: string): ApiError {
  return new ApiError(422, `field '${field}' is readonly`);
}

/**
 * A reference to a row that does not exist: 404 `error setting field …`
 * (PY-CL 1.2.8 #107, measured; the text between is not public, §8.1 #6).
 */
export function missingReference(table: string, field: string, target: string, key: unknown): ApiError {
  return new ApiError(
    404,
    `error setting field '${table}.${field}': ${target}/${String(key)}: No such file or directory`,
  );
}

export function notFound(table: string, key: string | number): ApiError {
  return new ApiError(404, `Error querying ${table}: row '${key}' not found`);
}

export function notPermitted(message: string): ApiError {
  return new ApiError(405, message);
}

export function forbidden(message: string): ApiError {
  return new ApiError(403, message);
}
