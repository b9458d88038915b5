// `vseg simulator --help`, read by the command list (which must not load the
// simulator to print it) and by the simulator's own argument errors.
export const SIMULATOR_USAGE = `Usage: vseg simulator [--host 127.0.0.1] [--port N|0] [--tls] [--seed demo|empty|scale:N:M]
                      [--latency MS] [--faults SPEC] [--state FILE] [--user U] [--password-stdin]
                      [--apply-delay MS] [--power-delay MS] [--query-delay MS] [--strict-queries]
                      [--stale-router NETWORK]... [--l2 TENANT:NETWORK]...

Starts a server that answers like VergeOS's API and prints one line of JSON:
{"url":"...","user":"...","password":"...","fingerprint":"..."}. The password comes from
--password-stdin, VSEG_SIM_PASSWORD, or is generated. Fault spec: see source/simulator/README.md.

  --stale-router NETWORK  that network's router ignores Apply Rules from now on (it keeps
                          running its current ruleset) while the API reports the apply done
  --l2 TENANT:NETWORK     pass NETWORK through to TENANT at layer 2 (tenant_layer2_vnets):
                          traffic between them bypasses the router's rules
  --query-delay MS        base duration of a diagnostic query (vnet_queries), default 400
  --strict-queries        unknown fields/filter columns are 422s instead of being ignored as 26.1.8 does`;
