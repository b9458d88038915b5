// After a tunnel was created with a generated pre-shared key: the key stays
// masked on screen; c copies it so the remote gateway can be configured.
import {useActionHandler} from '../../../actions/bus.js';
import {type ViewProps} from '../../../app/views.js';
import {TextView} from '../../../components/TextView.js';

export interface PskParams {
  tunnel: string;
  remote: string;
  psk: string;
}

export function PskView({params, width, height, shell}: ViewProps<PskParams>) {
  useActionHandler('vpn.psk.copy', () => shell.copy(params.psk, `the pre-shared key of ${params.tunnel}`));
  const lines = [
    `Tunnel ${params.tunnel} was created with a pre-shared key generated here.`,
    '',
    `Pre-shared key   ${'•'.repeat(12)}  (${params.psk.length} characters, not shown)`,
    '',
    `c copies it to the clipboard: set the same key on the gateway at ${params.remote}.`,
    'VergeOS does not show it again and vseg keeps no copy: once this view closes (Esc) it is gone.',
  ];
  return <TextView lines={lines} width={width} height={height} offset={0} />;
}
