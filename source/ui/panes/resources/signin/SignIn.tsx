// First run (no profile yet) and :ctx → n: sign in to a site in two steps.
//  1. Address → GET /version.json with no credential. An untrusted certificate
//     is shown (fingerprint, subject, validity) and pinned only if the
//     operator trusts it; a pinned one that changed is refused, both
//     fingerprints shown.
//  2. Credentials (masked) → one sign-in attempt, never repeated by itself →
//     profile and secret saved → the console switches to the new profile.
import {Box, Text} from 'ink';
import {useMemo, useState} from 'react';
import {VergeError} from '../../../../api/errors.js';
import type {TlsTrust} from '../../../../api/fingerprint.js';
import type {SiteUrl} from '../../../../api/url.js';
import {settingFromTrust} from '../../../../session/connection.js';
import {probeSite, saveSignIn, testCredentials, type Credentials} from '../../../../session/signin.js';
import {sanitize} from '../../../../domain/text.js';
import {openProfiles, type Profile} from '../../../../store/profiles.js';
import {type ViewProps} from '../../../app/views.js';
import type {FieldDef, FormValues} from '../../../components/form/fields.js';
import {useSession} from '../../../data/session.js';
import {useTheme} from '../../../theme/context.js';
import type {Tone} from '../../../theme/tokens.js';
import {fit} from '../../../../domain/text-width.js';
import {FormScreen} from '../shared/FormScreen.js';
import {wrapText} from '../../../text/wrap.js';
import {
  certificateLines,
  LOCKOUT_WARNING,
  mismatchLines,
  profileNameError,
  siteChoice,
  suggestProfileName,
  trustText,
  untrustedLines,
  urlError,
} from './flow.js';
import {errorText} from '../../../../session/errors.js';

const TIMEOUT_MS = 15_000;

type Phase =
  {kind: 'address'} | {kind: 'credentials'; site: SiteUrl; trust: TlsTrust; version: string; existing?: Profile};

interface Message {
  tone: Tone;
  lines: readonly string[];
}

