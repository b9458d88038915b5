// The tenant actions both tenant views offer: each asks first, saying what it
// cuts or starts, then runs through the session.
import {
  isolationImpact,
  powerImpact,
  tenantActionPlan,
  tenantActionRefusal,
  type TenantIsolateAction,
  type TenantPowerAction,
} from '../../../../domain/edits/tenants.js';
import type {Site, Tenant} from '../../../../domain/model.js';
import type {ConsoleSession} from '../../../../session/console-session.js';
import type {ShellApi} from '../../../app/shell-api.js';
import {confirmAndRun} from '../../core/run-plan.js';

export const TENANT_SECTIONS = ['tenants', 'networks', 'addresses'] as const;

export function runTenantAction(
  shell: ShellApi,
  session: ConsoleSession,
  site: Site,
  tenant: Tenant,
  action: TenantPowerAction | TenantIsolateAction,
  triggerKey: string,
): void {
  const refusal = tenantActionRefusal(tenant, action);
  if (refusal) {
    shell.notify('info', refusal);
    return;
  }
  const isolate = action === 'isolateon' || action === 'isolateoff';
  void confirmAndRun(shell, session, tenantActionPlan(tenant, action), {
    message: isolate ? isolationImpact(tenant, site, action) : powerImpact(tenant, action),
    confirmLabel: {poweron: 'Power on', poweroff: 'Power off', isolateon: 'Isolate', isolateoff: 'End isolation'}[
      action
    ],
    dangerous: action === 'poweroff' || action === 'isolateon',
    triggerKey,
    refresh: [...TENANT_SECTIONS],
  });
}

/** The isolate key toggles: on when the tenant is not isolated, off when it is. */
export function isolateActionFor(tenant: Tenant): TenantIsolateAction {
  return tenant.isolate ? 'isolateoff' : 'isolateon';
}
