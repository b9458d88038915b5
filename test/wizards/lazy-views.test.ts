// The wizard registry names the steps without loading the wizards' code
// (start-up); the names must be the domain's.
import {describe, expect, it} from 'vitest';
import {STEP_ORDER} from '../../source/domain/wizards/index.js';
import {WIZARD_STEPS} from '../../source/ui/panes/wizards/index.js';

describe('wizard views declared before they load', () => {
  it('name the steps in STEP_ORDER', () => {
    expect([...WIZARD_STEPS]).toEqual([...STEP_ORDER]);
  });
});
