import {describe, expect, it} from 'vitest';
import {VergeError} from '../../source/api/errors.js';
import {errorText} from '../../source/session/errors.js';

describe('errorText', () => {
  it('reads any thrown value: never "undefined" or "[object Object]"', () => {
    // The sign-in screen showed `undefined` for a thrown string (it read .message of anything).
    expect(errorText('the keyring is locked')).toBe('the keyring is locked');
    expect(errorText({code: 'EACCES'})).toBe('{"code":"EACCES"}');
    expect(errorText(new Error('boom'))).toBe('boom');
  });

  it('describes a VergeError with its operation and the server message', () => {
    const error = new VergeError({
      kind: 'http',
      status: 422,
      message: 'the server said "name taken"',
      operation: 'create rule web/x',
    });
    expect(errorText(error)).toBe(error.describe());
    expect(errorText(error)).toContain('name taken');
  });

  it('makes control characters visible and keeps line breaks', () => {
    expect(errorText(new Error('line one\x1b[2J\nline two\x07'))).toBe('line one␛[2J\nline two␇');
  });
});