export function SignIn({width, height, shell, state}: ViewProps<undefined>) {
  const theme = useTheme();
  const session = useSession();
  const [phase, setPhase] = useState<Phase>({kind: 'address'});
  const [message, setMessage] = useState<Message | undefined>();
  const [busy, setBusy] = useState<string | undefined>();

  const addressFields = useMemo<FieldDef[]>(
    () => [
      {
        kind: 'text',
        name: 'url',
        label: 'Site address',
        // Started with --url (say its certificate was not trusted yet): that site, not a blank.
        initial: session.given.url ?? '',
        placeholder: 'https://vergeos.example',
        validate: urlError,
        hint: 'Only /version.json is asked for now: no credential is sent in this step',
      },
    ],
    [session],
  );
  const credentialFields = useMemo<FieldDef[]>(() => {
    if (phase.kind !== 'credentials') return [];
    const {site, existing} = phase;
    let hasDefault: boolean;
    try {
      hasDefault = openProfiles(session.paths).resolveDefault() !== undefined;
    } catch {
      hasDefault = false;
    }
    return [
      {
        kind: 'select',
        name: 'auth',
        label: 'Sign in with',
        options: [
          {value: 'password', label: 'user and password'},
          {value: 'apiKey', label: 'API key'},
        ],
        initial: existing?.auth ?? 'password',
      },
      {
        kind: 'text',
        name: 'user',
        label: 'User',
        initial: existing?.user ?? session.given.user ?? '',
        validate: (v, values) =>
          values['auth'] === 'password' && v.trim() === '' ? 'a user name is required' : undefined,
      },
      {
        kind: 'secret',
        name: 'secret',
        label: 'Password / key',
        validate: (v) => (v === '' ? 'required (it is masked)' : undefined),
        hint: 'Masked. Saved in the OS keyring, never in the profile file',
      },
      {
        kind: 'text',
        name: 'profile',
        label: 'Profile name',
        initial: existing?.name ?? suggestProfileName(site, session.paths),
        validate: (v) => profileNameError(v, site, session.paths),
      },
      {
        kind: 'toggle',
        name: 'readOnly',
        label: 'Read-only',
        initial: existing?.readOnly ?? false,
        hint: 'A read-only profile never offers a change',
      },
      {
        kind: 'toggle',
        name: 'makeDefault',
        label: 'Default profile',
        initial: !hasDefault,
        hint: 'Open this site when vseg starts without --profile',
      },
    ];
  }, [phase, session]);

  const probe = async (values: FormValues) => {
    let choice;
    try {
      choice = siteChoice(String(values['url'] ?? ''), session.paths);
    } catch (error) {
      setMessage({tone: 'danger', lines: [errorText(error)]});
      return;
    }
    setMessage(undefined);
    setBusy(`Reaching ${choice.site.host} (GET /version.json, no credentials)…`);
    try {
      let result = await probeSite(choice.site, choice.trust, {timeoutMs: TIMEOUT_MS});
      if (result.status === 'mismatch') {
        setMessage({tone: 'danger', lines: mismatchLines(result)});
        return;
      }
      if (result.status === 'untrusted') {
        setBusy(undefined);
        const trusted = await shell.confirm({
          title: `Trust the certificate of ${result.site.host}?`,
          message: untrustedLines(result).join('\n'),
          confirmLabel: 'Trust and pin',
        });
        if (!trusted) {
          setMessage({
            tone: 'warning',
            lines: [
              'Not trusted: nothing was sent. Check the fingerprint with the site, then try again.',
              ...certificateLines(result.certificate).slice(0, 2),
            ],
          });
          return;
        }
        setBusy(`Checking ${result.site.host} with the pinned certificate…`);
        result = await probeSite(
          choice.site,
          {mode: 'pin', fingerprint: result.certificate.fingerprint},
          {timeoutMs: TIMEOUT_MS},
        );
        if (result.status !== 'ok') {
          setMessage({tone: 'danger', lines: [result.error.describe()]});
          return;
        }
      }
      setPhase({
        kind: 'credentials',
        site: result.site,
        trust: result.trust,
        version: result.version.version,
        existing: choice.existing,
      });
    } catch (error) {
      setMessage({tone: 'danger', lines: [errorText(error)]});
    } finally {
      setBusy(undefined);
    }
  };

  const signIn = async (values: FormValues) => {
    if (phase.kind !== 'credentials') return;
    const {site, trust, version} = phase;
    const secret = String(values['secret'] ?? '');
    const apiKey = values['auth'] === 'apiKey';
    const user = String(values['user'] ?? '').trim();
    const credentials: Credentials = apiKey
      ? {kind: 'apiKey', key: secret}
      : {kind: 'password', user, password: secret};
    const who = apiKey ? 'with the API key' : `as ${user}`;
    setMessage(undefined);
    setBusy(`Signing in to ${site.host} ${who}…`);
    try {
      const check = await testCredentials(site, trust, credentials, {timeoutMs: TIMEOUT_MS});
      if (check.leftOpen) session.model.notify('warning', check.leftOpen);
      const name = String(values['profile'] ?? '').trim();
      const saved = await saveSignIn({
        paths: session.paths,
        profile: {
          name,
          url: site.origin,
          auth: apiKey ? 'apiKey' : 'password',
          user: apiKey ? undefined : user,
          tls: settingFromTrust(trust),
          readOnly: values['readOnly'] === true,
        },
        secret,
        stores: session.secretStores(),
        makeDefault: values['makeDefault'] === true,
      });
      const cloud = check.cloudName ? ` (${check.cloudName}, VergeOS ${version})` : ` (VergeOS ${version})`;
      const word = apiKey ? 'API key' : 'password';
      shell.notify(
        saved.storedIn ? 'success' : 'warning',
        saved.storedIn
          ? `Signed in to ${site.host} ${who}${cloud}; profile ${saved.profile.name} saved, its ${word} in the ${saved.storedIn}.`
          : `Profile ${saved.profile.name} saved, but not its ${word} (kept in memory for this console only): ${saved.message}`,
      );
      void session.switchProfile(saved.profile.name, {secret});
      shell.jump('networks');
    } catch (error) {
      if (error instanceof VergeError && error.kind === 'auth') {
        setMessage({
          tone: 'danger',
          lines: [
            `Sign-in to ${site.host} ${who} failed: the server refused the credentials${error.serverMessage ? ` ("${error.serverMessage}")` : ''}.`,
            `${LOCKOUT_WARNING} Check the user name and password before submitting again.`,
          ],
        });
      } else {
        setMessage({tone: 'danger', lines: [errorText(error)]});
      }
    } finally {
      setBusy(undefined);
    }
  };

  const head: {text: string; tone: Tone}[] = [];
  const say = (text: string, tone: Tone) => {
    for (const w of wrapText(sanitize(text), width)) head.push({text: w, tone});
  };
  if (phase.kind === 'address' && state.needsSignIn && !message)
    say('No site is saved yet. Sign in once; the profile is kept for next time (:ctx switches sites).', 'info');
  if (phase.kind === 'credentials') {
    say(`${phase.site.host} answers: VergeOS ${phase.version}, ${trustText(phase.trust)}.`, 'ok');
    if (!message) say(LOCKOUT_WARNING, 'muted');
  }
  for (const line of message?.lines ?? []) say(line, message!.tone);
  if (busy) say(busy, 'accent');
  const fields = phase.kind === 'address' ? addressFields : credentialFields;
  // The form needs its fields plus 3 rows of chrome; the messages get the rest.
  const shown = head.slice(0, Math.max(0, height - fields.length - 4));
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      {shown.map((l, i) => (
        <Text key={i} wrap="truncate-end" {...theme.style(l.tone)}>
          {fit(sanitize(l.text), width, 'left', theme.glyphs.ellipsis)}
        </Text>
      ))}
      <FormScreen
        key={phase.kind}
        title={phase.kind === 'address' ? 'Sign in — 1/2: the site' : 'Sign in — 2/2: credentials'}
        fields={fields}
        submitLabel={phase.kind === 'address' ? 'Check the site' : 'Sign in'}
        width={width}
        height={Math.max(fields.length + 3, height - shown.length)}
        onCancel={() =>
          phase.kind === 'credentials' ? (setPhase({kind: 'address'}), setMessage(undefined)) : shell.pop()
        }
        onSubmit={phase.kind === 'address' ? probe : signIn}
      />
    </Box>
  );
}
