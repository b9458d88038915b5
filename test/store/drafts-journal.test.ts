import {readdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {RunState} from '../../source/domain/changes/types.js';
import {deleteDraft, listDrafts, loadDraft, saveDraft} from '../../source/store/drafts.js';
import {getJournalEntry, journalId, listJournal, saveJournalEntry} from '../../source/store/journal.js';
import {rememberSecret, resetKnownSecrets} from '../../source/store/secrets/known.js';
import {modeOf, tempHome, type TempHome} from './helpers.js';

let home: TempHome;
beforeEach(() => {
  home = tempHome();
  resetKnownSecrets();
});
afterEach(() => {
  home.cleanup();
  resetKnownSecrets();
});

const run: RunState = {
  planTitle: 'Topology wizard',
  refs: {'network:web': 12},
  results: {'create network web': {id: 'create network web', status: 'done', key: 12, note: 'created'}},
  startedAt: '2026-11-25T10:00:00.000Z',
  updatedAt: '2026-11-25T10:00:05.000Z',
};

describe('drafts', () => {
  it('saves, loads, lists (newest first) and deletes; files are 0600 and written whole', () => {
    const dir = home.paths.draftsDir;
    saveDraft(dir, {
      name: 'topology',
      kind: 'wizard:topology',
      site: 'prod',
      data: {networks: ['web', 'db']},
      savedAt: '2026-11-25T10:00:00.000Z',
    });
    saveDraft(dir, {
      name: 'apply site.yaml',
      kind: 'run',
      site: 'prod',
      data: {},
      run,
      savedAt: '2026-11-25T11:00:00.000Z',
    });
    expect(listDrafts(dir).map((d) => d.name)).toEqual(['apply site.yaml', 'topology']);
    expect(loadDraft(dir, 'topology')?.data).toEqual({networks: ['web', 'db']});
    expect(loadDraft<object>(dir, 'apply site.yaml')?.run).toEqual(run);
    for (const f of readdirSync(dir)) expect(modeOf(join(dir, f))).toBe('0600');
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(false);
    expect(modeOf(dir)).toBe('0700');
    // Overwrite in place.
    saveDraft(dir, {name: 'topology', kind: 'wizard:topology', data: {networks: ['web']}});
    expect(loadDraft(dir, 'topology')?.data).toEqual({networks: ['web']});
    expect(deleteDraft(dir, 'topology')).toBe(true);
    expect(deleteDraft(dir, 'topology')).toBe(false);
    expect(loadDraft(dir, 'topology')).toBeUndefined();
  });

  it('keeps names that need escaping apart and inside the drafts directory', () => {
    const dir = home.paths.draftsDir;
    saveDraft(dir, {name: '../../evil', kind: 'k', data: 1});
    saveDraft(dir, {name: 'a/b', kind: 'k', data: 2});
    saveDraft(dir, {name: 'a_b', kind: 'k', data: 3});
    expect(loadDraft(dir, 'a/b')?.data).toBe(2);
    expect(loadDraft(dir, 'a_b')?.data).toBe(3);
    expect(loadDraft(dir, '../../evil')?.data).toBe(1);
    expect(readdirSync(dir)).toHaveLength(3);
  });

  it('refuses to save anything holding a secret this process knows', () => {
    rememberSecret('IPsec-PSK-or-password');
    expect(() =>
      saveDraft(home.paths.draftsDir, {name: 'vpn', kind: 'wizard:vpn', data: {psk: 'xx IPsec-PSK-or-password xx'}}),
    ).toThrow(
      'Refusing to save draft "vpn": it contains a password, API key or session token. Drafts never hold secrets.',
    );
    expect(loadDraft(home.paths.draftsDir, 'vpn')).toBeUndefined();
  });

  it('lists a damaged draft instead of failing', () => {
    saveDraft(home.paths.draftsDir, {name: 'ok', kind: 'k', data: 1});
    writeFileSync(join(home.paths.draftsDir, 'broken.json'), '{');
    expect(listDrafts(home.paths.draftsDir).map((d) => `${d.name}:${d.kind}`)).toContain('broken:damaged');
  });
});

describe('revision journal', () => {
  it('uses sortable ids', () => {
    expect(journalId(new Date('2026-11-25T10:00:00.123Z'))).toMatch(/^2026-11-25T10-00-00.123Z-[0-9a-f]{4}$/);
    // Two revisions within one second still sort in the order they were made.
    for (let i = 0; i < 20; i++) {
      expect(journalId(new Date('2026-11-25T10:00:00.100Z')) < journalId(new Date('2026-11-25T10:00:00.101Z'))).toBe(
        true,
      );
    }
  });

  it('saves and lists newest first, filtered by host, without the export text in the list', () => {
    const dir = home.paths.journalDir;
    const a = saveJournalEntry(dir, {
      time: '2026-11-25T10:00:00Z',
      profile: 'prod',
      host: 'a',
      title: 'first',
      touchedNetworks: ['web'],
      previous: 'networks: []\n',
    });
    const b = saveJournalEntry(dir, {
      time: '2026-11-25T11:00:00Z',
      profile: 'prod',
      host: 'a',
      title: 'second',
      touchedNetworks: ['db'],
      previous: 'x',
    });
    saveJournalEntry(dir, {
      time: '2026-11-25T12:00:00Z',
      profile: 'lab',
      host: 'b',
      title: 'other',
      touchedNetworks: [],
      previous: 'y',
    });
    expect(listJournal(dir, {host: 'a'}).map((e) => e.title)).toEqual(['second', 'first']);
    expect(listJournal(dir).map((e) => e.title)).toEqual(['other', 'second', 'first']);
    expect(listJournal(dir, {limit: 1})).toHaveLength(1);
    expect(Object.keys(listJournal(dir)[0])).not.toContain('previous');
    expect(getJournalEntry(dir, a.id)?.previous).toBe('networks: []\n');
    expect(getJournalEntry(dir, b.id)?.touchedNetworks).toEqual(['db']);
    expect(modeOf(join(dir, `${a.id}.json`))).toBe('0600');
    expect(() => getJournalEntry(dir, '../profiles')).toThrow('"../profiles" is not a revision id');
  });

  it('refuses export text that contains a known secret', () => {
    rememberSecret('wg-private-key-or-pw');
    expect(() =>
      saveJournalEntry(home.paths.journalDir, {
        profile: 'p',
        host: 'h',
        title: 't',
        touchedNetworks: [],
        previous: 'psk: wg-private-key-or-pw',
      }),
    ).toThrow('Refusing to journal this change');
    expect(listJournal(home.paths.journalDir)).toEqual([]);
  });
});
