// `vseg logout`: forget a profile's saved secret (password or API key) in the
// keyring; with --remove, the profile as well. Session tokens are never saved,
// so there is none to delete here: each connection deletes its own on exit.
import {forgetSignIn} from '../session/signin.js';
import {openProfiles} from '../store/profiles.js';
import {vsegPaths} from '../store/paths.js';
import {KeyringStore} from '../store/secrets/keyring.js';
import {parseFlags} from '../session/flags.js';
import {UsageError} from '../session/io.js';
import {write} from './output.js';
import {EXIT, type Command} from './types.js';

const OPTIONS = {
  profile: {type: 'string', short: 'p'},
  remove: {type: 'boolean'},
} as const;

export const logoutCommand: Command = {
  name: 'logout',
  summary: "forget a profile's saved secret (--remove: the profile too)",
  usage: `Usage: vseg logout [--profile NAME] [--remove]

Deletes the password or API key saved for the profile (default: the default
profile) from the OS keyring. The profile itself stays unless --remove is given.

  -p, --profile NAME   the profile (see vseg profiles)
      --remove         also delete the profile`,
  async run(argv, io) {
    try {
      const {values} = parseFlags(argv, OPTIONS, false);
      const paths = vsegPaths(io.env);
      const profiles = openProfiles(paths);
      const profile = values.profile !== undefined ? profiles.get(values.profile) : profiles.resolveDefault();
      if (!profile) {
        throw new UsageError(
          values.profile !== undefined
            ? `there is no profile "${values.profile}"`
            : 'no default profile: name one with --profile NAME',
        );
      }
      const result = await forgetSignIn(profile.name, [new KeyringStore({env: io.env})]);
      let text = `${result.message}\n`;
      if (values.remove) {
        profiles.remove(profile.name);
        text += `Removed profile "${profile.name}" from ${profiles.path}.\n`;
      }
      await write(io.stdout, text);
      return EXIT.ok;
    } catch (error) {
      if (error instanceof UsageError) {
        await write(io.stderr, `vseg logout: ${error.message}\n`);
        return EXIT.usage;
      }
      throw error;
    }
  },
};
