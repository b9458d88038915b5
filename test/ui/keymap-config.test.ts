// Keys are remappable per profile (`keys` in the profiles file); the console
// opens with the overrides of the profile it connects to, and the generated
// reference follows them.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {profileKeys} from '../../source/session/console-session.js';
import {openProfiles, profilesSnapshot} from '../../source/store/profiles.js';
import {consoleKeyReference} from '../../source/ui/key-reference.js';
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
    const saved = profilesSnapshot(home.paths);
    expect(profileKeys({}, saved)).toEqual({'rules.create': ['N']});
    expect(profileKeys({profile: 'prod'}, saved)).toBeUndefined();
    expect(profileKeys({url: 'https://x'}, saved)).toBeUndefined();
    expect(profileKeys({demo: true}, saved)).toBeUndefined();
  });

  it('the generated reference shows a remapped key', () => {
    const row = (text: string) => text.split('\n').find((l) => l.includes('| New rule |'));
    expect(row(consoleKeyReference())).toMatch(/^\| `n` \| New rule/);
    expect(row(consoleKeyReference({'rules.create': ['N']}))).toMatch(/^\| `N` \| New rule/);
  });
});
