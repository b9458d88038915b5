// Rows checked without zod where they can be. A list of 50,000 rules is 1.4
// million fields; through zod's unions and transforms that is ~0.5 s and a
// garbage heap of intermediate results at provider scale. Each lenient field
// schema of rows.ts registers here the plain function that does what it does;
// a row schema whose every field has one is read by a loop over its fields.
// The loop only ever answers for rows the schema accepts: on any value it
// does not take as the schema would (a wrong type, an odd string), it gives
// up and zod reads the row, with zod's error. test/api/row-readers.test.ts
// holds the two to the same output.
import type {z} from 'zod';

/** A field's value as the schema would give it, or REFUSE when zod should look at it. */
export const REFUSE: unique symbol = Symbol('refuse');
export type FieldRead = (value: unknown) => unknown;

const fieldReads = new Map<z.ZodType, FieldRead>();

/** Registers `read` as the plain form of the field schema `schema`; returns the schema. */
export function withFieldRead<S extends z.ZodType>(schema: S, read: FieldRead): S {
  fieldReads.set(schema, read);
  return schema;
}

export type RowRead = (raw: unknown) => unknown;

const rowReads = new WeakMap<z.ZodType, RowRead | null>();

/** The plain reader of an object schema whose every field has one; null when one has not. */
export function rowRead(schema: z.ZodType): RowRead | null {
  let read = rowReads.get(schema);
  if (read !== undefined) return read;
  read = null;
  const def = (schema as unknown as {def: {type: string; shape?: Record<string, z.ZodType>}}).def;
  if (def.type === 'object' && def.shape) {
    const keys = Object.keys(def.shape);
    const reads = keys.map((k) => fieldReads.get(def.shape![k]));
    if (reads.every((r) => r !== undefined)) {
      const fields = reads;
      read = (raw) => {
        if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return REFUSE;
        const row = raw as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (let i = 0; i < keys.length; i++) {
          const v = fields[i](row[keys[i]]);
          if (v === REFUSE) return REFUSE;
          out[keys[i]] = v;
        }
        return out;
      };
    }
  }
  rowReads.set(schema, read);
  return read;
}
