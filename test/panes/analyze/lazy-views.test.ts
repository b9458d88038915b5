// The what-if view is declared twice while its module changes hands: in the
// registry (loaded at start-up, without the view's code) and in WhyView.tsx.
// The two must agree.
import {describe, expect, it} from 'vitest';
import {whyView as declared} from '../../../source/ui/panes/analyze/views.js';
import {whyView} from '../../../source/ui/panes/analyze/WhyView.js';

describe('lazy analyze views', () => {
  it('declare the what-if view as WhyView.tsx does', () => {
    const {render: _a, ...fromRegistry} = declared;
    const {render: _b, ...fromModule} = whyView;
    expect(fromRegistry).toEqual(fromModule);
  });
});
