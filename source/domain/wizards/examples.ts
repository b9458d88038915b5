// Example answer files, one per wizard: `vseg wizard <step> --example` prints
// them, docs/WIZARDS.md shows them, and a test checks each one parses.
import type {WizardName} from './types.js';

export const EXAMPLES: Readonly<Record<WizardName, string>> = {
  topology: `wizard: topology
template: custom            # article = web, db, mgmt, dev
baseBlock: 10.20.0.0/16     # new networks get free blocks from here
prefix: 24
dns: 1.1.1.1,9.9.9.9
dhcp: true
defaultGateway: External    # default: the only external network
networks:
  - name: web
    description: Web servers
  - name: db
    cidr: 10.20.2.0/24      # anything left out is proposed
    dhcpRange: 10.20.2.100-10.20.2.150
  - name: mgmt
nics:                       # optional: move VM NICs onto the new networks
  - nic: web-01             # a VM with one NIC, or VM.NIC
    network: web
powerOn: true
`,
  rules: `wizard: rules
flows:                      # allow <from> to <to> on <protocol>/<ports>
  - from: web               # a network, vm:NAME, vm:NAME.NIC, alias:NAME, an IP/CIDR or outside
    to: db
    protocol: tcp           # tcp, udp, tcpudp, icmp, any
    ports: "5432"
  - from: alias:admins
    to: vm:db-01
    protocol: tcp
    ports: "22"
    name: ssh-admins-to-db-01   # optional; derived otherwise (allow-admins-to-db-01-tcp-22)
defaultDeny: true           # explicit final drop where a segment's incoming default is accept
`,
  aliases: `wizard: aliases
name: app-servers
description: Application tier
scope: private              # private, global, tenant, none
members:                    # vm:NAME, vm:NAME.NIC, net:NAME, IPs, CIDRs, ranges; "value|label" names an entry
  - vm:web-01
  - vm:web-02
  - 10.10.1.50|spare
replace: all                # rules spelling out exactly these addresses use the alias: all, none, or a list:
# replace:
#   - {network: db, rule: "Allow PostgreSQL from web", field: source}
`,
  vpn: `wizard: vpn
kind: wireguard
wireguard:
  network: mgmt             # the internal network the interface lives on
  name: wg1
  address: 192.168.250.1/24 # proposed when left out
  listenPort: 51821         # proposed when left out
  endpoint: 203.0.113.2     # the public address peers connect to (default: the uplink's router address)
  reach: [web, db]          # networks the peers may reach
  peers:
    - name: laptop-ann      # a key pair is generated here; the private key is printed once
      kind: remote-user
      keepalive: 25
    - name: branch
      kind: site-to-site
      endpoint: 198.51.100.7
      remoteSubnets: 172.21.0.0/16
      publicKey: "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk="   # the branch's own key
# IPsec instead:
# kind: ipsec
# ipsec:
#   network: vpn            # created as a VPN network when missing
#   tunnel: to-branch
#   remoteGateway: 198.51.100.20
#   localSubnets: [web]     # network names or CIDRs
#   remoteSubnets: [172.30.0.0/16]
#   psk: {secret: branch-psk}   # VSEG_SECRET_BRANCH_PSK; generated (and printed once) when left out
`,
  tenants: `wizard: tenants
tenant: globex              # created when it does not exist
description: Globex Corp
block:                      # optional: a network block of a parent network
  network: External
  cidr: 203.0.113.96/28
externalIp:                 # optional: one address of a parent network
  network: External
  ip: 203.0.113.21
isolate: true
`,
  monitor: `wizard: monitor
network: web
statistics: true            # hit counters on the network and every rule of it
mirroring: north_south      # off, north_south, east_west (short captures only)
capture: capture-01.eth1    # the capture VM's NIC, attached to web_mirror after the restart
restart: true               # mirroring takes effect when the network restarts
disableRules: []            # e.g. rules never hit
tighten: []                 # e.g. [{rule: "Allow HTTP/HTTPS", source: 10.0.0.0/8, ports: "443"}]
`,
  setup: `wizard: setup               # each section is the answer file of that step; a missing section is skipped
topology:
  template: article
  baseBlock: 10.30.0.0/16
rules:
  flows:
    - {from: web, to: db, protocol: tcp, ports: "5432"}
    - {from: mgmt, to: web, protocol: tcp, ports: "22"}
aliases:
  name: web-tier
  members: [net:web]
tenants:
  tenant: initech
  isolate: true
monitor:
  network: web
  mirroring: "off"
`,
};
