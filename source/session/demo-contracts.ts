// The demo site's built-in contracts: the segmentation the article designs
// (web, db, mgmt, dev), as docs/examples/article-contracts.yaml states it
// (a test keeps the two identical). The demo uses them when no contract file
// was saved for it.
export const ARTICLE_CONTRACTS = `# vseg segmentation contracts (apiVersion vseg/v1): intent between zones, checked with "vseg check".
# Zones are networks (net:NAME), aliases (alias:NAME), VMs (vm:NAME), addresses or CIDRs, or outside.
apiVersion: vseg/v1
kind: Contracts
zones:
  admins: alias:admins
  db: net:db
  dev: net:dev
  internet:
    members: outside
    except: [alias:admins, 172.20.0.0/16]
  mgmt: net:mgmt
  web: net:web
statements:
  - name: the internet reaches web only on HTTP and HTTPS
    from: internet
    to: web
    allowOnly: [tcp/80, tcp/443]
  - name: web reaches db only on PostgreSQL
    from: web
    to: db
    allowOnly: tcp/5432
  - name: dev never reaches production
    from: dev
    to: [web, db]
    never: true
    logged: true
    described: true
  - name: mgmt is closed but for its WireGuard endpoint
    from: [internet, web, db, dev]
    to: mgmt
    allowOnly: udp/51820
  - name: admins keep SSH to every tier
    from: admins
    to: [web, db, dev]
    mustReach: tcp/22
`;
