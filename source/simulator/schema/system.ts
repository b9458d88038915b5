// system (one row) and tasks.
import {enumOf, int, key, stamps, text, type TableSchema} from './types.js';

export const SIM_VERSION = '26.1.8';

export const system: TableSchema = {
  name: 'system',
  description: 'System information',
  noCreate: true,
  fields: [
    key(),
    text('cloud_name', {summary: true, maxLength: 128}),
    text('yb_version', {readonly: true, summary: true}),
    text('os_version', {readonly: true, summary: true}),
    text('branch', {readonly: true, summary: true}),
    text('uuid', {readonly: true}),
    text('hostname', {readonly: true}),
    ...stamps(),
  ],
};

export const tasks: TableSchema = {
  name: 'tasks',
  description: 'Long-running tasks',
  fields: [
    key(),
    text('name', {summary: true}),
    text('description'),
    enumOf('status', ['idle', 'running', 'error'], {summary: true}),
    int('progress', {min: 0, max: 100, summary: true}),
    text('error', {summary: true}),
    text('table'),
    text('key'),
    ...stamps(),
  ],
};
