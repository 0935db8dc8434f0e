/**
 * The application form (`/`): checks each field with the API's own rules when the person leaves it,
 * proves the phone with a code sent by SMS ("Send code", then the code field; docs/architecture.md §7), checks
 * everything on submit (nothing is sent unless it passes), sends ONE application per fill (button
 * disabled while sending + one Idempotency-Key per fill) and shows the application number: a new one, or
 * for the same person again (same ID number, same proven phone) the one they already have.
 */
import { asAltchaChallenge } from '../../../shared/domain/altcha';
import { validateApplication } from '../../../shared/domain/application-rules';
import { maskPhone, normalisePhone } from '../../../shared/domain/phone';
import { CODE_VALID_SECONDS } from '../../../shared/domain/verification';
import { validateVerificationRequest } from '../../../shared/domain/verification-rules';
import {
  type Accepted,
  fetchChallenge,
  newIdempotencyKey,
  type Problem,
  problemMessage,
  requestCode,
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
import { solveAltcha } from './altcha';
import { renderCatalogControls } from './catalog-controls';
import { applicationBody, confirmationWords, sourceFromQuery } from './form-values';
import {
  type CodeRequestOutcome,
  codeRequestOutcome,
  fieldCodeOf,
  needsNewCode,
  secondsLeft,
  sendButtonState,
  type Words,
  wordsText,
} from './phone-code';

const form = byId<HTMLFormElement>('application-form');
const submitButton = byId<HTMLButtonElement>('submit-button');
const errorSummary = byId('error-summary');
const submitError = byId('submit-error');
const sendingStatus = byId('sending-status');
const phoneInput = byId<HTMLInputElement>('phone');
const codeInput = byId<HTMLInputElement>('verificationCode');
const sendCodeButton = byId<HTMLButtonElement>('send-code');
const codeStatus = byId('code-status');

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

/**
 * A problem shown next to a field (re-worded when the language changes). One the server found stays
 * until the person changes that field: the browser's rules may well pass it (a wrong code is six digits).
 */
interface Shown {
  words: Words;
  fromServer?: boolean;
}
const shown = new Map<string, Shown>();
let summaryFields: string[] = [];
let lastProblem: Problem | undefined;

const messageOf = (problem: Shown) => wordsText(problem.words, currentLocale());

const showField = (field: string, problem: Shown | undefined) => {
  if (problem) shown.set(field, problem);
  else shown.delete(field);
  setFieldError(form, field, problem && messageOf(problem));
};

// ——— The code that proves the phone ———

/** The last code asked for: the phone (11 digits) it went to, and its verification until it is used up. */
let sent: { phone: string; verificationId: string | undefined } | undefined;
/** No new code for `phone` before `until` (epoch ms): the API's resendAfterSeconds, or a Retry-After. */
let resendWait: { phone: string; until: number } | undefined;
/** Asking for a code: solving the challenge first (`preparing`), then the request itself (`sending`). */
let askingForCode: false | 'preparing' | 'sending' = false;
let ticker: number | undefined;

const currentPhone = (): string => normalisePhone(phoneInput.value) ?? '';

/** The verification for the number in the field now; none once the number changed or the code is used up. */
const currentVerificationId = (): string | undefined =>
  sent && sent.phone === currentPhone() ? sent.verificationId : undefined;

const waitSeconds = (): number =>
  resendWait && resendWait.phone === currentPhone() ? secondsLeft(resendWait.until, Date.now()) : 0;

const renderSendButton = () => {
  const wait = waitSeconds();
  const { label, disabled } = sendButtonState(
    {
      preparing: askingForCode === 'preparing',
      sending: askingForCode === 'sending',
      waitSeconds: wait,
      sentBefore: sent !== undefined && sent.phone === currentPhone(),
    },
    currentLocale(),
  );
  if (sendCodeButton.textContent !== label) sendCodeButton.textContent = label;
  sendCodeButton.disabled = disabled;
  if (wait > 0 && ticker === undefined) ticker = window.setInterval(renderSendButton, 500);
  if (wait === 0 && ticker !== undefined) {
    window.clearInterval(ticker);
    ticker = undefined;
  }
};

/** Under the phone: where the code went, or that the number changed since (so a new code is needed). */
const renderCodeStatus = () => {
  let message = '';
  if (sent && sent.phone === currentPhone()) {
    message = t('code.sent', { phone: maskPhone(sent.phone), minutes: CODE_VALID_SECONDS / 60 });
  } else if (sent) {
    message = t('code.phoneChanged');
  }
  if (codeStatus.textContent !== message) setChildren(codeStatus, message);
};

// ——— Checking fields ———

const ruleProblems = () => {
  const body = applicationBody(new FormData(form), {
    source,
    locale: currentLocale(),
    verificationId: currentVerificationId(),
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
  if (control === phoneInput) {
    renderCodeStatus();
    renderSendButton();
  }
  recheckShown(control.name);
});
form.addEventListener('change', (event) => {
  const control = event.target as HTMLInputElement;
  if (control.name === 'trade') controls.showPlatformsFor(control.value);
  recheckShown(control.name);
});

// ——— Send code ———

/**
 * Gets a proof-of-work challenge, solves it (in a worker, "Preparing…" on the button) and asks for the
 * code with it: what came of that.
 */
const requestCodeWithChallenge = async (phone: string): Promise<CodeRequestOutcome> => {
  const got = await fetchChallenge(currentLocale());
  if (!got.ok) return codeRequestOutcome(got);
  const challenge = asAltchaChallenge(got.value);
  const altcha = challenge && (await solveAltcha(challenge).catch(() => undefined));
  if (!altcha) return { kind: 'refused', message: { error: 'internal_error' }, waitSeconds: 0 };
  askingForCode = 'sending';
  renderSendButton();
  return codeRequestOutcome(await requestCode(phone, altcha, currentLocale()));
};

const askForCode = async () => {
  if (askingForCode) return;
  // The phone's own rule (the challenge is the page's business, not the worker's).
  const checked = validateVerificationRequest({ phone: phoneInput.value, locale: currentLocale() });
  const phone = normalisePhone(phoneInput.value);
  const problem = checked.ok ? undefined : checked.fields.phone;
  if (problem || !phone) {
    showField('phone', { words: { code: problem ?? 'invalid' } });
    phoneInput.focus();
    return;
  }
  if (waitSeconds() > 0) return;
  showField('phone', undefined);
  askingForCode = 'preparing';
  renderSendButton();
  const outcome = await requestCodeWithChallenge(phone);
  askingForCode = false;
  if (outcome.kind === 'sent') {
    sent = { phone, verificationId: outcome.verificationId };
    resendWait = { phone, until: Date.now() + outcome.waitSeconds * 1000 };
    // Whatever was wrong with the code before (none asked for, expired, used up) is about a code that is gone.
    showField('verificationCode', undefined);
    dropFixedFromSummary();
    renderCodeStatus();
    renderSendButton();
    codeInput.focus();
    return;
  }
  if (outcome.waitSeconds > 0) resendWait = { phone, until: Date.now() + outcome.waitSeconds * 1000 };
  showField('phone', { words: outcome.message, fromServer: true });
  renderSendButton();
  phoneInput.focus();
};

sendCodeButton.addEventListener('click', () => void askForCode());

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
const serverProblems = (fields: Record<string, string>): Map<string, Shown> => {
  const problems = new Map<string, Shown>();
  for (const [field, text] of Object.entries(fields)) {
    const code = fieldCodeOf(text);
    problems.set(field, { words: code ? { code } : { text }, fromServer: true });
    // Expired, used, out of tries, or for another number: only a new code helps, so forget this one.
    if (field === 'verificationCode' && needsNewCode(code) && sent)
      sent = { ...sent, verificationId: undefined };
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
    renderSendButton();
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
  renderSendButton();
  renderCodeStatus();
});

renderSendButton();
submitButton.disabled = false;
