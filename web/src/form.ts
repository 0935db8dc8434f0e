/**
 * The application form (`/`): checks each field with the API's own rules when the person leaves it,
 * checks everything on submit (nothing is sent unless it passes), sends ONE application per fill
 * (button disabled while sending + one Idempotency-Key per fill) and shows the application number.
 */
import { validateApplication } from '../../shared/domain/application-rules';
import { fieldMessage } from '../../shared/domain/messages';
import { type Accepted, newIdempotencyKey, type Problem, problemMessage, submitApplication } from './api';
import { renderCatalogControls } from './catalog-controls';
import { byId, setChildren } from './dom';
import { type FieldProblem, focusTarget, inPageOrder, renderSummary, setFieldError } from './field-errors';
import { applicationBody, sourceFromQuery } from './form-values';
import { currentLocale, onLocaleChange, startLanguage, t } from './i18n';
import { browserStorage, rememberApplication } from './saved-applications';
import { statusLink } from './status-link';

const form = byId<HTMLFormElement>('application-form');
const submitButton = byId<HTMLButtonElement>('submit-button');
const errorSummary = byId('error-summary');
const submitError = byId('submit-error');
const sendingStatus = byId('sending-status');

startLanguage();
const controls = renderCatalogControls(
  {
    tradeChoices: byId('trade-choices'),
    platformChoices: byId('platform-choices'),
    platformHint: byId('platforms-hint'),
    platformOther: byId('platformOther'),
    county: byId<HTMLSelectElement>('county'),
  },
  currentLocale(),
);
const source = sourceFromQuery(window.location.search);

/** A problem shown next to a field: a rule's code (re-worded when the language changes) or a server text. */
type Shown = { code: string } | { text: string };
const shown = new Map<string, Shown>();
let summaryFields: string[] = [];
let lastProblem: Problem | undefined;

const messageOf = (problem: Shown) =>
  'code' in problem ? fieldMessage(problem.code, currentLocale()) : problem.text;

const showField = (field: string, problem: Shown | undefined) => {
  if (problem) shown.set(field, problem);
  else shown.delete(field);
  setFieldError(form, field, problem && messageOf(problem));
};

const ruleProblems = () => {
  const body = applicationBody(new FormData(form), { source, locale: currentLocale() });
  return validateApplication(body);
};

const checkFields = (fields: string[]) => {
  const result = ruleProblems();
  for (const field of fields) {
    const code = result.ok ? undefined : result.fields[field];
    showField(field, code ? { code } : undefined);
  }
  // Drop fixed problems from the summary (it only ever shrinks between submits, so it is not chatty).
  const stillShown = summaryFields.filter((field) => shown.has(field));
  if (stillShown.length < summaryFields.length) {
    summaryFields = stillShown;
    renderFieldSummary();
  }
};

/** On this page "no answer" also means "maybe sent": say that trying again is safe. */
const submitProblemMessage = (problem: Problem) =>
  problem.kind === 'offline' ? t('form.offline') : problemMessage(problem, currentLocale());

const renderFieldSummary = () => {
  const problems: FieldProblem[] = [];
  for (const field of summaryFields) {
    const problem = shown.get(field);
    if (problem) problems.push({ field, message: messageOf(problem) });
  }
  renderSummary(errorSummary, form, t('form.summary', { count: problems.length }), problems);
};

const renderSubmitError = () => {
  setChildren(submitError, lastProblem ? submitProblemMessage(lastProblem) : '');
};

/** Shows every problem, summarises them and puts the person on the first one. */
const reportFieldProblems = (problems: Map<string, Shown>) => {
  for (const field of Array.from(shown.keys())) if (!problems.has(field)) showField(field, undefined);
  for (const [field, problem] of problems) showField(field, problem);
  const ordered = inPageOrder(
    form,
    Array.from(problems.keys(), (field) => ({ field, message: '' })),
  );
  summaryFields = ordered.map(({ field }) => field);
  renderFieldSummary();
  if (ordered.length === 0) return;
  for (const { field } of ordered) {
    const target = focusTarget(form, field);
    if (target) {
      target.focus();
      return;
    }
  }
  errorSummary.focus();
};

const reportProblem = (problem: Problem | undefined) => {
  lastProblem = problem;
  renderSubmitError();
};

// Check a field when the person leaves it; a group of boxes counts as left when focus goes elsewhere.
form.addEventListener('focusout', (event) => {
  const control = event.target as HTMLInputElement;
  if (!control.name) return;
  const next = event.relatedTarget;
  // Leaving for one of the form's buttons: its own action checks. A message put above the button now
  // would move it between press and release, so the tap would never become a click.
  if (next instanceof HTMLButtonElement && form.contains(next)) return;
  const group = control.closest('.choices');
  if (group && next instanceof Node && group.contains(next)) return;
  checkFields([control.name]);
});

// Once a field shows a problem, follow the person's corrections live.
const recheckShown = () => {
  if (shown.size > 0) checkFields(Array.from(shown.keys()));
};
form.addEventListener('input', recheckShown);
form.addEventListener('change', (event) => {
  const control = event.target as HTMLInputElement;
  if (control.name === 'trade') controls.showPlatformsFor(control.value);
  recheckShown();
});

let idempotencyKey = newIdempotencyKey();
let sending = false;

const setSending = (busy: boolean) => {
  sending = busy;
  submitButton.disabled = busy;
  form.setAttribute('aria-busy', String(busy));
  setChildren(sendingStatus, busy ? t('form.sending') : '');
};

const showConfirmation = (accepted: Accepted) => {
  const remembered = rememberApplication(browserStorage(), accepted);
  const number = byId('application-id');
  number.textContent = accepted.applicationId;
  number.dataset.applicationId = accepted.applicationId;
  byId<HTMLAnchorElement>('status-link').href = statusLink(accepted);
  byId('confirm-saved').hidden = !remembered;
  byId('confirm-not-saved').hidden = remembered;
  form.hidden = true;
  byId('form-intro').hidden = true;
  byId('confirmation').hidden = false;
  byId('confirmation-heading').focus();
  idempotencyKey = newIdempotencyKey();
};

const send = async () => {
  const checked = ruleProblems();
  if (!checked.ok) {
    reportProblem(undefined);
    reportFieldProblems(
      new Map(Object.entries(checked.fields).map(([f, code]) => [f, { code: code ?? '' }])),
    );
    return;
  }
  reportFieldProblems(new Map());
  reportProblem(undefined);
  setSending(true);
  let outcome = await submitApplication(checked.value, idempotencyKey, currentLocale());
  if (!outcome.ok && outcome.problem.kind === 'key_reused') {
    // An earlier try of this fill reached the server with other answers: send these under a new key.
    idempotencyKey = newIdempotencyKey();
    outcome = await submitApplication(checked.value, idempotencyKey, currentLocale());
  }
  setSending(false);
  if (outcome.ok) return showConfirmation(outcome.value);
  const problem = outcome.problem;
  if (problem.kind === 'invalid') {
    reportFieldProblems(new Map(Object.entries(problem.fields).map(([f, text]) => [f, { text }])));
  } else {
    reportProblem(problem);
  }
};

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!sending) void send();
});

onLocaleChange((locale) => {
  controls.relabel(locale);
  for (const [field, problem] of shown) showField(field, problem);
  if (summaryFields.length > 0) renderFieldSummary();
  if (lastProblem) renderSubmitError();
});

submitButton.disabled = false;
