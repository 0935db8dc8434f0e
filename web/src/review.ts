/**
 * The reviewer console (`/review`): sign in (a pasted token locally, the union account on AWS), then the
 * queue of applications in the caller's counties with single and bulk decisions, the members list and,
 * for administrators, the audit trail. Keyboard first for staff who decide hundreds a day.
 */

import { byId, formatDateTime } from './dom';
import { setFieldError } from './field-errors';
import { currentLocale, onLocaleChange, startLanguage, t } from './i18n';
import { type OAuthConfig, parseCallback } from './pkce';
import {
  configureApi,
  type DecisionOutcome,
  decide,
  type FullApplication,
  type QueueItem,
  reviewProblemMessage,
} from './review-api';
import { createAudit } from './review-audit';
import type { Decision } from './review-bulk';
import { createBulkBar } from './review-bulk-bar';
import { createDetail } from './review-detail';
import { countiesLabel, countiesOf, roleLabel } from './review-format';
import { createMembers } from './review-members';
import { finishOAuthSignIn, loadOAuthConfig, signOutOfHostedPages, startOAuthSignIn } from './review-oauth';
import { createQueue } from './review-queue';
import {
  clearToken,
  decodeJwtPayload,
  isExpired,
  loadToken,
  looksLikeJwt,
  normaliseToken,
  type SignedIn,
  saveToken,
  sessionStore,
  signedInFrom,
  signInMethod,
} from './review-session';
import { wireShortcuts } from './review-shortcuts';
import type { UiKey } from './strings';

startLanguage();

const storage = sessionStore();
const signInSection = byId('sign-in');
const signInHeading = byId('sign-in-heading');
const signInMessage = byId('sign-in-message');
const tokenForm = byId<HTMLFormElement>('token-form');
const tokenInput = byId<HTMLTextAreaElement>('token');
const oauthBox = byId('oauth-sign-in');
const consoleBody = byId('console');
const signedInLine = byId('signed-in');
const shortcutsDialog = byId<HTMLDialogElement>('shortcuts');

let token: string | undefined;
let who: SignedIn | undefined;
let oauthConfig: OAuthConfig | undefined;
let signInNotice: UiKey | undefined;
let tokenProblem: UiKey | undefined;
let expiryTimer: ReturnType<typeof setTimeout> | undefined;

configureApi({
  token: () => token,
  locale: currentLocale,
  onUnauthorized: () => signOut('review.problem.unauthorized'),
});

// ——— Sign-in ———

const renderSignIn = () => {
  signInMessage.textContent = signInNotice ? t(signInNotice) : '';
  setFieldError(tokenForm, 'token', tokenProblem ? t(tokenProblem) : undefined);
  oauthBox.hidden = !oauthConfig;
};

const renderWho = () => {
  if (!who) return;
  const parts = [who.name, roleLabel(who.role), countiesLabel(who.counties)];
  if (who.expiresAt)
    parts.push(
      t('review.expiresAt', { time: formatDateTime(new Date(who.expiresAt).toISOString(), currentLocale()) }),
    );
  signedInLine.textContent = `${t('review.signedIn')}${parts.join(' · ')}`;
  signedInLine.dataset.role = who.role;
};

const showSignIn = (notice?: UiKey) => {
  signInNotice = notice;
  consoleBody.hidden = true;
  signInSection.hidden = false;
  renderSignIn();
};

const signOut = (notice?: UiKey) => {
  clearTimeout(expiryTimer);
  token = undefined;
  who = undefined;
  clearToken(storage);
  if (shortcutsDialog.open) shortcutsDialog.close();
  signedInLine.textContent = '';
  queue.reset();
  detail.reset();
  members.reset();
  audit.reset();
  bulk.reset();
  showTab('queue-panel');
  showSignIn(notice);
  signInHeading.focus();
};

const startConsole = (next: string) => {
  const claims = decodeJwtPayload(next);
  const person = claims ? signedInFrom(claims) : undefined;
  if (!person || isExpired(person, Date.now())) {
    clearToken(storage);
    return showSignIn('review.problem.unauthorized');
  }
  token = next;
  who = person;
  // Nothing personal stays on a shared screen once the sign-in has run out (the API would refuse it anyway).
  clearTimeout(expiryTimer);
  if (person.expiresAt !== undefined) {
    const left = Math.min(person.expiresAt - Date.now(), 2 ** 31 - 1);
    expiryTimer = setTimeout(() => signOut('review.problem.unauthorized'), left);
  }
  tokenInput.value = '';
  tokenProblem = undefined;
  signInNotice = undefined;
  renderSignIn();
  signInSection.hidden = true;
  consoleBody.hidden = false;
  renderWho();
  byId('tab-audit').hidden = person.role !== 'admin';
  queue.load(countiesOf(person));
  showTab('queue-panel');
};

// A token has no line breaks: Enter signs in (Shift+Enter still makes a new line).
tokenInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    tokenForm.requestSubmit();
  }
});

tokenForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const pasted = normaliseToken(tokenInput.value);
  const claims = looksLikeJwt(pasted) ? decodeJwtPayload(pasted) : undefined;
  tokenProblem = !pasted
    ? 'review.token.required'
    : !claims
      ? 'review.token.notJwt'
      : isExpired(signedInFrom(claims), Date.now())
        ? 'review.token.expired'
        : undefined;
  signInNotice = undefined;
  renderSignIn();
  if (tokenProblem) {
    tokenInput.focus();
    return;
  }
  saveToken(storage, pasted, 'token');
  startConsole(pasted);
});

