// What `vseg report` gathers beside the site: the contracts it judges, the
// hit history vseg sampled (never-hit rules) and the policy defaults.
import type {Site} from '../domain/model.js';
import {buildReport, type ReportData} from '../policy/report/build.js';
import {ruleHitHistory} from '../store/hit-history.js';
import type {Connection} from './connection.js';
import {chooseContracts, contractOptions, type ContractChoice} from './contracts.js';

export function siteReport(
  connection: Connection,
  site: Site,
  options: {services?: readonly string[]; contracts?: ContractChoice; now?: number},
): ReportData {
  const contracts = chooseContracts(connection, options.contracts ?? {});
  const history = ruleHitHistory(connection.paths.hitsDir, connection.host);
  const check = contractOptions(connection, 'applied', {}, site);
  return buildReport(site, {
    site: connection.label,
    services: options.services,
    defaults: check.defaults,
    contracts: contracts ? {spec: contracts.spec, source: contracts.source, options: check} : undefined,
    hits: history,
    now: options.now,
  });
}
