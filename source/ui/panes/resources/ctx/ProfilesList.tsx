// :ctx — the saved site profiles; Enter switches to one, whether or not the
// current site answers. Below the list, the current connection's problem in
// full (a changed certificate names both fingerprints there).
import {Box, Text} from 'ink';
import {useMemo, useSyncExternalStore} from 'react';
import {sanitize} from '../../../../domain/text.js';
import {
  describeTls,
  openProfiles,
  profilesSnapshot,
  subscribeProfiles,
  type Profile,
  type ProfilesSnapshot,
} from '../../../../store/profiles.js';
import {useActionHandler} from '../../../actions/bus.js';
import {type ViewProps} from '../../../app/views.js';
import {Table} from '../../../components/table/Table.js';
import type {Column} from '../../../components/table/types.js';
import {useTable, useTableInput} from '../../../components/table/use-table.js';
import {useSession} from '../../../data/session.js';
import {useTheme} from '../../../theme/context.js';
import {fit} from '../../../../domain/text-width.js';
import {wrapText} from '../../../text/wrap.js';

interface Row {
  profile: Profile;
  current: boolean;
  isDefault: boolean;
}

const COLUMNS: readonly Column<Row>[] = [
  {
    id: 'current',
    header: 'IN USE',
    format: (r) => (r.current ? 'current' : ''),
    width: 9,
    kind: 'status',
    tone: (r) => (r.current ? 'ok' : undefined),
    priority: 1,
  },
  {id: 'name', header: 'PROFILE', format: (r) => r.profile.name, width: 16, minWidth: 6, priority: 0},
  {id: 'url', header: 'URL', format: (r) => r.profile.url, width: 26, priority: 0},
  {
    id: 'auth',
    header: 'SIGN-IN',
    format: (r) => (r.profile.auth === 'apiKey' ? 'API key' : (r.profile.user ?? '')),
    width: 12,
    priority: 2,
  },
  {
    id: 'tls',
    header: 'CERTIFICATE',
    format: (r) => describeTls(r.profile.tls),
    width: 24,
    kind: 'status',
    tone: (r) => (r.profile.tls.mode === 'insecure' ? 'danger' : undefined),
    priority: 3,
  },
  {
    id: 'mode',
    header: 'MODE',
    format: (r) => (r.profile.readOnly ? 'read-only' : 'read-write'),
    width: 10,
    priority: 4,
  },
  {id: 'default', header: 'DEFAULT', format: (r) => (r.isDefault ? 'default' : ''), width: 7, priority: 5},
];

/** `current`: the session's profile; none named (and no URL given) means the default one. */
function rowsOf(saved: ProfilesSnapshot, profile: string, host: string): {rows: Row[]; current: string} {
  const current = profile || (host === '' ? (saved.resolvedDefault ?? '') : '');
  return {
    current,
    rows: saved.profiles.map((p) => ({
      profile: p,
      current: p.name === current,
      isDefault: p.name === saved.defaultName,
    })),
  };
}

const PROBLEM_ROWS = 6;

export function ProfilesList({width, height, filter, active, shell, state}: ViewProps<undefined>) {
  const theme = useTheme();
  const session = useSession();
  // The file as it is now: re-read when it changed (a sign-in here, or another vseg, saved a profile).
  const saved = useSyncExternalStore(subscribeProfiles, () => profilesSnapshot(session.paths));
  const loaded = useMemo(() => rowsOf(saved, state.profile, state.host), [saved, state.profile, state.host]);
  const problem =
    saved.error ??
    (state.connection.kind === 'offline' && state.connection.reason
      ? `${loaded.current || state.host || 'This console'}: ${state.connection.reason}`
      : '');
  const problemLines = problem ? wrapText(sanitize(problem), width).slice(0, PROBLEM_ROWS) : [];
  const tableHeight = Math.max(2, height - (problemLines.length ? problemLines.length + 1 : 0));
  const table = useTable({
    width,
    rows: loaded.rows,
    columns: COLUMNS,
    height: tableHeight,
    filter,
    rowKey: (r) => r.profile.name,
  });
  useTableInput(table);
  useActionHandler('app.open', () => {
    const row = table.selected;
    if (!row) return;
    if (row.current && state.connection.kind === 'connected')
      return shell.notify('info', `Already using ${row.profile.name}`);
    shell.notify('info', `Switching to ${row.profile.name} (${row.profile.url})…`);
    void session.switchProfile(row.profile.name);
    shell.jump('networks');
  });
  useActionHandler('ctx.signin', () => shell.push('signin'));
  useActionHandler('ctx.default', () => {
    const row = table.selected;
    if (!row) return;
    try {
      openProfiles(session.paths).setDefault(row.profile.name);
      shell.notify('success', `${row.profile.name} is now the default profile`);
    } catch (error) {
      shell.notify('error', (error as Error).message);
    }
  });
  const empty = filter ? `No profile matches /${filter}` : 'No saved profile yet: n signs in to a site';
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Table table={table} width={width} height={tableHeight} focused={active} emptyText={empty} />
      {problemLines.length ? <Text> </Text> : null}
      {problemLines.map((line, i) => (
        <Text key={i} wrap="truncate-end" {...theme.style('danger')}>
          {fit(line, width)}
        </Text>
      ))}
    </Box>
  );
}