byId('oauth-button').addEventListener('click', () => {
  if (oauthConfig) void startOAuthSignIn(oauthConfig, storage, currentLocale());
});
byId('sign-out').addEventListener('click', () => {
  const viaHostedPages = signInMethod(storage) === 'oauth';
  signOut('review.signIn.signedOut');
  // A deliberate sign-out ends the hosted sign-in session too, so the next person must sign in.
  if (viaHostedPages && oauthConfig) signOutOfHostedPages(oauthConfig);
});

// ——— Tabs ———

const PANELS = ['queue-panel', 'members-panel', 'audit-panel'];
let shownPanel = 'queue-panel';

const showTab = (panel: string) => {
  shownPanel = panel;
  for (const id of PANELS) byId(id).hidden = id !== panel;
  for (const tab of Array.from(document.querySelectorAll<HTMLButtonElement>('#tabs .tab'))) {
    tab.setAttribute('aria-pressed', String(tab.dataset.panel === panel));
  }
  if (!who) return;
  if (panel === 'members-panel') members.show(countiesOf(who), who.role === 'admin');
  if (panel === 'audit-panel') audit.show();
};

for (const tab of Array.from(document.querySelectorAll<HTMLButtonElement>('#tabs .tab'))) {
  tab.addEventListener('click', () => showTab(tab.dataset.panel ?? 'queue-panel'));
}

// ——— Queue, detail and decisions ———

const fromFull = (full: FullApplication): QueueItem => {
  const { phone: _phone, consentVersion: _v, consentAt: _c, locale: _l, screenedAt: _s, ...item } = full;
  return item;
};

const queue = createQueue({
  open: (id) => void detail.open(id),
  forbidden: () => signOut('review.problem.forbidden'),
  selectionChanged: (ids) => bulk.render(ids.length),
});

const detail = createDetail({
  approve: (id) => void decideOne(id, 'approve'),
  reject: (id, reason) => void decideOne(id, 'reject', reason),
  closed: () => queue.focusCurrent(),
});

const members = createMembers();
const audit = createAudit();

/** After a decision, the keyboard goes on to the next application still waiting (if the list shows). */
const goOn = (id: string) => {
  if (queue.currentId() === id) queue.advance();
  const list = document.querySelector('.queue-list');
  if (list && (list as HTMLElement).offsetParent !== null) queue.focusCurrent();
};

const decideOne = async (id: string, decision: Decision, reason?: string) => {
  const pendingInDetail = detail.openId() === id && detail.record()?.status === 'pending_review';
  if (!queue.isPending(id) && !pendingInDetail) {
    queue.say(() => t('review.keys.notPending'));
    return;
  }
  const inDetail = detail.openId() === id;
  queue.setOutcome(id, { kind: 'deciding' });
  if (inDetail) detail.setBusy(true);
  const result = await decide(id, decision, reason);
  if (result.ok) {
    const outcome: DecisionOutcome = result.value;
    queue.setOutcome(
      id,
      outcome.status === 'approved'
        ? { kind: 'approved', ...(outcome.memberId ? { memberId: outcome.memberId } : {}) }
        : { kind: 'rejected' },
    );
    if (inDetail) detail.showOutcome(outcome, reason);
    else
      queue.say(() =>
        outcome.status === 'approved'
          ? t('review.decided.approved', { id, memberId: outcome.memberId ?? '' })
          : t('review.decided.rejected', { id }),
      );
    goOn(id);
    return;
  }
  const problem = result.problem;
  if (problem.kind === 'already_decided') {
    queue.setOutcome(id, { kind: 'elsewhere' });
    if (inDetail) {
      detail.showProblem(problem);
      // The detail was opened (and audited) already: read it again to show who decided and how.
      const fresh = await detail.reload();
      if (fresh) {
        queue.setOutcome(id, undefined);
        queue.replaceItem(fromFull(fresh));
        detail.showProblem(problem);
      }
    } else queue.say(() => `${id}: ${reviewProblemMessage(problem, currentLocale())}`);
    return;
  }
  queue.setOutcome(id, undefined);
  if (inDetail) detail.showProblem(problem);
  else queue.say(() => `${id}: ${reviewProblemMessage(problem, currentLocale())}`);
};

// ——— Bulk ———

const bulk = createBulkBar({ queue, detail, decidedBy: () => who?.name ?? '' });

// ——— Keyboard ———

wireShortcuts({
  dialog: shortcutsDialog,
  active: () => who !== undefined && !consoleBody.hidden,
  queueShown: () => shownPanel === 'queue-panel',
  showQueue: () => showTab('queue-panel'),
  queue,
  detail,
  approve: (id) => void decideOne(id, 'approve'),
});

// ——— Language ———

onLocaleChange(() => {
  renderSignIn();
  renderWho();
  queue.relabel();
  detail.relabel();
  members.relabel();
  audit.relabel();
  bulk.render();
});

// ——— Start ———

const start = async () => {
  const configLoading = loadOAuthConfig().then((config) => {
    oauthConfig = config;
    renderSignIn();
    return config;
  });
  if (parseCallback(window.location.search).kind !== 'none') {
    showSignIn('review.signIn.checking');
    const returned = await finishOAuthSignIn(await configLoading, storage);
    if (returned.kind === 'signed-in') {
      saveToken(storage, returned.token, 'oauth');
      return startConsole(returned.token);
    }
    if (returned.kind === 'failed') return showSignIn('review.signIn.failed');
  }
  const stored = loadToken(storage);
  if (stored) startConsole(stored);
  else showSignIn();
};

bulk.render();
void start();
