// All tables of one simulated VergeOS system.
import {SCHEMAS} from '../schema/index.js';
import {Table, type Row} from './table.js';

export class Database {
  readonly tables = new Map<string, Table>();

  constructor() {
    for (const schema of SCHEMAS.values()) this.tables.set(schema.name, new Table(schema));
  }

  table(name: string): Table {
    const t = this.tables.get(name);
    if (!t) throw new Error(`no table ${name}`);
    return t;
  }

  get(table: string, key: number | null | undefined): Row | undefined {
    if (key === null || key === undefined) return undefined;
    return this.table(table).get(key);
  }
}
