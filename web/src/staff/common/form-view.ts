/**
 * A staff page's form on screen (`/staff`, `/unions`): each form's controls are named `<form>-<field>`
 * (`add-subject`, `create-name`, `bulk-reason`, …) with their error in `#<form>-<field>-error`; a
 * problem of a field the form has no place for, or of the whole request, goes on the form's own line
 * (`#<form>-problem`). Problems are kept as functions, so they re-word themselves when the language
 * changes.
 */
import { fieldMessage } from '../../../../shared/domain/messages';
import { byId } from '../../common/dom';
import { clearFieldErrors, focusTarget, inPageOrder, setFieldError } from '../../common/field-errors';
import { currentLocale } from '../../common/i18n';
import type { FormProblem } from './form-outcome';
import { t } from './i18n';

export interface ShownProblem {
  field: string;
  text: () => string;
}

export interface FormView {
  name: string;
  form: HTMLFormElement;
  submit: HTMLButtonElement;
  problemLine: HTMLElement;
  problems: ShownProblem[];
  formProblem: (() => string) | undefined;
  busy: boolean;
}

export const formView = (name: string): FormView => {
  const problemLine = byId(`${name}-problem`);
  problemLine.tabIndex = -1;
  return {
    name,
    form: byId<HTMLFormElement>(`${name}-form`),
    submit: byId<HTMLButtonElement>(`${name}-submit`),
    problemLine,
    problems: [],
    formProblem: undefined,
    busy: false,
  };
};

/** The control named `<form>-<field>`, or null when the form has none (the invitation form: no subject). */
export const findControl = <T extends HTMLElement = HTMLInputElement>(
  view: FormView,
  field: string,
): T | null => view.form.querySelector<T>(`[name="${view.name}-${field}"]`);

/** The control named `<form>-<field>`, which the form has: a missing one is a bug in the page (it throws). */
export const control = <T extends HTMLElement = HTMLInputElement>(view: FormView, field: string): T => {
  const found = findControl<T>(view, field);
  if (!found) throw new Error(`${view.name}-${field} is missing from the page`);
  return found;
};

export const renderProblems = (view: FormView): void => {
  clearFieldErrors(view.form);
  const unplaced: string[] = [];
  for (const problem of view.problems) {
    if (!setFieldError(view.form, `${view.name}-${problem.field}`, problem.text()))
      unplaced.push(problem.text());
  }
  const lines = [view.formProblem?.(), ...unplaced].filter(Boolean);
  view.problemLine.textContent =
    lines.length > 0 ? lines.join(' ') : view.problems.length > 0 ? t('staff.form.problems') : '';
};

/** Shows the problems beside their fields and puts the keyboard on the first one. */
export const showProblems = (view: FormView, problems: ShownProblem[], formProblem?: () => string): void => {
  view.problems = problems;
  view.formProblem = formProblem;
  renderProblems(view);
  const ordered = inPageOrder(
    view.form,
    problems.map((p) => ({ field: `${view.name}-${p.field}`, message: '' })),
  );
  const target = ordered.map((p) => focusTarget(view.form, p.field)).find((c) => c !== undefined);
  if (target) target.focus();
  else if (view.problemLine.textContent) view.problemLine.focus();
};

export const clearProblems = (view: FormView): void => {
  view.problems = [];
  view.formProblem = undefined;
  renderProblems(view);
};

/** The rules' problems (message codes), worded in the page language. */
export const ruleProblems = (problems: readonly FormProblem[]): ShownProblem[] =>
  problems.map(({ field, code }) => ({ field, text: () => fieldMessage(code, currentLocale()) }));

/** The API's 400: its fields come worded already, in the language the request asked for. */
export const apiProblems = (fields: Record<string, string>): ShownProblem[] =>
  Object.entries(fields).map(([field, text]) => ({ field, text: () => text }));

export const setBusy = (view: FormView, busy: boolean): void => {
  view.busy = busy;
  view.submit.disabled = busy;
  view.form.setAttribute('aria-busy', String(busy));
};
