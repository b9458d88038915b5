// Clear Statistics on a network: every rule's hit counters restart from zero
// (`vnet_actions` `clear_statistics`, listed in TS network/service.ts; its
// params are not public, so none are sent). vseg's own hit history
// (store/hit-history.ts) reads the drop as a reset, not as the loss of hits.
import type {ChangePlan} from '../changes/types.js';
import type {Network} from '../model.js';

export function clearStatisticsPlan(network: Network): ChangePlan {
  return {
    title: `Clear statistics of ${network.name}`,
    steps: [
      {
        kind: 'action',
        id: `clear statistics of network ${network.name}`,
        title: `Clear the hit counters of every rule of ${network.name}`,
        table: 'vnet_actions',
        body: {vnet: network.key, action: 'clear_statistics'},
      },
    ],
  };
}
