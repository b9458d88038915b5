// Tenant, mirroring and VM edits on the demo site: what a tenant holds, the
// actions and what isolation cuts; mirror modes, restart and capture NICs;
// NIC addresses and moves.
import {beforeAll, describe, expect, it} from 'vitest';
import {describeCall, formatCall} from '../../../source/domain/changes/describe.js';
import type {Site} from '../../../source/domain/model.js';
import {
  isolationImpact,
  tenantActionPlan,
  tenantActionRefusal,
  tenantResources,
} from '../../../source/domain/edits/tenants.js';
import {
  attachCapturePlan,
  attachImpact,
  captureCandidates,
  captureNics,
  mirrorModeExplanation,
  mirrorModePlan,
  mirrorNetworkOf,
  mirrorPending,
  restartExplanation,
  restartPlan,
  validateCaptureNic,
  validateMirrorMode,
} from '../../../source/domain/edits/mirrors.js';
import {moveImpact, moveNicPlan, nicAddress, validateNicTarget} from '../../../source/domain/edits/vms.js';
import {byName, demoSite} from './site.js';

let site: Site;
beforeAll(async () => {
  site = await demoSite();
});

describe('tenants', () => {
  it("a tenant's network, blocks and external IPs on this site", () => {
    const acme = byName(site.tenants, 'acme');
    const r = tenantResources(acme, site);
    expect(r.network?.name).toBe('tenant_acme');
    expect(r.blocks.map((b) => [b.cidr, b.networkName])).toEqual([['203.0.113.64/28', 'External']]);
    expect(r.externalIps.map((a) => [a.ip, a.networkName])).toEqual([['203.0.113.20', 'External']]);
  });

  it('actions: isolation waits for the new state; power does not; refusals when already there', () => {
    const acme = byName(site.tenants, 'acme');
    const on = tenantActionPlan(acme, 'isolateon');
    expect(formatCall(describeCall(on.steps[0]))).toBe(
      `POST /api/v4/tenant_actions tenant=${acme.key} action="isolateon"`,
    );
    expect(on.steps[0]).toMatchObject({waitFor: {table: 'tenants', key: acme.key, field: 'isolate', equals: true}});
    expect(tenantActionPlan(acme, 'poweroff').steps[0]).not.toHaveProperty('waitFor');
    expect(tenantActionRefusal(acme, 'poweron')).toMatch(/already online/);
    expect(tenantActionRefusal(acme, 'poweroff')).toBeUndefined();
    expect(tenantActionRefusal(acme, 'isolateoff')).toMatch(/not isolated/);
    expect(tenantActionRefusal({...acme, isolate: true}, 'isolateon')).toMatch(/already isolated/);
  });

  it("isolation says what it cuts, in the tenant's own addresses", () => {
    const text = isolationImpact(byName(site.tenants, 'acme'), site, 'isolateon').join(' ');
    expect(text).toContain('cuts every network path');
    expect(text).toContain('tenant_acme');
    expect(text).toContain('203.0.113.20 (External)');
    expect(text).toContain('203.0.113.64/28 (External)');
    expect(isolationImpact(byName(site.tenants, 'acme'), site, 'isolateoff').join(' ')).toContain('restores');
  });
});

