// The site's contracts as the govern views read them: the saved contract
// file (or the demo's), judged on the site with what a contract check needs
// loaded, re-judged on every refresh.
import {useMemo} from 'react';
import type {Section} from '../../../domain/model.js';
import {statementText} from '../../../domain/sitefile/contracts.js';
import {checkContracts, type ContractReport, type StatementResult} from '../../../policy/contracts/index.js';
import type {RulesetChoice} from '../../../policy/types.js';
import {CONTRACT_SECTIONS} from '../../../session/console-contracts.js';
import {contractOptions, savedContracts, type LoadedContracts} from '../../../session/contracts.js';
import {useSession} from '../../data/session.js';
import {useAnalysisSite, type AnalysisData} from '../analyze/use-analysis.js';

export interface ContractData extends AnalysisData {
  contracts: LoadedContracts | null;
  /** Why the saved contracts cannot be read. */
  error?: string;
  report: ContractReport | null;
}

export function useContractReport(
  ruleset: RulesetChoice,
  sections: readonly Section[] = CONTRACT_SECTIONS,
): ContractData {
  const session = useSession();
  const data = useAnalysisSite(sections);
  const connection = session.connection;
  const version = data.snapshot.loadedAt;
  const loaded = useMemo((): {contracts: LoadedContracts | null; error?: string} => {
    void version;
    if (!connection) return {contracts: null};
    try {
      return {contracts: savedContracts(connection)};
    } catch (error) {
      return {contracts: null, error: (error as Error).message.replace(/\n\s*/g, ' ')};
    }
  }, [connection, version]);
  const site = data.site;
  const report = useMemo(
    () =>
      site && loaded.contracts
        ? checkContracts(site, loaded.contracts.spec, contractOptions(connection, ruleset, {}, site))
        : null,
    [site, loaded, connection, ruleset],
  );
  return {...data, ...loaded, report};
}

export function statementSummary(s: StatementResult): string {
  return statementText(s.spec);
}
