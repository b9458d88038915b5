// Sessions vseg may leave open on a site, and what the operator is told.
//
// - A failed token DELETE is tried again (VergeClient.logout); when it still
//   fails, the token stays valid until VergeOS expires it: say so.
// - A sign-in whose answer was lost may have opened a session anyway. vseg
//   cannot close it: VergeOS returns the session token only in the answer to
//   `POST /api/sys/tokens`, and no public source documents a call that lists
//   a user's sessions (VERGEOS-API.md §1.3: create, use, DELETE by token; the
//   SDKs — pyVergeOS, tsvergeos, govergeos, the Terraform provider — do the
//   same and nothing more). The token is the secret, so it cannot be guessed
//   or looked up by anything else. The sign-in is not sent again either (a
//   lost answer may hide a refusal, and refusals count towards the lockout).
//   The operator is told, and the session ends at VergeOS's idle expiry.
import type {LogoutResult} from '../api/client.js';
import {VergeError} from '../api/errors.js';

/** One line about a session token that could not be deleted. */
export function leftOpenText(host: string, out: LogoutResult): string {
  return (
    `the session on ${host} could not be closed (${out.attempts} ${out.attempts === 1 ? 'try' : 'tries'}: ${out.reason ?? 'no answer'}); ` +
    'its token stays valid on the server until VergeOS expires it after inactivity'
  );
}

/** A sign-in that may have been carried out although its answer never came. */
export function isLostSignIn(error: unknown): error is VergeError {
  return (
    error instanceof VergeError &&
    error.method === 'POST' &&
    error.path === '/api/sys/tokens' &&
    error.kind !== 'auth' &&
    error.outcome !== 'not-applied'
  );
}

const LOST_SIGN_IN =
  'if VergeOS opened a session before the answer was lost, vseg cannot close it (the token exists only in that answer, ' +
  'and VergeOS has no documented call that lists sessions); it ends when VergeOS expires it after inactivity';

/** The same error, saying what may have been left open and why nothing can be done about it. */
export function withLostSignInNote(error: VergeError): VergeError {
  return new VergeError({
    kind: error.kind,
    status: error.status,
    method: error.method,
    path: error.path,
    serverMessage: error.serverMessage,
    operation: error.operation,
    outcome: error.outcome,
    details: {...error.details, lostSignIn: true},
    message: `${error.message}; ${LOST_SIGN_IN}`,
  });
}
