// `vseg matrix`: every network to every network (and outside) for one
// service, allow / deny / partial, with the deciding rules of each cell.
import {matrix, matrixStream} from '../policy/index.js';
import {ANALYSIS_SECTIONS} from '../domain/model.js';
import {SERVICE_HELP, SERVICE_OPTIONS, policyDefaults, serviceFlags} from './analysis-flags.js';
import {parseSiteFlags, reportError, withConnection} from './common.js';
import {CONNECTION_HELP, OUTPUT_OPTION, outputFormat} from './flags.js';
import {UsageError} from '../session/io.js';
import {LIST_LIMIT, matrixDocumentText, matrixText} from './matrix-format.js';
import {write, writePieces} from './output.js';
import {EXIT, type Command} from './types.js';
import {loadSiteWithBaselines} from '../session/site.js';

export const matrixCommand: Command = {
  name: 'matrix',
  summary: 'reachability between every pair of internal networks for a service',
  usage: `Usage: vseg matrix [--service S | --proto P --port N] [--pending] [-o table|json|yaml] [connection]

Judges all of one network's addresses to all of another's (internal networks,
plus "outside" = addresses in no network) for one service, default any
traffic: allow, deny, or partial when some addresses or ports pass and others
do not. The table is a grid (row = from, column = to) followed by the
deciding rules of each cell; JSON lists every cell with its outcomes.

${SERVICE_HELP}
      --pending            judge the staged rules (as after Apply Rules)
  -o, --output FORMAT      table (default), json or yaml

Exit codes: 0 success, 2 usage or connection error.

${CONNECTION_HELP}`,
  async run(argv, io) {
    try {
      const {values, positionals} = parseSiteFlags(argv, {
        ...OUTPUT_OPTION,
        ...SERVICE_OPTIONS,
        pending: {type: 'boolean'},
      });
      const format = outputFormat(values.output);
      if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
      if (positionals[0] !== undefined) {
        if (values.service !== undefined || values.proto !== undefined || values.port !== undefined)
          throw new UsageError('give the service either as an argument or with --service/--proto/--port');
        values.service = positionals[0];
      }
      const {service} = serviceFlags(values);
      return await withConnection(values, io, async (connection) => {
        const site = await loadSiteWithBaselines(connection, {sections: ANALYSIS_SECTIONS});
        const options = {
          service,
          ruleset: values.pending ? ('pending' as const) : ('applied' as const),
          defaults: policyDefaults(connection),
          // The grid shows verdicts; the per-cell list (and so the outcomes) only on small sites.
          outcomesUpTo: format === 'table' ? LIST_LIMIT : undefined,
        };
        // JSON and YAML carry every cell's outcomes: written a row at a time, never held whole.
        if (format === 'json' || format === 'yaml')
          await writePieces(io.stdout, matrixDocumentText(matrixStream(site, options), format));
        else await write(io.stdout, matrixText(matrix(site, options), io.columns));
        return EXIT.ok;
      });
    } catch (error) {
      return reportError(io, 'matrix', error);
    }
  },
};
