// n in :tenants: a new tenant by name and description, without the wizard.
// Its blocks, external addresses and isolation come from the tenant wizard
// (which finds the tenant there) or a site file.
import {createTenantPlan, validateTenantName} from '../../../../domain/edits/tenants.js';
import {descriptionError} from '../../../../domain/edits/resource-fields.js';
import {type ViewProps} from '../../../app/views.js';
import {useSession} from '../../../data/session.js';
import {FormScreen} from '../shared/FormScreen.js';
import {Missing} from '../shared/Missing.js';
import {confirmAndRun} from '../../core/run-plan.js';
import {useLoadedSite} from '../shared/use-loaded-site.js';

export function TenantForm({width, height, shell}: ViewProps<undefined>) {
  const session = useSession();
  const {site} = useLoadedSite(['tenants', 'networks', 'addresses']);
  if (!site) return <Missing width={width} text="Loading…" />;
  return (
    <FormScreen
      title="New tenant"
      intro={[
        'A tenant is a virtual data centre with its own networks. Its address blocks, external IPs and',
        'isolation come next, from :wizard tenants (it finds the tenant) or a site file.',
      ]}
      fields={[
        {kind: 'text', name: 'name', label: 'Name', validate: (v) => validateTenantName(v, site)},
        {kind: 'text', name: 'description', label: 'Description', validate: (v) => descriptionError(v)},
      ]}
      submitLabel="Review"
      width={width}
      height={height}
      onCancel={() => shell.pop()}
      onSubmit={async (values) => {
        const plan = createTenantPlan(values, site);
        const report = await confirmAndRun(shell, session, plan, {
          confirmLabel: 'Create',
          refresh: ['tenants', 'networks'],
          message: ['VergeOS creates the tenant with its own network; nothing else changes.'],
        });
        if (!report) return;
        shell.pop();
        shell.notify(
          'success',
          `Tenant ${String(values['name'])} created: :wizard tenants gives it blocks, addresses and isolation`,
        );
      }}
    />
  );
}
