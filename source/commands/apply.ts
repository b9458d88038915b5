// `vseg apply -f FILE`: make the live site match a site file. Dependency
// order, deletions only with --prune, Apply Rules on every touched network,
// progress per step; idempotent (a second apply does nothing) and resumable
// (after a failure, the same command completes the work).
import {parseSitefile} from '../domain/sitefile/index.js';
import {applyFlow} from './apply-flow.js';
import {loadSecrets, parseSiteFlags, readSitefileText, reportError, withConnection} from './common.js';
import {CONNECTION_HELP} from './flags.js';
import {UsageError} from '../session/io.js';
import type {Command} from './types.js';

export const APPLY_OPTIONS = {
  yes: {type: 'boolean', short: 'y'},
  force: {type: 'boolean'},
  reason: {type: 'string'},
  contracts: {type: 'string'},
  secrets: {type: 'string'},
  'api-address': {type: 'string'},
} as const;

export const APPLY_HELP = `  -y, --yes                apply without asking (needed without a terminal)
      --force              apply even though the console's management path would
                           lose access (the plan names the rule that cuts it), or
                           a contract would break (needs --reason, audited)
      --reason TEXT        why a forced change may break a contract (audit log)
      --contracts FILE     judge the plan by these contracts (default: the file's
                           contracts: section, else the site's saved ones)
      --secrets FILE       secret values (YAML map name → value, mode 0600);
                           VSEG_SECRET_<NAME> variables take precedence
      --api-address IP[:PORT]  the address (and port) the API is reached through when
                           it is not the URL's (NAT, a proxy): used by the lockout guard`;

export const applyCommand: Command = {
  name: 'apply',
  summary: 'make the site match a site file (plan, confirm, apply, Apply Rules)',
  usage: `Usage: vseg apply -f FILE [--prune] [--yes] [--force] [--secrets FILE] [connection]

Applies the plan of the file (see vseg plan) in dependency order: aliases and
networks, then rules, VPN, tenants; deletions only with --prune; then Apply
Rules on each touched network. Without --yes it shows the plan and asks (on a
terminal) or exits 3 without applying (otherwise). Before changing anything it
saves the previous state of the touched networks in the revision journal
(vseg history, vseg rollback). If a step fails, it reports what was done;
running the same command again completes it.

  -f, --file FILE          the site file (YAML or JSON; - reads stdin, needs --yes)
      --prune              also delete what the site has and the file does not
${APPLY_HELP}

Exit codes: 0 applied or nothing to do, 2 error (nothing or part applied), 3 not
applied (not confirmed).

${CONNECTION_HELP}`,
  async run(argv, io) {
    try {
      const {values} = parseSiteFlags(
        argv,
        {file: {type: 'string', short: 'f'}, prune: {type: 'boolean'}, ...APPLY_OPTIONS},
        false,
      );
      const file = values.file;
      if (file === undefined || file.trim() === '')
        throw new UsageError('-f FILE is required (a site file from vseg export)');
      if (file === '-' && !values.yes)
        throw new UsageError('reading the file from stdin leaves no way to confirm: add --yes');
      // Everything that can be checked without the site is checked before connecting.
      const doc = parseSitefile(await readSitefileText(file, io), file);
      const secrets = loadSecrets(io, values.secrets);
      const contractsFile =
        values.contracts === undefined
          ? undefined
          : {text: await readSitefileText(values.contracts, io), name: values.contracts};
      return await withConnection(values, io, (connection) =>
        applyFlow(connection, io, {
          command: 'apply',
          doc,
          source: file,
          prune: Boolean(values.prune),
          yes: Boolean(values.yes),
          force: Boolean(values.force),
          secrets,
          apiAddress: values['api-address'],
          reason: values.reason,
          contractsFile,
        }),
      );
    } catch (error) {
      return reportError(io, 'apply', error);
    }
  },
};
