// `vseg expire`: for cron and CI. Disables every enabled rule past its expiry
// day (the lifecycle tag "expires:<day>", plus --grace days) through a plan:
// the same guards as apply (lockout, contracts), a revision in the journal,
// Apply Rules on the networks it changes. It never deletes a rule.
import {dayOf} from '../domain/lifecycle/model.js';
import {expiredRules, type DueRule} from '../domain/lifecycle/due.js';
import {ALL_SECTIONS} from '../domain/model.js';
import {siteToDoc} from '../domain/sitefile/index.js';
import {sanitize} from '../domain/text.js';
import {applyFlow} from './apply-flow.js';
import {loadSiteWithBaselines} from '../session/site.js';
import {loadSecrets, parseSiteFlags, readSitefileText, reportError, withConnection} from './common.js';
import {CONNECTION_HELP, OUTPUT_OPTION, intFlag, outputFormat} from './flags.js';
import {renderJson, renderYaml, renderTable, write, type Column} from './output.js';
import {EXIT, type Command} from './types.js';

const COLUMNS: readonly Column<DueRule>[] = [
  {header: 'NETWORK', value: (d) => d.network.name},
  {header: 'RULE', value: (d) => d.rule.name, minWidth: 12},
  {header: 'EXPIRED', value: (d) => d.lifecycle.expires},
  {header: 'DAYS', value: (d) => String(-(d.daysLeft ?? 0))},
  {header: 'OWNER', value: (d) => d.lifecycle.owner || '(none)'},
  {header: 'TICKET', value: (d) => d.lifecycle.ticket},
];

function json(list: readonly DueRule[], today: string, grace: number) {
  return {
    today,
    grace,
    expired: list.map((d) => ({
      network: d.network.name,
      rule: d.rule.name,
      key: d.rule.key,
      expires: d.lifecycle.expires,
      daysPast: -(d.daysLeft ?? 0),
      owner: d.lifecycle.owner,
      ticket: d.lifecycle.ticket,
    })),
  };
}

export const expireCommand: Command = {
  name: 'expire',
  summary: 'disable rules past their expiry date (for cron; never deletes)',
  usage: `Usage: vseg expire [--dry-run] [--grace DAYS] [--apply-pending] [--force --reason TEXT] [-o table|json|yaml] [connection]

Finds every enabled rule whose lifecycle says it expired (its "expires" day,
plus --grace days, is in the past; the rule is valid through that day) and
disables it through a plan: the lockout guard and the contracts apply as for
vseg apply, the previous state goes to the revision journal (vseg rollback
undoes it), and Apply Rules runs on the networks it changes. A network that
already had other changes staged keeps the disable staged too (so expire never
puts someone else's staged rules live) unless --apply-pending. Rules are never
deleted. No confirmation is asked: running it is the decision.

      --dry-run            list the expired rules, change nothing
      --grace DAYS         count a rule as expired only DAYS days after its day (default 0)
      --apply-pending      also Apply Rules on networks with other staged changes
      --force --reason T   disable even when that breaks a contract (audited)
  -o, --output FORMAT      table (default), json or yaml (the list of expired rules)

Exit codes: 0 nothing expired, or the expired rules were disabled; 3 --dry-run
found expired rules; 2 error (nothing or part done: run it again).

${CONNECTION_HELP}`,
  async run(argv, io) {
    try {
      const {values} = parseSiteFlags(
        argv,
        {
          ...OUTPUT_OPTION,
          'dry-run': {type: 'boolean'},
          grace: {type: 'string'},
          'apply-pending': {type: 'boolean'},
          force: {type: 'boolean'},
          reason: {type: 'string'},
          contracts: {type: 'string'},
          secrets: {type: 'string'},
        },
        false,
      );
      const format = outputFormat(values.output);
      const grace = intFlag('grace', values.grace, 0, 3650) ?? 0;
      const contractsFile =
        values.contracts === undefined
          ? undefined
          : {text: await readSitefileText(values.contracts, io), name: values.contracts};
      const secrets = loadSecrets(io, values.secrets);
      return await withConnection(values, io, async (connection) => {
        const site = await loadSiteWithBaselines(connection, {sections: ALL_SECTIONS});
        const today = dayOf(Date.now());
        const expired = expiredRules(site, today, grace);
        if (format !== 'table') {
          const doc = json(expired, today, grace);
          await write(io.stdout, format === 'json' ? renderJson(doc) : renderYaml(doc));
        } else if (expired.length > 0) await write(io.stdout, renderTable(expired, COLUMNS, io.columns));
        if (expired.length === 0) {
          await write(
            io.stderr,
            `no rule has expired on ${sanitize(connection.label)} (today ${today}, grace ${grace} days)\n`,
          );
          return EXIT.ok;
        }
        if (values['dry-run']) {
          await write(
            io.stderr,
            `${expired.length} expired rule${expired.length === 1 ? '' : 's'} would be disabled (--dry-run: nothing changed)\n`,
          );
          return EXIT.changes;
        }
        // The plan: the touched networks as they are, with the expired rules turned off.
        const networks = [...new Set(expired.map((d) => d.network.name))].sort();
        const doc = siteToDoc(site, {networks});
        const off = new Set(expired.map((d) => `${d.network.name}\u0000${d.rule.name}`));
        for (const n of doc.networks)
          for (const r of n.rules) if (off.has(`${n.name}\u0000${r.name}`)) r.enabled = false;
        const pending = new Set(site.networks.filter((n) => n.needFwApply).map((n) => n.name));
        const held = networks.filter((n) => pending.has(n) && !values['apply-pending']);
        if (held.length > 0)
          await write(
            io.stderr,
            `note: ${held.join(', ')} already had staged changes: the disable is staged there too, not applied ` +
              `(review, then Apply Rules, or run with --apply-pending)\n`,
          );
        return applyFlow(connection, io, {
          command: 'expire',
          doc,
          source: `vseg expire (${expired.length} expired rule${expired.length === 1 ? '' : 's'})`,
          prune: false,
          yes: true,
          force: Boolean(values.force),
          reason: values.reason,
          secrets,
          contractsFile,
          applyRulesOn: (name) => !held.includes(name),
        });
      });
    } catch (error) {
      return reportError(io, 'expire', error);
    }
  },
};
