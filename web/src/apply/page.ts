/**
 * The application form (`/`): checks each field with the API's own rules when the person leaves it,
 * proves the phone with a code sent by SMS (code-request.ts: "Send code", then the code field), checks
 * everything on submit (nothing is sent unless it passes), sends ONE application per fill (button
 * disabled while sending + one Idempotency-Key per fill) and shows the application number: a new one, or
 * for the same person again (same ID number, same proven phone) the one they already have.
 */
import { validateApplication } from '../../../shared/domain/application-rules';
import {
  type Accepted,
  newIdempotencyKey,
  type Problem,
  problemMessage,
  submitApplication,
} from '../common/api';
import { byId, setChildren } from '../common/dom';
import {
  type FieldProblem,
  focusTarget,
  inPageOrder,
  renderSummary,
  setFieldError,
} from '../common/field-errors';
import { currentLocale, onLocaleChange, startLanguage, t } from '../common/i18n';
import { browserStorage, rememberApplication } from '../common/saved-applications';
import { statusLink } from '../common/status-link';
import type { UiKey } from '../common/strings';
import { renderCatalogControls } from './catalog-controls';
import { createCodeRequest, type ShownProblem } from './code-request';
import { applicationBody, confirmationWords, sourceFromQuery } from './form-values';
import { fieldCodeOf, needsNewCode, wordsText } from './phone-code';

const form = byId<HTMLFormElement>('application-form');
const submitButton = byId<HTMLButtonElement>('submit-button');
const errorSummary = byId('error-summary');
const submitError = byId('submit-error');
const sendingStatus = byId('sending-status');
const phoneInput = byId<HTMLInputElement>('phone');

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

/** The problems shown beside the fields, by field name. */
const shown = new Map<string, ShownProblem>();
let summaryFields: string[] = [];
let lastProblem: Problem | undefined;

const messageOf = (problem: ShownProblem) => wordsText(problem.words, currentLocale());

const showField = (field: string, problem: ShownProblem | undefined) => {
  if (problem) shown.set(field, problem);
  else shown.delete(field);
  setFieldError(form, field, problem && messageOf(problem));
};

// ——— The code that proves the phone ———

const codeRequest = createCodeRequest({
  showField,
  fixed: () => dropFixedFromSummary(),
});

// ——— Checking fields ———

const ruleProblems = () => {
  const body = applicationBody(new FormData(form), {
    source,
    locale: currentLocale(),
    verificationId: codeRequest.verificationId(),
  });
  return validateApplication(body);
};

/** Re-checks these fields with the rules; `edited` is the field the person just changed, if any. */
const checkFields = (fields: string[], edited?: string) => {
  const result = ruleProblems();
  for (const field of fields) {
    if (shown.get(field)?.fromServer && field !== edited) continue;
    const code = result.ok ? undefined : result.fields[field];
    showField(field, code ? { words: { code } } : undefined);
  }
  dropFixedFromSummary();
};

/** Drops fixed problems from the summary (it only ever shrinks between submits, so it is not chatty). */
const dropFixedFromSummary = () => {
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
const reportFieldProblems = (problems: Map<string, ShownProblem>) => {
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
  // Leaving for one of the form's buttons: its own action checks (submit: everything; Send code: the
  // phone). A message put above the button now would move it between press and release, so the tap
  // would never become a click.
  if (next instanceof HTMLButtonElement && form.contains(next)) return;
  const group = control.closest('.choices');
  if (group && next instanceof Node && group.contains(next)) return;
  checkFields([control.name]);
});

// Once a field shows a problem, follow the person's corrections live.
const recheckShown = (edited: string) => {
  if (shown.size > 0) checkFields(Array.from(shown.keys()), edited);
};
form.addEventListener('input', (event) => {
  const control = event.target as HTMLInputElement;
  if (control === phoneInput) codeRequest.render();
  recheckShown(control.name);
});
form.addEventListener('change', (event) => {
  const control = event.target as HTMLInputElement;
  if (control.name === 'trade') controls.showPlatformsFor(control.value);
  recheckShown(control.name);
});

// ——— Submit ———

let idempotencyKey = newIdempotencyKey();
let sending = false;

const setSending = (busy: boolean) => {
  sending = busy;
  submitButton.disabled = busy;
  form.setAttribute('aria-busy', String(busy));
  setChildren(sendingStatus, busy ? t('form.sending') : '');
};

/** Sets an element's text by its strings.ts key, so the language switch re-words it too. */
const label = (element: HTMLElement, key: UiKey | undefined) => {
  element.hidden = key === undefined;
  if (key === undefined) {
    delete element.dataset.i18n;
    element.textContent = '';
    return;
  }
  element.dataset.i18n = key;
  element.textContent = t(key);
};

const showConfirmation = (accepted: Accepted) => {
  const remembered = rememberApplication(browserStorage(), accepted);
  const number = byId('application-id');
  number.textContent = accepted.applicationId;
  number.dataset.applicationId = accepted.applicationId;
  const words = confirmationWords(accepted.status);
  const confirmation = byId('confirmation');
  confirmation.dataset.status = accepted.status;
  label(byId('confirmation-heading'), words.heading);
  label(byId('confirm-repeat'), words.repeat);
  byId('confirm-next').hidden = !words.nextSteps;
  byId<HTMLAnchorElement>('status-link').href = statusLink(accepted);
  byId('confirm-saved').hidden = !remembered;
  byId('confirm-not-saved').hidden = remembered;
  form.hidden = true;
  byId('form-intro').hidden = true;
  confirmation.hidden = false;
  byId('confirmation-heading').focus();
  idempotencyKey = newIdempotencyKey();
};

/** The server's field problems, by message code where the page knows the text (so it can re-word them). */
const serverProblems = (fields: Record<string, string>): Map<string, ShownProblem> => {
  const problems = new Map<string, ShownProblem>();
  for (const [field, text] of Object.entries(fields)) {
    const code = fieldCodeOf(text);
    problems.set(field, { words: code ? { code } : { text }, fromServer: true });
    // Expired, used, out of tries, or for another number: only a new code helps, so forget this one.
    if (field === 'verificationCode' && needsNewCode(code)) codeRequest.forgetCode();
  }
  return problems;
};

const send = async () => {
  const checked = ruleProblems();
  if (!checked.ok) {
    reportProblem(undefined);
    reportFieldProblems(
      new Map(Object.entries(checked.fields).map(([f, code]) => [f, { words: { code: code ?? '' } }])),
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
    reportFieldProblems(serverProblems(problem.fields));
    codeRequest.render();
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
  codeRequest.render();
});

codeRequest.render();
submitButton.disabled = false;
