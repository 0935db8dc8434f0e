/**
 * Making a report now (`#generate`, administrators): last week, last month, or whole Beijing days
 * chosen here. The dates are checked before anything is sent; the API's refusals are shown beside the
 * fields they name.
 */
import type { CoverageReport } from '../../../../shared/domain/report';
import { beijingDay } from '../../../../shared/domain/report-period';
import { byId } from '../../common/dom';
import { setFieldError } from '../../common/field-errors';
import { currentLocale } from '../../common/i18n';
import { type GenerateRequest, generateReport } from './api';
import { type Dashboard, problemText } from './context';
import { addDays, customPeriodProblems, reportLabel } from './format';
import { type Key, t } from './i18n';

export interface GenerateForm {
  /** Shows the form to administrators and hides it from anyone else. */
  show(): void;
  relabel(): void;
  reset(): void;
}

type DateField = 'from' | 'to';

/** `generated`: the report made, to be listed and shown. */
export const createGenerateForm = (
  dashboard: Dashboard,
  generated: (report: CoverageReport) => Promise<void>,
): GenerateForm => {
  const section = byId('generate');
  const form = byId<HTMLFormElement>('generate-form');
  const period = byId<HTMLSelectElement>('generate-period');
  const from = byId<HTMLInputElement>('generate-from');
  const to = byId<HTMLInputElement>('generate-to');
  const button = byId<HTMLButtonElement>('generate-button');
  const status = byId('generate-status');

  let message: (() => string) | undefined;
  let dateProblems: Partial<Record<DateField, Key>> = {};
  /** API field messages come worded already, in the language of the request. */
  let apiProblems: Partial<Record<DateField, string>> = {};

  const renderStatus = () => {
    status.textContent = message ? message() : '';
  };

  const renderProblems = () => {
    for (const field of ['from', 'to'] as const) {
      const key = dateProblems[field];
      setFieldError(form, field, key ? t(key) : apiProblems[field]);
    }
  };

  const renderDates = () => {
    const custom = period.value === 'custom';
    byId('generate-dates-from').hidden = !custom;
    byId('generate-dates-to').hidden = !custom;
    if (custom && !from.value && !to.value) {
      const today = beijingDay(new Date());
      from.value = addDays(today, -7);
      to.value = today;
    }
  };
  period.addEventListener('change', renderDates);

  /** The request the form asks for, or undefined when its dates do not make a period. */
  const request = (): GenerateRequest | undefined => {
    if (period.value === 'monthly') return { kind: 'monthly' };
    if (period.value !== 'custom') return {};
    dateProblems = customPeriodProblems(from.value, to.value);
    if (!dateProblems.from && !dateProblems.to) return { from: from.value, to: to.value };
    renderProblems();
    (dateProblems.from ? from : to).focus();
    return undefined;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    apiProblems = {};
    dateProblems = {};
    const asked = request();
    if (!asked) return;
    renderProblems();
    button.disabled = true;
    message = () => t('reports.generate.sending');
    renderStatus();
    const result = await generateReport(asked);
    button.disabled = false;
    if (result.ok) {
      const report = result.value;
      message = () => t('reports.generate.done', { report: reportLabel(report, currentLocale()) });
      renderStatus();
      await generated(report);
      return;
    }
    const problem = result.problem;
    if (dashboard.refused(problem)) return;
    if (problem.kind === 'invalid') {
      apiProblems = { from: problem.fields.from, to: problem.fields.to };
      renderProblems();
    }
    message = () => problemText(problem);
    renderStatus();
  });

  return {
    show: () => {
      section.hidden = !dashboard.isAdmin();
      renderDates();
    },
    relabel: () => {
      renderStatus();
      renderProblems();
    },
    reset: () => {
      message = undefined;
      dateProblems = {};
      apiProblems = {};
      renderStatus();
      renderProblems();
      section.hidden = true;
    },
  };
};
