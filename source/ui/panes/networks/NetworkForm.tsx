// New / edit internal network: name, block, router, gateway, DHCP, DNS and
// the default gateway network, checked as typed; nothing is sent until valid.
import {Box} from 'ink';
import {useMemo} from 'react';
import {
  createNetworkPlan,
  DNS_MODES,
  networkFormValues,
  NETWORK_CHECKS,
  updateNetworkPlan,
  type NetworkContext,
} from '../../../domain/edits/networks.js';
import type {Key, Site} from '../../../domain/model.js';
import type {ViewProps} from '../../app/views.js';
import type {FieldDef, FormValues} from '../../components/form/fields.js';
import {useSession, useSite} from '../../data/session.js';
import {NoteLine} from '../core/DataAge.js';
import {EditForm, type EditContext, type SubmitResult} from '../core/EditForm.js';
import {keptNotice, mergeFormEdit} from '../core/merge-edit.js';
import {lastError, runPlan} from '../core/run-plan.js';
import {NETWORK_SECTIONS} from './NetworksList.js';

export interface NetworkFormParams {
  /** The network to edit; absent for a new one. */
  key?: Key;
}

export function networkFields(site: Site, ctx: NetworkContext): FieldDef[] {
  const network = ctx.key === undefined ? undefined : site.networks.find((n) => n.key === ctx.key);
  const initial = networkFormValues(site, network);
  const check = (name: string) => (value: string | undefined, values: FormValues) =>
    NETWORK_CHECKS[name](value ?? '', values, ctx);
  const text = (name: string, label: string, hint: string, placeholder?: string): FieldDef => ({
    kind: 'text',
    name,
    label,
    hint,
    placeholder,
    initial: String(initial[name] ?? ''),
    validate: check(name),
  });
  const gateways = site.networks.filter((n) => n.key !== ctx.key && n.type !== 'port_mirror');
  const fields: FieldDef[] = [
    text('name', 'Name', 'Unique on the site; no spaces'),
    text('description', 'Description', 'Free text'),
    text('cidr', 'Address block', 'CIDR, e.g. 10.10.5.0/24; must not overlap another internal network'),
    text('routerIp', 'Router IP', 'Empty = the first host of the block', 'first host'),
    text('gateway', 'Gateway', 'Gateway handed to DHCP clients; empty = the router IP', 'router IP'),
    {
      kind: 'toggle',
      name: 'dhcpEnabled',
      label: 'DHCP',
      hint: 'Hand out addresses on this network',
      initial: initial['dhcpEnabled'] === true,
    },
    text('dhcpStart', 'DHCP start', 'Empty (both) = .100–.200 of a /24', 'default'),
    text('dhcpStop', 'DHCP stop', 'Empty (both) = .100–.200 of a /24', 'default'),
    {
      kind: 'select',
      name: 'dnsMode',
      label: 'DNS',
      options: DNS_MODES.map((m) => ({value: m, label: m})),
      initial: String(initial['dnsMode']),
    },
    text('dnsServers', 'DNS servers', 'Comma list of IPs handed to DHCP clients, e.g. 1.1.1.1,9.9.9.9'),
    text('domain', 'Domain', 'DNS domain of the network, e.g. web.example.internal'),
    {
      kind: 'picker',
      name: 'defaultGateway',
      label: 'Default gateway',
      hint: 'The network this one reaches the outside through (usually External)',
      items: [
        {value: '', label: 'none', detail: 'no route to the outside'},
        ...gateways.map((n) => ({value: String(n.key), label: n.name, detail: `${n.type} ${n.cidr}`})),
      ],
      initial: String(initial['defaultGateway'] ?? ''),
      validate: (v, values) => check('defaultGateway')(v ?? '', values),
    },
  ];
  if (!network)
    fields.push({
      kind: 'toggle',
      name: 'powerOn',
      label: 'Power on',
      hint: 'VergeOS creates networks stopped; start it right away',
      initial: initial['powerOn'] === true,
    });
  return fields;
}

export function NetworkFormView({params, width, height, active, shell}: ViewProps<NetworkFormParams>) {
  const snapshot = useSite(NETWORK_SECTIONS);
  const session = useSession();
  const site = snapshot.site;
  const network = params.key === undefined ? undefined : site?.networks.find((n) => n.key === params.key);
  const fields = useMemo(() => (site ? networkFields(site, {site, key: params.key}) : []), [site, params.key]);
  if (!site || (params.key !== undefined && !network)) {
    return (
      <Box width={width} height={height}>
        <NoteLine width={width} text={site ? 'That network is gone (refresh with r)' : 'Loading…'} />
      </Box>
    );
  }
  const submit = async (values: FormValues, edit: EditContext): Promise<SubmitResult> => {
    let plan;
    let restart = false;
    let kept: string[] = [];
    if (network) {
      // Someone may have changed the network while the form was open: only what the operator changed is sent.
      const merged = await mergeFormEdit(session, {
        sections: NETWORK_SECTIONS,
        find: (s) => s.networks.find((n) => n.key === network.key),
        fields: (s, n) => networkFields(s, {site: s, key: n.key}),
        base: edit.base,
        mine: values,
        choices: edit.choices,
      });
      if (merged.kind === 'gone') return `network ${network.name} was deleted meanwhile`;
      if (merged.kind === 'conflicts') return {conflicts: merged.conflicts};
      kept = merged.kept;
      try {
        ({plan, restart} = updateNetworkPlan(merged.row, merged.values, merged.site));
      } catch (error) {
        return (error as Error).message;
      }
    } else {
      try {
        plan = createNetworkPlan(values, session.getSnapshot().site ?? site);
      } catch (error) {
        return (error as Error).message;
      }
    }
    const ok = await runPlan(shell, session, plan);
    if (!ok) return lastError(session, 'the change was not made');
    if (restart)
      shell.notify(
        'warning',
        `${network!.name}: the new settings take effect when it restarts (R on the networks list)`,
      );
    const notice = network ? keptNotice(`network ${network.name}`, kept) : undefined;
    if (notice) shell.notify('warning', notice);
    shell.pop();
    return undefined;
  };
  return (
    <EditForm
      key={params.key ?? 'new'}
      title={network ? `Edit network ${network.name}` : 'New internal network'}
      fields={fields}
      submitLabel={network ? 'Save' : 'Create'}
      onSubmit={submit}
      onCancel={() => shell.pop()}
      width={width}
      height={height}
      isActive={active}
    />
  );
}
