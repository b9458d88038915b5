// Keys are remappable per profile (`keys` in the profiles file); the console
// opens with the overrides of the profile it connects to, and the generated
// reference follows them.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {openProfiles} from '../../source/store/profiles.js';
import {consoleKeyReference} from '../../source/ui/key-reference.js';
import {startupKeymap} from '../../source/ui/run-console.js';
import {tempHome, type TempHome} from '../store/helpers.js';

let home: TempHome;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

describe('key overrides from the profile', () => {
  it('uses the keys of the named or default profile, none for ad-hoc flags', () => {
    const profiles = openProfiles(home.paths);
    profiles.save({
      name: 'lab',
      url: 'https://lab.example',
      auth: 'password',
      user: 'admin',
      keys: {'rules.create': ['N']},
    });
    profiles.save({name: 'prod', url: 'https://prod.example', auth: 'password', user: 'admin'});
    profiles.setDefault('lab');
    expect(startupKeymap({}, home.env)).toEqual({'rules.create': ['N']});
    expect(startupKeymap({profile: 'prod'}, home.env)).toEqual({});
    expect(startupKeymap({url: 'https://x'}, home.env)).toEqual({});
    expect(startupKeymap({demo: true}, home.env)).toEqual({});
  });

  it('the generated reference shows a remapped key', () => {
    const row = (text: string) => text.split('\n').find((l) => l.includes('| New rule |'));
    expect(row(consoleKeyReference())).toMatch(/^\| `n` \| New rule/);
    expect(row(consoleKeyReference({'rules.create': ['N']}))).toMatch(/^\| `N` \| New rule/);
  });
});
