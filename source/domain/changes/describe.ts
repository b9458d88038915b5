// How a planned step reads in a confirmation: the exact call (method, path,
// body summary) with refs shown by name and secrets masked.
import {apiPath} from '../../api/url.js';
import {isRef, isTemplate, type Body, type BodyValue, type KeyOrRef, type Step} from './types.js';

export interface CallDescription {
  method: 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: string;
}

function keyText(key: KeyOrRef): string {
  return isRef(key) ? `<${key.ref}>` : String(key);
}

function valueText(value: BodyValue): string {
  if (isRef(value)) return `${value.prefix ?? ''}<${value.ref}>`;
  if (isTemplate(value))
    return JSON.stringify(value.template.map((p) => (typeof p === 'string' ? p : `<${p.ref}>`)).join(''));
  if (Array.isArray(value)) return `[${value.map(valueText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}:${valueText(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function bodySummary(body: Body, secretFields: readonly string[] = []): string {
  return Object.entries(body)
    .map(([k, v]) => `${k}=${secretFields.includes(k) ? '••••' : valueText(v)}`)
    .join(' ');
}

export function describeCall(step: Step): CallDescription {
  switch (step.kind) {
    case 'create':
      return {method: 'POST', path: apiPath(step.table), body: bodySummary(step.body, step.secretFields)};
    case 'update':
      return {
        method: 'PUT',
        path: `${apiPath(step.table)}/${keyText(step.key)}`,
        body: bodySummary(step.body, step.secretFields),
      };
    case 'delete':
      return {method: 'DELETE', path: `${apiPath(step.table)}/${keyText(step.key)}`};
    case 'action':
      return {method: 'POST', path: apiPath(step.table), body: bodySummary(step.body)};
    case 'apply-rules':
      return {method: 'POST', path: apiPath('vnet_actions'), body: `vnet=${keyText(step.vnet)} action="refresh"`};
  }
}

export function formatCall(call: CallDescription): string {
  return call.body ? `${call.method} ${call.path} ${call.body}` : `${call.method} ${call.path}`;
}
