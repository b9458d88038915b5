// The README stays true to the code: its first commands, its generated key
// reference, and the commands it lists.
import {existsSync, readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {commands} from '../../source/commands/index.js';
import {readmeKeySection} from '../../source/ui/readme-keys.js';
import {TOUR} from '../../scripts/screenshot-tour.js';

const readme = readFileSync('README.md', 'utf8');

describe('README.md', () => {
  it('opens with the two commands: run the console on the simulator, run the tests', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toContain('npm install && npm start');
    expect(firstBlock).toContain('npm test');
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {scripts: Record<string, string>};
    expect(pkg.scripts['start']).toContain('--demo');
  });

  it('carries the key reference generated from the action registry (npm run docs)', () => {
    expect(readme).toContain(readmeKeySection());
  });

  it('mentions every headless command', () => {
    for (const c of commands) expect(readme, `vseg ${c.name}`).toContain(`vseg ${c.name}`);
  });

  it('shows every screenshot npm run screenshots writes, and only ones that exist', () => {
    for (const shot of TOUR) expect(readme, shot.name).toContain(`(screenshots/${shot.name}.svg)`);
    for (const [, path] of readme.matchAll(/\]\((screenshots\/[^)]+)\)/g)) expect(existsSync(path), path).toBe(true);
  });
});
