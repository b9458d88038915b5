// The answer file of `vseg wizard <step> --file answers.yaml`: YAML (or JSON)
// holding the same answers the console's forms fill, optionally headed by
// `wizard: <step>`. Unknown keys are refused (a typo must not silently do
// nothing); messages name the path of the offending value.
import {parse as parseYaml} from 'yaml';
import type {z} from 'zod';
import {checkAnswers} from './answer-checks.js';
import {textOf} from '../text.js';
import {WIZARDS} from './registry.js';
import {setupSchema} from './setup.js';
import type {WizardName} from './types.js';

export class AnswersError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnswersError';
  }
}

export function schemaOf(name: WizardName): z.ZodType<unknown> {
  return name === 'setup' ? setupSchema : WIZARDS[name].schema;
}

function issuePath(path: ReadonlyArray<PropertyKey>): string {
  return (
    path
      .map((p) => (typeof p === 'number' ? `[${p + 1}]` : `${String(p)}`))
      .join('.')
      .replace(/\.\[/g, '[') || '(top)'
  );
}

/** Validated answers for `name`: their shape and values (whether names exist on the site is the wizard's validate). */
export function parseAnswers(name: WizardName, text: string, source: string): unknown {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    const line = (error as {linePos?: Array<{line: number}>}).linePos?.[0]?.line;
    throw new AnswersError(
      `${source} is not valid YAML${line ? ` (line ${line})` : ''}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new AnswersError(`${source} must be a map of answers (see docs/WIZARDS.md)`);
  const {wizard, ...answers} = data as Record<string, unknown>;
  if (wizard !== undefined && wizard !== name)
    throw new AnswersError(`${source} holds answers for "${textOf(wizard)}", not for "${name}"`);
  const parsed = schemaOf(name).safeParse(answers);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 20).map((i) => `  ${issuePath(i.path)}: ${i.message}`);
    throw new AnswersError(`${source} is not a valid answer file for "${name}":\n${lines.join('\n')}`);
  }
  // Values are checked before the site is read: nothing is sent for a file that cannot be right.
  const problems = checkAnswers(name, parsed.data);
  if (problems.length > 0) {
    const lines = problems.slice(0, 20).map((p) => `  ${p}`);
    if (problems.length > 20) lines.push(`  … and ${problems.length - 20} more`);
    throw new AnswersError(`${source} is not a valid answer file for "${name}":\n${lines.join('\n')}`);
  }
  return parsed.data;
}
