// The rule form's throttle, drop-throttled, trace and log fields reach the
// request body under VergeOS's names, an unchanged form sends nothing, and a
// throttle with characters the API should never see is refused.
import {describe, expect, it} from 'vitest';
import {ruleFormErrors, ruleFormValues, updateRulePlan, validateThrottle} from '../../source/domain/edits/rules.js';
import {SiteBuilder} from '../policy/fixtures.js';

function demo() {
  const b = new SiteBuilder();
  const web = b.network('web', '10.10.1.0/24');
  const rule = b.rule(web, {
    key: 1,
    name: 'https',
    protocol: 'tcp',
    destinationPorts: '443',
    orderid: 1,
    throttle: '100/second',
  });
  return {site: b.build(), rule, web};
}

describe('throttle, drop throttled, trace and log in the rule form', () => {
  it('sends only what changed, under the API names', () => {
    const {site, rule} = demo();
    const values = ruleFormValues(site, rule);
    expect(values).toMatchObject({throttle: '100/second', dropThrottle: false, trace: false, log: false});
    expect(updateRulePlan(rule, values, site).steps).toEqual([]);
    const plan = updateRulePlan(
      rule,
      {...values, throttle: '50/second', dropThrottle: true, trace: true, log: true},
      site,
    );
    expect(plan.steps.map((s) => ('body' in s ? s.body : null))).toEqual([
      {log: true, trace: true, throttle: '50/second', drop_throttle: true},
    ]);
    expect(
      updateRulePlan(rule, {...values, throttle: ''}, site).steps.map((s) => ('body' in s ? s.body : null)),
    ).toEqual([{throttle: ''}]);
  });

  it('refuses a throttle that is not plain rate text', () => {
    expect(validateThrottle('')).toBeUndefined();
    expect(validateThrottle('10/second')).toBeUndefined();
    expect(validateThrottle('10/s; reboot')).toBe('letters, digits, spaces and . / : , _ - only (e.g. 100/second)');
    expect(validateThrottle('x'.repeat(65))).toBe('at most 64 characters');
    const {site, rule, web} = demo();
    expect(
      ruleFormErrors({...ruleFormValues(site, rule), throttle: '"1"'}, {site, vnet: web.key, ruleKey: rule.key}),
    ).toEqual({
      throttle: 'letters, digits, spaces and . / : , _ - only (e.g. 100/second)',
    });
  });
});
