/**
 * Showing problems next to fields: the error text goes in `#<field>-error`, every control named
 * `<field>` gets aria-invalid and aria-describedby pointing at it, and a summary region lists them all.
 */
import { h, setChildren, toggleDescribedBy } from './dom';
import { currentLocale } from './i18n';

export interface FieldProblem {
  field: string;
  message: string;
}

const controlsNamed = (form: HTMLFormElement, field: string): HTMLElement[] =>
  Array.from(form.querySelectorAll<HTMLElement>(`[name="${field}"]`));

const isUsable = (control: HTMLElement): boolean =>
  !(control as HTMLInputElement).disabled && control.getClientRects().length > 0;

/** Shows (message) or clears (undefined) a field's problem. False when the page has no place for it. */
export const setFieldError = (form: HTMLFormElement, field: string, message: string | undefined): boolean => {
  const error = form.querySelector<HTMLElement>(`#${field}-error`);
  if (!error) return false;
  error.textContent = message ?? '';
  error.hidden = !message;
  for (const control of controlsNamed(form, field)) {
    if (message) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
    toggleDescribedBy(control, error.id, Boolean(message));
  }
  return true;
};

export const hasFieldError = (form: HTMLFormElement, field: string): boolean =>
  form.querySelector(`#${field}-error`)?.hasAttribute('hidden') === false;

export const clearFieldErrors = (form: HTMLFormElement): void => {
  for (const error of Array.from(form.querySelectorAll<HTMLElement>('.field-error'))) {
    setFieldError(form, error.id.replace(/-error$/, ''), undefined);
  }
};

/** The first control of a field that a person can reach (the ticked radio, if any). */
export const focusTarget = (form: HTMLFormElement, field: string): HTMLElement | undefined => {
  const usable = controlsNamed(form, field).filter(isUsable);
  return usable.find((control) => (control as HTMLInputElement).checked) ?? usable[0];
};

/** The problems in the order their fields appear on the page (fields not on the page last). */
export const inPageOrder = (form: HTMLFormElement, problems: FieldProblem[]): FieldProblem[] => {
  const order = Array.from(form.querySelectorAll<HTMLElement>('[name]')).map(
    (control) => control.getAttribute('name') ?? '',
  );
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  return [...problems].sort((a, b) => rank(a.field) - rank(b.field));
};

/** The visible name of a field: the legend of a group of boxes, otherwise the control's <label>. */
const labelOf = (form: HTMLFormElement, field: string): string => {
  const control = controlsNamed(form, field)[0];
  if (!control) return '';
  const isBox =
    control instanceof HTMLInputElement && (control.type === 'radio' || control.type === 'checkbox');
  const legend = isBox ? control.closest('fieldset')?.querySelector('legend') : null;
  const label = control.id ? form.querySelector(`label[for="${control.id}"]`) : null;
  return ((legend ?? label)?.textContent ?? '').trim();
};

/**
 * Fills the summary region (an aria-live element) with a heading and one link per problem;
 * `extra` is a plain sentence (a server or network problem). Empty arguments clear it.
 */
export const renderSummary = (
  region: HTMLElement,
  form: HTMLFormElement,
  heading: string,
  problems: FieldProblem[],
  extra?: string,
): void => {
  const children: Node[] = [];
  if (extra) children.push(h('p', {}, extra));
  if (problems.length > 0) {
    children.push(h('p', { class: 'error-summary-heading' }, heading));
    const list = h('ul');
    for (const problem of problems) {
      const target = focusTarget(form, problem.field);
      const label = labelOf(form, problem.field);
      const separator = currentLocale() === 'en' ? ': ' : '：';
      const text = label ? `${label}${separator}${problem.message}` : problem.message;
      if (!target) {
        list.append(h('li', {}, text));
        continue;
      }
      const link = h('a', { href: `#${target.id}` }, text);
      link.addEventListener('click', (event) => {
        event.preventDefault();
        target.focus();
      });
      list.append(h('li', {}, link));
    }
    children.push(list);
  }
  setChildren(region, ...children);
  region.classList.toggle('is-active', children.length > 0);
};
