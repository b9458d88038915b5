// Segmentation contracts: checked exactly (check.ts), compared across a
// change (delta.ts), shown as lint findings (findings.ts), text and JSON
// (present.ts). See ./README.md for what each statement means.
export * from './check.js';
export * from './delta.js';
export * from './findings.js';
export * from './present.js';
