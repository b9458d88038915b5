import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {and, eq, or, quote, searchParams} from '../../source/api/query.js';
import {propertyParams} from '../support/seed.js';

describe('filter quoting', () => {
  it('escapes quotes, backslashes and opening braces with a backslash (26.1.8 refuses doubled quotes)', () => {
    expect(quote("zz-o'brien")).toBe("'zz-o\\'brien'");
    expect(quote('a\\b')).toBe("'a\\\\b'");
    // only `{` is reserved: `}` is sent as it is (PY-CL 1.2.8 #100, measured over all printable ASCII)
    expect(quote('{x}')).toBe("'\\{x}'");
  });
  it('writes numbers, booleans and null bare', () => {
    expect(quote(5)).toBe('5');
    expect(quote(false)).toBe('false');
    expect(quote(null)).toBe('null');
    expect(() => quote(Number.NaN)).toThrow();
  });
  it('never leaves an unescaped quote inside a quoted string', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const q = quote(s);
        const inner = q.slice(1, -1);
        // every quote inside is preceded by an odd number of backslashes
        for (let i = 0; i < inner.length; i++) {
          if (inner[i] === "'") {
            let n = 0;
            for (let j = i - 1; j >= 0 && inner[j] === '\\'; j--) n++;
            expect(n % 2).toBe(1);
          }
        }
        // unescaping gives the original back
        expect(inner.replace(/\\(.)/g, '$1')).toBe(s);
      }),
      propertyParams(),
    );
  });
  it('combines clauses with parentheses and drops empty ones', () => {
    expect(and(eq('vnet', 5), eq('name', 'web'))).toBe("(vnet eq 5) and (name eq 'web')");
    expect(or(eq('a', 1), undefined, false)).toBe('a eq 1');
    expect(and()).toBe('');
    expect(() => eq('bad field', 1)).toThrow(/Not a field name/);
  });
  it('loads whole tables in one request by default (limit=0)', () => {
    expect(searchParams({fields: ['$key', 'name']})).toEqual({fields: '$key,name', limit: '0'});
    expect(searchParams({filter: 'a eq 1', sort: '+orderid', limit: 10, offset: 20})).toEqual({
      filter: 'a eq 1',
      sort: '+orderid',
      limit: '10',
      offset: '20',
    });
  });
});
