// The clusters and physical nodes machines run on. Only what SDK joins read:
// `machine#cluster#name` (PS Get-VergeNetwork), `machine#status#node#$display`
// and `machine#preferred_node#$display` (PY tenant_nodes.py). Seeded, not writable.
import {fk, key, stamps, text, type TableSchema} from './types.js';

export const clusters: TableSchema = {
  name: 'clusters',
  description: 'Clusters',
  noCreate: true,
  fields: [key(), text('name', {summary: true, maxLength: 128}), text('description', {summary: true}), ...stamps()],
};

export const nodes: TableSchema = {
  name: 'nodes',
  description: 'Physical nodes',
  noCreate: true,
  fields: [
    key(),
    text('name', {summary: true, maxLength: 128}),
    fk('machine', 'machines', {readonly: true, summary: true}),
    fk('cluster', 'clusters', {readonly: true, summary: true}),
    text('description'),
    ...stamps(),
  ],
};
