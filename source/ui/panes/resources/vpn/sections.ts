import type {Section} from '../../../../domain/model.js';

/** What every VPN view shows and reloads after a change. */
export const VPN_SECTIONS: readonly Section[] = ['vpn', 'networks', 'rules'];