describe('port mirroring', () => {
  it('finds the mirror network and its capture NICs; knows when a restart is pending', () => {
    const web = byName(site.networks, 'web');
    const db = byName(site.networks, 'db');
    expect(mirrorNetworkOf(web, site)?.name).toBe('web_mirror');
    expect(captureNics(web, site).map((c) => `${c.vm.name}.${c.nic.name}`)).toEqual(['capture-01.eth1']);
    expect(mirrorPending(web, site)).toBeUndefined();
    expect(mirrorPending({...db, portMirroring: 'east_west'}, site)).toBe('create');
    expect(mirrorPending({...web, portMirroring: 'off'}, site)).toBe('remove');
  });

  it('mode change: one PUT, plus the restart when asked; the words say what it costs', () => {
    const db = byName(site.networks, 'db');
    expect(mirrorModePlan(db, 'east_west', false).steps.map((s) => formatCall(describeCall(s)))).toEqual([
      `PUT /api/v4/vnets/${db.key} port_mirroring="east_west"`,
    ]);
    expect(mirrorModePlan(db, 'north_south', true).steps.map((s) => formatCall(describeCall(s)))).toEqual([
      `PUT /api/v4/vnets/${db.key} port_mirroring="north_south"`,
      `POST /api/v4/vnet_actions vnet=${db.key} action="reset" params={apply:false}`,
    ]);
    expect(mirrorModePlan(db, 'off', false).steps).toEqual([]);
    expect(restartPlan(db).steps).toHaveLength(1);
    expect(mirrorModeExplanation('east_west').join(' ')).toMatch(/short captures only/);
    expect(restartExplanation(db).join(' ')).toMatch(/interrupts/);
    expect(restartExplanation(byName(site.networks, 'dev')).join(' ')).toMatch(/rule changes waiting for Apply Rules/);
    expect(validateMirrorMode('sideways', {}, site, db)).toMatch(/choose one of/);
    expect(validateMirrorMode('east_west', {}, site, byName(site.networks, 'web_mirror'))).toMatch(
      /cannot itself be mirrored/,
    );
  });

  it('capture NIC: only once the mirror exists, not one already on it; the PUT moves it', () => {
    const web = byName(site.networks, 'web');
    const db = byName(site.networks, 'db');
    const capture = byName(site.vms, 'capture-01');
    const eth0 = capture.nics.find((n) => n.name === 'eth0')!;
    const eth1 = capture.nics.find((n) => n.name === 'eth1')!;
    expect(validateCaptureNic(String(eth0.key), {}, site, db)).toMatch(/no mirror network yet/);
    expect(validateCaptureNic(String(eth1.key), {}, site, web)).toMatch(/already on web_mirror/);
    expect(validateCaptureNic(undefined, {}, site, web)).toMatch(/choose/);
    expect(validateCaptureNic(String(eth0.key), {}, site, web)).toBeUndefined();
    expect(captureCandidates(web, site).map((c) => c.nic.key)).not.toContain(eth1.key);
    const mirror = mirrorNetworkOf(web, site)!;
    expect(formatCall(describeCall(attachCapturePlan(web, eth0.key, site).steps[0]))).toBe(
      `PUT /api/v4/machine_nics/${eth0.key} vnet=${mirror.key}`,
    );
    expect(attachImpact(web, eth0.key, site).join(' ')).toContain('It leaves mgmt');
  });
});

describe('VMs', () => {
  it("a NIC's address: reported, else its static lease", () => {
    const web01 = byName(site.vms, 'web-01');
    const nic = web01.nics[0];
    expect(nicAddress(nic, site)).toBe('10.10.1.11');
    expect(nicAddress({...nic, ip: ''}, site)).toBe('10.10.1.11');
    expect(nicAddress({...nic, ip: '', mac: '00:00:00:00:00:00'}, site)).toBe('');
  });

  it("moving a NIC: another existing network, not a tenant's; the PUT and what it changes", () => {
    const web02 = byName(site.vms, 'web-02');
    const nic = web02.nics[0];
    const web = byName(site.networks, 'web');
    const dev = byName(site.networks, 'dev');
    expect(validateNicTarget(String(web.key), {}, site, nic)).toMatch(/already on web/);
    expect(validateNicTarget(String(byName(site.networks, 'tenant_acme').key), {}, site, nic)).toMatch(
      /belongs to a tenant/,
    );
    expect(validateNicTarget('999', {}, site, nic)).toMatch(/no longer exists/);
    expect(validateNicTarget(String(dev.key), {}, site, nic)).toBeUndefined();
    expect(formatCall(describeCall(moveNicPlan(web02, nic, dev.key, site).steps[0]))).toBe(
      `PUT /api/v4/machine_nics/${nic.key} vnet=${dev.key}`,
    );
    const impact = moveImpact(web02, nic, dev.key, site).join(' ');
    expect(impact).toContain('moves from web to dev (10.10.4.0/24)');
    expect(impact).toContain('rules naming 10.10.1.12 no longer match it');
  });
});
