// The service a verdict view (:matrix, :map) colours its cells or lanes for,
// and which ruleset it judges: the state, the keys that change them (next,
// previous, type one, staged/applied) and the form that asks for a service.
// One picker for both views, so their keys and checks cannot drift apart.
import {useMemo, useState} from 'react';
import type {Site} from '../../../domain/model.js';
import {parseService} from '../../../policy/index.js';
import {useActionHandler} from '../../actions/bus.js';
import {Form} from '../../components/form/Form.js';
import {serviceChoices} from './matrix-grid.js';

/** The action ids of a view's four picker keys. */
export interface ServicePickerActions {
  next: string;
  previous: string;
  service: string;
  staged: string;
}

export interface ServicePicker {
  service: string;
  /** Judge the staged (pending) rules instead of the applied ones. */
  staged: boolean;
  /** The service form is open (the view's other keys rest meanwhile). */
  editing: boolean;
  choose: (service: string) => void;
  close: () => void;
}

export function useServicePicker(
  site: Site | null,
  initial: string | undefined,
  actions: ServicePickerActions,
): ServicePicker {
  const [service, setService] = useState(() => (parseService(initial ?? 'any').ok ? (initial ?? 'any') : 'any'));
  const [staged, setStaged] = useState(false);
  const [editing, setEditing] = useState(false);
  const choices = useMemo(() => (site ? serviceChoices(site) : ['any']), [site]);
  const cycle = (step: number) => {
    const at = choices.indexOf(service);
    setService(choices[(at + step + choices.length) % choices.length]);
  };
  useActionHandler(actions.next, () => cycle(1), {isActive: !editing});
  useActionHandler(actions.previous, () => cycle(-1), {isActive: !editing});
  useActionHandler(actions.service, () => setEditing(true), {isActive: !editing});
  useActionHandler(actions.staged, () => setStaged((s) => !s), {isActive: !editing});
  return {
    service,
    staged,
    editing,
    choose: (s) => {
      setService(s.trim() || 'any');
      setEditing(false);
    },
    close: () => setEditing(false),
  };
}

export function ServiceForm({
  picker,
  title,
  width,
  height,
  active,
}: {
  picker: ServicePicker;
  title: string;
  width: number;
  height: number;
  active: boolean;
}) {
  return (
    <Form
      fields={[
        {
          kind: 'text',
          name: 'service',
          label: 'Service',
          initial: picker.service,
          hint: 'tcp/443, udp/53, tcp/1024-65535, icmp, any or a protocol number',
          validate: (v) => {
            const p = parseService(String(v ?? ''));
            return p.ok ? undefined : p.error;
          },
        },
      ]}
      width={width}
      height={Math.min(height, 6)}
      layer="pane"
      isActive={active}
      title={title}
      submitLabel="Show"
      onSubmit={(values) => picker.choose(String(values['service']))}
      onCancel={picker.close}
    />
  );
}
