// The site file: format (schema.ts), text ↔ document (parse.ts, serialise.ts),
// site → document (from-site.ts), secret references (secrets.ts).
export * from './schema.js';
export * from './parse.js';
export * from './serialise.js';
export * from './from-site.js';
export * from './secrets.js';
export * from './references.js';
export * from './contracts.js';
export * from './contracts-file.js';
