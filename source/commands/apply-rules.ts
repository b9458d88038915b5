// `vseg apply-rules <network>|--all-pending`: Apply Rules and wait until the
// router has loaded them (need_fw_apply clears). Progress on stderr, a result
// line per network on stdout.
import {applyRules, STAGED_UNTIL_START} from '../api/apply-rules.js';
import {VergeError} from '../api/errors.js';
import {untieRules} from '../domain/changes/execute.js';
import type {Network} from '../domain/model.js';
import {sanitize} from '../domain/text.js';
import {CommandError, networkNamed, parseSiteFlags, reportError, withConnection} from './common.js';
import {errorText} from '../session/errors.js';
import {CONNECTION_HELP, intFlag} from './flags.js';
import {UsageError} from '../session/io.js';
import {write} from './output.js';
import {EXIT, type Command} from './types.js';
import {loadSiteWithBaselines} from '../session/site.js';

export const applyRulesCommand: Command = {
  name: 'apply-rules',
  summary: 'Apply Rules on a network (or every network with pending rules) and wait',
  usage: `Usage: vseg apply-rules <network> [<network>…] | --all-pending [--wait SECONDS] [connection]

Sends Apply Rules (POST /vnet_actions action=refresh) and waits until the router
has loaded the staged rules. A stopped network keeps them staged until it starts.

Exit codes: 0 all applied (or nothing pending), 1 no such network, 2 error.

${CONNECTION_HELP}`,
  async run(argv, io) {
    try {
      const {values, positionals} = parseSiteFlags(argv, {'all-pending': {type: 'boolean'}, wait: {type: 'string'}});
      const all = Boolean(values['all-pending']);
      if (all && positionals.length > 0) throw new UsageError('give network names or --all-pending, not both');
      if (!all && positionals.length === 0) throw new UsageError('name a network (or pass --all-pending)');
      const waitSeconds = intFlag('wait', values.wait, 1, 3600);
      return await withConnection(values, io, async (connection) => {
        if (connection.readOnly) throw new CommandError(`${connection.label} is read-only: Apply Rules is a change`);
        const site = await loadSiteWithBaselines(connection, {sections: ['networks']});
        const targets: Network[] = all
          ? site.networks.filter((n) => n.needFwApply)
          : positionals.map((name) => networkNamed(site, name));
        if (targets.length === 0) {
          await write(io.stdout, 'no network has pending rules\n');
          return EXIT.ok;
        }
        let failed = 0;
        for (const [i, n] of targets.entries()) {
          const prefix = `[${i + 1}/${targets.length}] ${sanitize(n.name)}`;
          await write(io.stderr, `${prefix}: applying rules…\n`);
          try {
            // Rules two writers placed in the same gap go live in an order of vseg's choosing, not a tie-break's.
            const untied = await untieRules(
              connection.client,
              n.key,
              {operation: `read the rule order of ${n.name}`},
              (e) => connection.audit({...e, outcome: 'ok'}),
            );
            const outcome = await applyRules(connection.client, n.key, {
              timeoutMs: waitSeconds !== undefined ? waitSeconds * 1000 : undefined,
              onProgress: (message) => void write(io.stderr, `${prefix}: ${message}\n`),
            });
            if (outcome.status !== 'nothing-pending') {
              connection.audit({
                method: 'POST',
                path: '/api/v4/vnet_actions',
                body: `vnet=${n.key} action="refresh"`,
                outcome: 'ok',
                note: outcome.status,
              });
            }
            const text = {
              applied: `applied in ${outcome.ms} ms`,
              'nothing-pending': 'nothing was pending',
              'staged-until-start': STAGED_UNTIL_START,
            }[outcome.status];
            const tied = untied > 0 ? `; ${untied} tied rule order${untied === 1 ? '' : 's'} made unique` : '';
            await write(io.stdout, `${sanitize(n.name)}: ${text}${tied}\n`);
          } catch (error) {
            failed++;
            if (error instanceof VergeError) {
              connection.audit({
                method: 'POST',
                path: '/api/v4/vnet_actions',
                body: `vnet=${n.key} action="refresh"`,
                outcome: 'failed',
                error: error.describe(),
              });
            }
            await write(io.stdout, `${sanitize(n.name)}: failed: ${sanitize(errorText(error))}\n`);
          }
        }
        return failed > 0 ? EXIT.usage : EXIT.ok;
      });
    } catch (error) {
      return reportError(io, 'apply-rules', error);
    }
  },
};
