// The console's contract gate and `vseg check` judge the same site: a section
// one of them left out (the tenants' layer-2 pass-throughs, which carry traffic
// past every router) would let the console accept a change `vseg check` then
// reports as breaking a contract.
import {describe, expect, it} from 'vitest';
import {GOVERN_SECTIONS} from '../../source/domain/model.js';
import {CONTRACT_SECTIONS} from '../../source/session/console-contracts.js';

describe('sections a contract check loads', () => {
  it('are those of vseg check, tenants included', () => {
    expect([...CONTRACT_SECTIONS].sort()).toEqual([...GOVERN_SECTIONS].sort());
    expect(CONTRACT_SECTIONS).toContain('tenants');
  });
});
