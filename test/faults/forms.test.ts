// Bad input in the console's forms, through a real terminal: every form the
// console opens from a view (New…/Edit…), the what-if form, the first wizard
// pages and the sign-in form. Each text field whose label says what it holds
// (addresses, ports, names, numbers) gets values it must refuse (fast-check,
// fixed seed), then Ctrl+S: the field shows its inline error, and not one
// write request reaches the simulator from any form.
import fc from 'fast-check';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';
import {command, openConsole, readHelp, keySequence, selectRow, viewPending} from '../e2e/console.js';
import {startTerminal, type TerminalSession} from '../e2e/harness.js';
import {focusField, readForm, replaceText} from './form-driver.js';

const octet = fc.integer({min: 0, max: 255});
const badOctet = fc.integer({min: 256, max: 999});
const ADDRESS = fc.oneof(
  fc.tuple(badOctet, octet, octet, octet).map((o) => o.join('.')),
  fc
    .tuple(octet, octet, octet, octet, fc.integer({min: 33, max: 99}))
    .map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`),
  fc.tuple(octet, octet, octet).map((o) => `${o.join('.')}.`),
  fc.stringMatching(/^[g-z]{3,8}$/).map((s) => `zz${s}.1`),
  fc.constantFrom('10.0.0.0/8/8', '1.2.3.4-', '10.0.0.1,,', '10..0.1', '::::'),
);
const PORT = fc.oneof(
  fc.integer({min: 65536, max: 999_999}).map(String),
  fc.integer({min: 2, max: 65535}).map((n) => `${n}-${n - 1}`),
  fc.stringMatching(/^[g-z]{2,6}$/).map((s) => `zz${s}`),
  fc.constantFrom('-1', '80,', '1e3', '80:90'),
);
// Longer than VergeOS takes (128); other rules about names differ by object.
const NAME = fc.integer({min: 129, max: 160}).map((n) => 'n'.repeat(n));
// Host names are allowed where a remote peer is meant; these are not host names.
const HOST = fc.oneof(
  fc.stringMatching(/^[a-z]{2,6}$/).map((s) => `${s} ${s}.example`),
  fc.constantFrom('bad_host!', '-x-.example', 'a..b', 'host:99999'),
);
const ENDPOINT = fc.stringMatching(/^[a-z]{4,8}$/).map((s) => `zz-no-such-${s}`);
const NUMBER = fc.oneof(
  fc.constantFrom('-5', 'abc', '1.5.5'),
  fc.integer({min: 10_000_000, max: 99_999_999}).map(String),
);

/** What a field holds, from its label; undefined = free text (descriptions, labels, keys). */
function kindOf(label: string): fc.Arbitrary<string> | undefined {
  if (/ports?\b|^Port$|UDP port/i.test(label)) return PORT;
  if (/^Remote gateway$/.test(label)) return HOST;
  if (
    /address|Router IP|^Gateway$|DHCP st|DNS servers|gateway$|CIDRs|Public IP|^Entry \d+|Base block|^Source$|^Destination$|^Target$/i.test(
      label,
    )
  )
    return ADDRESS;
  if (/^(Name|Tunnel name|Phase 2 name)$/.test(label)) return NAME;
  if (/lifetime|MTU|Prefix length/i.test(label)) return NUMBER;
  if (/^(…or type|From|To|Members)$/.test(label)) return ENDPOINT;
  return undefined;
}

describe('bad input in every form field', () => {
  let sim: SimulatorHandle;
  let t: TerminalSession;
  const report: string[] = [];
  beforeAll(async () => {
    sim = await startSimulator({seed: 'demo', tls: true, applyDelayMs: 5, powerDelayMs: 5, password: 'forms-fuzz-pw'});
  });
  // A fresh console per test: one test's failure leaves no dialog open for the next.
  beforeEach(async () => {
    t = startTerminal({
      args: ['--url', sim.url, '--user', sim.user, '--fingerprint', sim.fingerprint!],
      env: {VSEG_PASSWORD: sim.password},
      cols: 200,
      rows: 50,
    });
    await openConsole(t);
  });
  afterEach(async () => {
    await t.close();
  });
  afterAll(async () => {
    await sim.close();
    console.log(`form fuzz:\n${report.join('\n')}`);
  });

  const writes = () =>
    sim.requests
      .filter((r) => r.method !== 'GET' && !r.path.startsWith('/api/sys/tokens'))
      .map((r) => `${r.method} ${r.path}`);

  /**
   * Feeds every classified text field of the form on screen its bad values; leaves the form open.
   * Returns how many fields were driven (got at least one bad value, typed or refused at the keyboard).
   */
  async function fuzzForm(name: string): Promise<number> {
    await t.waitFor((s) => readForm(s) !== undefined, 5000);
    const form = readForm(t.screen(), t.cells())!;
    const fields = form.filter((f) => f.kind === 'text');
    const covered: string[] = [];
    const refusedAtKeyboard: string[] = [];
    for (const [i, field] of fields.entries()) {
      const bad = kindOf(field.label);
      if (!bad) continue;
      covered.push(field.key);
      let last = '';
      // "::::" has colons enough to pass for IPv6 to a loose check: every address field meets it.
      for (const value of [...fc.sample(bad, {numRuns: 4, seed: 100 + i}), ...(bad === ADDRESS ? ['::::'] : [])]) {
        // A refused submit moves the focus to the first invalid field: come back each time.
        await focusField(t, field.key);
        if (!(await replaceText(t, field.key, value))) {
          // The field would not even take the text.
          expect(
            (readForm(t.screen()) ?? []).find((r) => r.key === field.key)?.value.startsWith(value.slice(0, 12)),
          ).toBe(false);
          refusedAtKeyboard.push(`${field.key} ${JSON.stringify(value)}`);
          continue;
        }
        last = value;
        t.key('ctrl-s');
        // The inline error may show while typing; the submit adds the form's own refusal.
        // A refused submit moves the focus to the first invalid field: wait until it has, so no key lands in the wrong field.
        const settled = (s: string[]) => {
          const rows = readForm(s) ?? [];
          return (
            rows.find((r) => r.key === field.key)?.error === true &&
            /Fix \d+ fields? before submitting/.test(s.join('\n')) &&
            rows.find((r) => r.focused) === rows.find((r) => r.error)
          );
        };
        const screen = await t.waitFor((s) => readForm(s) === undefined || settled(s), 5000).catch(() => t.screen());
        const row = (readForm(screen) ?? []).find((r) => r.key === field.key);
        // Soft: one run lists every value a field let through.
        expect.soft(row?.error, `${name}: "${field.label}" accepted ${JSON.stringify(value)}`).toBe(true);
        if (!readForm(screen))
          throw new Error(
            `${name}: the form was submitted with "${field.label}" = ${JSON.stringify(value)}\n${screen.join('\n')}`,
          );
      }
      // Back to the field's original text so the next field's error is its own.
      await focusField(t, field.key);
      t.key('ctrl-a');
      t.key('ctrl-k');
      // An empty field shows its placeholder: that is not text to type back.
      if (field.value && !field.error && !field.placeholder) t.type(field.value);
      if (last)
        await t.waitFor(
          (s) => !(readForm(s) ?? []).find((r) => r.key === field.key)?.value.startsWith(last.slice(0, 8)),
          3000,
        );
    }
    report.push(
      `  ${name}: ${covered.join(', ') || '(no classified text field)'}; free text: ${
        fields
          .filter((f) => !kindOf(f.label))
          .map((f) => f.label)
          .join(', ') || '—'
      }${refusedAtKeyboard.length ? `; refused while typing: ${refusedAtKeyboard.length}` : ''}`,
    );
    expect(writes(), `${name} sent a write`).toEqual([]);
    return covered.length;
  }

  async function closeForm(): Promise<void> {
    t.key('escape');
    const s = await t.waitFor((s) => readForm(s) === undefined || /[Dd]iscard/.test(s.join('\n')), 5000);
    if (/[Dd]iscard/.test(s.join('\n'))) {
      t.write('y');
      await t.waitFor((s) => readForm(s) === undefined, 5000);
    }
  }

  async function openView(view: string): Promise<void> {
    await command(t, `:${view}`);
    // The last crumb, not any: coming back from "networks › rules db", the old breadcrumb already holds "networks".
    const s = await t.waitFor(
      (s) => viewPending(s) || new RegExp(`(^|› )${view}\\b[^›]*$`, 'i').test((s[1] ?? '').trimEnd()),
      5000,
    );
    if (viewPending(s)) throw new Error(`:${view} did not open a view\n${s.join('\n')}`);
    await t.waitForGone(/Loading/i, 10_000).catch(() => undefined);
  }

  it('forms opened from the views (New…, Edit…)', async () => {
    const views: Array<[string, () => Promise<void>]> = [
      ['networks', () => openView('networks')],
      [
        'rules of db',
        async () => {
          await openView('networks');
          await selectRow(t, /^db\b/);
          t.key('enter');
          await t.waitFor(/rules of db/);
        },
      ],
      ['aliases', () => openView('aliases')],
      ['vpn', () => openView('vpn')],
      ['mirrors', () => openView('mirrors')],
    ];
    let forms = 0;
    let fields = 0;
    const noForm: string[] = [];
    for (const [name, open] of views) {
      await open();
      const actions = (await readHelp(t)).filter(
        (i) => !['Console', 'Navigation'].includes(i.section) && /^(New|Edit|Create|Add|Change)\b/.test(i.title),
      );
      for (const action of actions) {
        const key = keySequence(action.keys);
        if (!key) continue;
        const crumb = t.screen()[1];
        t.write(key);
        let s = await t.waitFor((s) => readForm(s) !== undefined || s[1] !== crumb, 5000).catch(() => undefined);
        // The breadcrumb can change a frame before the form is drawn: wait for the form itself.
        if (s && !readForm(s)) s = await t.waitFor((x) => readForm(x) !== undefined, 2000).catch(() => s);
        if (!s || !readForm(s)) {
          report.push(`  ${name}: ${action.title} opened no form`);
          noForm.push(`${name} › ${action.title}`);
          if (s && s[1] !== crumb) {
            t.key('escape');
            await t.waitFor((x) => x[1] === crumb, 5000);
          }
          continue;
        }
        forms++;
        fields += await fuzzForm(`${name} › ${action.title}`);
        await closeForm();
        await open();
      }
    }
    // Every action named New/Edit/Create/Add/Change opens a form, and the fuzz really ran: on the demo
    // site 10 forms with 44 classified fields today; the floors leave room for forms to change, not vanish.
    expect(noForm, 'actions that opened no form').toEqual([]);
    expect(forms).toBeGreaterThanOrEqual(8);
    expect(fields).toBeGreaterThanOrEqual(30);
    expect(writes()).toEqual([]);
  }, 240_000);

  it('the what-if form and the first page of each wizard', async () => {
    // Each in its own console: a form that is a whole view has nowhere to go back to.
    const fresh = async () => {
      await t.close();
      t = startTerminal({
        args: ['--url', sim.url, '--user', sim.user, '--fingerprint', sim.fingerprint!],
        env: {VSEG_PASSWORD: sim.password},
        cols: 200,
        rows: 50,
      });
      await openConsole(t);
    };
    await command(t, ':why');
    const whyFields = await fuzzForm(':why');
    const driven: Record<string, number> = {};
    for (const wizard of ['topology', 'rules', 'aliases', 'vpn', 'tenants', 'monitor']) {
      await fresh();
      await command(t, `:wizard ${wizard}`);
      const s = await t.waitFor((s) => viewPending(s) || readForm(s) !== undefined, 5000).catch(() => t.screen());
      // A wizard whose first page stops being a form is a failure here, not a line in a log.
      expect(readForm(s), `:wizard ${wizard} shows no form on its first page\n${s.join('\n')}`).toBeDefined();
      driven[wizard] = await fuzzForm(`:wizard ${wizard}`);
    }
    // The pages with fields that say what they hold were really fed bad values (vpn, tenants and
    // monitor start with choices and free text only, so they only prove they show a form and send nothing).
    expect(whyFields).toBeGreaterThanOrEqual(3);
    expect(driven['topology'], 'topology fields driven').toBeGreaterThanOrEqual(3);
    expect(driven['rules'], 'rules fields driven').toBeGreaterThanOrEqual(3);
    expect(driven['aliases'], 'aliases fields driven').toBeGreaterThanOrEqual(2);
    expect(writes()).toEqual([]);
  }, 240_000);

  it('the sign-in form refuses a bad site address without asking anything', async () => {
    // The console beforeEach opened polls this simulator: only the sign-in form may speak here.
    await t.close();
    sim.clearRequests();
    const first = startTerminal({args: [], cols: 120, rows: 30});
    try {
      await first.waitFor(/› Site address/);
      for (const value of ['ftp://site.example', 'https://exa mple', 'http://user:pw@host', 'https://:99999']) {
        first.key('ctrl-a');
        first.key('ctrl-k');
        first.type(value);
        await first.waitFor((s) =>
          (readForm(s) ?? []).some((r) => r.label === 'Site address' && r.value.startsWith(value.slice(0, 10))),
        );
        first.key('ctrl-s');
        await first.waitFor((s) => (readForm(s) ?? []).find((r) => r.label === 'Site address')?.error === true, 5000);
      }
      expect(sim.requests).toEqual([]);
    } finally {
      await first.close();
    }
  });
});
