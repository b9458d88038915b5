// The headless commands, in the order `vseg --help` lists them.
import {applyCommand} from './apply.js';
import {applyRulesCommand} from './apply-rules.js';
import {checkCommand} from './check.js';
import {diagCommand} from './diag.js';
import {driftCommand} from './drift.js';
import {exportCommand} from './export.js';
import {getCommand} from './get.js';
import {historyCommand} from './history.js';
import {infoCommand} from './info.js';
import {lintCommand} from './lint.js';
import {loginCommand} from './login.js';
import {logoutCommand} from './logout.js';
import {matrixCommand} from './matrix.js';
import {planCommand} from './plan.js';
import {profilesCommand} from './profiles.js';
import {rollbackCommand} from './rollback.js';
import {simulatorCommand} from './simulator.js';
import type {Command} from './types.js';
import {whyCommand} from './why.js';
import {wizardCommand} from './wizard.js';

export const commands: Command[] = [
  getCommand,
  whyCommand,
  matrixCommand,
  lintCommand,
  checkCommand,
  diagCommand,
  applyRulesCommand,
  exportCommand,
  planCommand,
  applyCommand,
  wizardCommand,
  driftCommand,
  historyCommand,
  rollbackCommand,
  loginCommand,
  logoutCommand,
  profilesCommand,
  infoCommand,
  simulatorCommand,
];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
