// Entry point: parse argv, pick the console or a headless command. Nothing else
// lives here.
import {processIO, UsageError} from './session/io.js';
import {PromptCancelled} from './store/secrets/prompt.js';
import {VERSION} from './version.js';
import {sanitize} from './domain/text.js';
import {errorText} from './session/errors.js';
import {withoutFetchProbe} from './ui/terminal/without-fetch-probe.js';

const help = (
  commands: ReadonlyArray<{name: string; summary: string}>,
) => `vseg ${VERSION} — network micro-segmentation console for VergeOS

Usage:
  vseg [--demo | --profile NAME | --url URL ...]   open the console
  vseg <command> [flags]                           run a headless command

Commands:
${commands.map((c) => `  ${c.name.padEnd(13)}${c.summary}`).join('\n')}

Run "vseg <command> --help" for a command's flags, "vseg --help-console" for the console's.
`;

async function main(argv: string[]): Promise<number> {
  const io = processIO();
  const first = argv[0];
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  // Commands load only when one is named: the console's start-up does not
  // pay for the analysis, site-file and wizard code it does not run.
  if (first === '--help-console') {
    const [{CONSOLE_USAGE}, {consoleKeyReference}] = await Promise.all([
      import('./ui/run-console.js'),
      import('./ui/key-reference.js'),
    ]);
    io.stdout.write(`${CONSOLE_USAGE}\n${consoleKeyReference()}\n`);
    return 0;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const {commands} = await import('./commands/index.js');
    io.stdout.write(help(commands));
    return 0;
  }
  if (first !== undefined && !first.startsWith('-')) {
    const {findCommand} = await import('./commands/index.js');
    const command = findCommand(first);
    if (!command) {
      io.stderr.write(`vseg: unknown command "${sanitize(first)}". Run "vseg --help" for the list.\n`);
      return 2;
    }
    const rest = argv.slice(1);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
      return 0;
    }
    // A dropped SSH session (SIGHUP) or Ctrl-C still deletes the session token.
    const {closeOpenConnections, installSignalCleanup} = await import('./session/connection.js');
    const uninstall = installSignalCleanup();
    try {
      return await command.run(rest, io);
    } finally {
      uninstall();
      await closeOpenConnections();
    }
  }
  const {runConsole} = await withoutFetchProbe(() => import('./ui/run-console.js'));
  return runConsole(argv, io);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`vseg: ${errorText(error)}\n`);
      process.exitCode = 2;
      return;
    }
    if (error instanceof PromptCancelled) {
      process.stderr.write('vseg: cancelled\n');
      process.exitCode = 130;
      return;
    }
    process.stderr.write(`vseg: ${errorText(error)}\n`);
    process.exitCode = 2;
  },
);
