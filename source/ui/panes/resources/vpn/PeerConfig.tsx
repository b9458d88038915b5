// A peer's client configuration (wg-quick format) to copy with c (OSC 52).
// For a peer just created with a key pair made here, the private key is in it
// — shown this once, never stored, never sent, forgotten when this closes.
import {peerClientConfig} from '../../../../domain/edits/wireguard.js';
import {useActionHandler} from '../../../actions/bus.js';
import {type ViewProps} from '../../../app/views.js';
import {TextView, useTextView, useTextViewInput} from '../../../components/TextView.js';
import {useLoadedSite} from '../shared/use-loaded-site.js';
import {Missing} from '../shared/Missing.js';
import {VPN_SECTIONS} from './sections.js';

export interface PeerConfigParams {
  iface: number;
  peer: number;
  name: string;
  /** Only right after the pair was made here. */
  privateKey?: string;
  dns?: string;
  routes?: string;
}

const NOTE_WITH_KEY = [
  '# The private key below was made on this machine and is shown only now:',
  '# VergeOS never received it and vseg keeps no copy. c copies the whole file.',
  '',
];
const NOTE_WITHOUT_KEY = [
  '# The private key stays with the peer (for keys VergeOS generated, its UI offers',
  '# the complete file). Put it in PrivateKey. c copies this.',
  '',
];

export function PeerConfig({params, width, height, shell, state}: ViewProps<PeerConfigParams>) {
  const {site} = useLoadedSite(VPN_SECTIONS);
  const iface = site?.wireguards.find((w) => w.key === params.iface);
  const peer = iface?.peers.find((p) => p.key === params.peer);
  const config =
    site && iface && peer
      ? peerClientConfig(iface, peer, site, {
          privateKey: params.privateKey,
          dns: params.dns,
          routes: params.routes,
          siteHost: state.host,
        })
      : [];
  const lines = [...(params.privateKey ? NOTE_WITH_KEY : NOTE_WITHOUT_KEY), ...config];
  const view = useTextView({lineCount: lines.length, height});
  useTextViewInput(view);
  useActionHandler('vpn.config.copy', () => {
    if (config.length) shell.copy(`${config.join('\n')}\n`, `the client configuration of ${params.name}`);
  });
  if (!site) return <Missing width={width} text="Loading…" />;
  if (!peer) return <Missing width={width} text={`Peer ${params.name} no longer exists (Esc goes back)`} />;
  return (
    <TextView
      lines={lines}
      width={width}
      height={height}
      offset={view.offset}
      left={view.left}
      tone={(line) => (line.startsWith('#') ? 'muted' : line.startsWith('[') ? 'accent' : undefined)}
    />
  );
}
