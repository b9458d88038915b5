// After a tunnel was created with a generated pre-shared key: the key stays
// masked; c sends it to the terminal's clipboard (which may drop it: tmux does
// by default) and v shows it here, on request, for as long as this view is
// open — vseg keeps no copy, so once it closes the key is gone.
import {useState} from 'react';
import {useActionHandler} from '../../../actions/bus.js';
import {type ViewProps} from '../../../app/views.js';
import {TextView} from '../../../components/TextView.js';
import {useTheme} from '../../../theme/context.js';

export interface PskParams {
  tunnel: string;
  remote: string;
  psk: string;
}

export function PskView({params, width, height, shell}: ViewProps<PskParams>) {
  const theme = useTheme();
  const [shown, setShown] = useState(false);
  useActionHandler('vpn.psk.copy', () => shell.copy(params.psk, `the pre-shared key of ${params.tunnel}`));
  useActionHandler('vpn.psk.reveal', () => setShown((s) => !s));
  const lines = [
    `Tunnel ${params.tunnel} was created with a pre-shared key generated here.`,
    '',
    shown
      ? `Pre-shared key   ${params.psk}`
      : `Pre-shared key   ${theme.glyphs.mask.repeat(12)}  (${params.psk.length} characters, not shown)`,
    '',
    shown
      ? 'Shown because you asked (v hides it): anyone who can see this screen can read it. It is not logged.'
      : 'v shows it here, to type or select on the gateway; c sends it to the terminal clipboard (OSC 52).',
    `Set the same key on the gateway at ${params.remote}.`,
    'VergeOS does not show it again and vseg keeps no copy: once this view closes (Esc) it is gone.',
  ];
  return <TextView lines={lines} width={width} height={height} offset={0} />;
}
