/**
 * The controls of the page's three forms (add, edit, invite), named `<form>-<field>`: the county boxes
 * (built from the catalogue), what the controls hold as `StaffFormValues` and back, and the role, which
 * for an administrator makes the county boxes moot.
 */
import { catalog } from '../../../../shared/catalog/index';
import { byId, h, setChildren } from '../../common/dom';
import { setFieldError } from '../../common/field-errors';
import { type FormView, findControl, formView } from '../common/form-view';
import { countyName } from '../common/format';
import type { StaffFormValues } from './form';

export type StaffFormName = 'add' | 'edit' | 'invite';

const countyBoxes = (view: FormView): HTMLInputElement[] =>
  Array.from(view.form.querySelectorAll<HTMLInputElement>(`input[name="${view.name}-counties"]`));

const buildCountyChoices = (view: FormView) => {
  setChildren(
    byId(`${view.name}-counties-choices`),
    ...catalog.counties.map((county) =>
      h(
        'label',
        { class: 'choice' },
        h('input', {
          type: 'checkbox',
          name: `${view.name}-counties`,
          value: county.code,
          id: `${view.name}-counties-${county.code}`,
        }),
        h('span', { 'data-county': county.code }, countyName(county.code)),
      ),
    ),
  );
};

/** An administrator covers every county: their boxes are not for choosing. */
const syncRole = (view: FormView) => {
  const admin = findControl<HTMLSelectElement>(view, 'role')?.value === 'admin';
  byId<HTMLFieldSetElement>(`${view.name}-counties-field`).disabled = admin;
  if (admin) setFieldError(view.form, `${view.name}-counties`, undefined);
};

/** One of the page's forms, its county boxes built and its role followed. */
export const staffFormView = (name: StaffFormName): FormView => {
  const view = formView(name);
  buildCountyChoices(view);
  findControl(view, 'role')?.addEventListener('change', () => syncRole(view));
  return view;
};

export const relabelCountyChoices = (): void => {
  for (const span of Array.from(document.querySelectorAll<HTMLElement>('span[data-county]'))) {
    span.textContent = countyName(span.dataset.county ?? '');
  }
};

/** What a form's controls hold; the fields the form has no control for are left out. */
export const valuesOf = (view: FormView): StaffFormValues => {
  const typed = (field: string) => {
    const input = findControl(view, field);
    return input ? { [field]: input.value } : {};
  };
  return {
    ...typed('subject'),
    ...typed('issuer'),
    ...typed('contact'),
    displayName: findControl(view, 'displayName')?.value ?? '',
    role: findControl<HTMLSelectElement>(view, 'role')?.value ?? '',
    counties: countyBoxes(view)
      .filter((box) => box.checked)
      .map((box) => box.value),
  };
};

export const setValues = (view: FormView, values: StaffFormValues): void => {
  for (const field of ['subject', 'issuer', 'contact'] as const) {
    const input = findControl(view, field);
    if (input) input.value = values[field] ?? '';
  }
  const name = findControl(view, 'displayName');
  if (name) name.value = values.displayName;
  const role = findControl<HTMLSelectElement>(view, 'role');
  if (role) role.value = values.role;
  for (const box of countyBoxes(view)) box.checked = values.counties.includes(box.value);
  syncRole(view);
};

export const emptyValues = (defaultIssuer: string | undefined): StaffFormValues => ({
  subject: '',
  issuer: defaultIssuer ?? '',
  displayName: '',
  role: 'reviewer',
  counties: [],
  contact: '',
});
