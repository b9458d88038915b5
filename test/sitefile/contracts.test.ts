// The contract grammar: stand-alone files and a site file's contracts:
// section, the errors a typo gets, and the canonical text round trip.
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {
  SitefileError,
  parseContractsText,
  parseSitefile,
  serialiseContracts,
  serialiseSitefile,
  statementText,
} from '../../source/domain/sitefile/index.js';
import {ARTICLE_CONTRACTS} from '../../source/session/demo-contracts.js';

function issues(text: string): string[] {
  try {
    parseContractsText(text, 'c.yaml');
  } catch (error) {
    if (error instanceof SitefileError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

const HEAD = 'apiVersion: vseg/v1\nkind: Contracts\n';

describe('contract files', () => {
  it('reads zones in both forms and statements of every kind', () => {
    const c = parseContractsText(
      `${HEAD}zones:
  web: net:web
  lab: [10.99.0.0/16, vm:lab-01]
  internet: {members: outside, except: [alias:admins]}
statements:
  - {from: internet, to: web, allowOnly: [tcp/80, tcp/443]}
  - {name: no lab, from: lab, to: [web, net:db], never: true, logged: true, described: true, maxAge: 52w}
  - {from: web, to: lab, mustReach: udp/53, notUnusedFor: 90d}
`,
    );
    expect(c.zones['web']).toEqual({members: ['net:web'], except: []});
    expect(c.zones['internet']).toEqual({members: ['outside'], except: ['alias:admins']});
    expect(c.statements.map((s) => s.kind)).toEqual(['allowOnly', 'never', 'mustReach']);
    expect(c.statements[0].name).toBe('internet → web: allow only tcp/80, tcp/443');
    expect(c.statements[1]).toMatchObject({name: 'no lab', to: ['web', 'net:db'], logged: true, maxAge: '52w'});
    expect(statementText(c.statements[2])).toBe('web → lab: must reach udp/53 (notUnusedFor 90d)');
  });

  it('refuses what would silently mean something else', () => {
    expect(issues(`${HEAD}statements:\n  - {from: a, to: b}\n`)[0]).toContain('needs one of allowOnly');
    expect(issues(`${HEAD}statements:\n  - {from: a, to: b, never: true, allowOnly: tcp}\n`)[0]).toContain(
      'allowOnly and never are both given',
    );
    expect(issues(`${HEAD}statements:\n  - {from: a, to: b, nevr: true}\n`)).toContain(
      'statements[0].nevr: unknown key (did you mean "never"?)',
    );
    expect(issues(`${HEAD}statements:\n  - {from: a, to: b, never: true, maxAge: 3 months}\n`)[0]).toContain(
      'a duration like 90d',
    );
    expect(issues(`${HEAD}zones:\n  net:web: [x]\n`)[0]).toContain('a zone name is a letter');
    expect(
      issues(
        `${HEAD}statements:\n  - {name: x, from: a, to: b, never: true}\n  - {name: x, from: b, to: a, never: true}\n`,
      )[0],
    ).toContain('appears more than once');
    expect(issues('apiVersion: vseg/v1\nkind: Contract\n')[0]).toContain('kind must be "Contracts"');
  });

  it('round-trips through its canonical text, and a site file carries the same section', () => {
    const c = parseContractsText(ARTICLE_CONTRACTS);
    const text = serialiseContracts(c);
    expect(parseContractsText(text)).toEqual(c);
    expect(serialiseContracts(parseContractsText(text))).toBe(text);

    const site = parseSitefile(
      serialiseSitefile({...parseSitefile(`apiVersion: vseg/v1\nkind: Segmentation\n`), contracts: c}),
    );
    expect(site.contracts).toEqual(c);
    expect(parseContractsText(serialiseSitefile(site))).toEqual(c);
  });

  it('the demo contracts are the documented example', () => {
    expect(readFileSync('docs/examples/article-contracts.yaml', 'utf8')).toBe(ARTICLE_CONTRACTS);
  });
});
