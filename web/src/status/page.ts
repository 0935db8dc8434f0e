/**
 * The status page (`/status`): the applications remembered on this phone with their current status,
 * plus a lookup by application number and status token, typed in or taken from a
 * `/status#id=…&token=…` link (the fragment never reaches the server).
 */
import { fieldMessage } from '../../../shared/domain/messages';
import { fetchStatus, type Problem, problemMessage, type StatusView } from '../common/api';
import { byId, formatDateTime, h, setChildren } from '../common/dom';
import { setFieldError } from '../common/field-errors';
import { currentLocale, onLocaleChange, startLanguage, t } from '../common/i18n';
import {
  browserStorage,
  forgetApplication,
  loadSaved,
  rememberApplication,
  type SavedApplication,
} from '../common/saved-applications';
import {
  isApplicationId,
  normaliseApplicationId,
  parseStatusFragment,
  type StatusLookup,
} from '../common/status-link';

startLanguage();

const storage = browserStorage();
const savedList = byId('saved-list');
const savedEmpty = byId('saved-empty');
const savedHeading = byId('saved-heading');
const lookupForm = byId<HTMLFormElement>('lookup-form');
const lookupIdInput = byId<HTMLInputElement>('applicationId');
const lookupTokenInput = byId<HTMLInputElement>('statusToken');
const lookupResult = byId('lookup-result');

type CardState =
  | { kind: 'loading' }
  | { kind: 'found'; view: StatusView }
  | { kind: 'problem'; problem: Problem };
const cardStates = new Map<string, CardState>();
/** Lookups kept for this visit only, when the phone will not store them. */
let visitOnly: SavedApplication[] = [];
let lookupMessage: (() => string) | undefined;

const shownApplications = (): SavedApplication[] => {
  const saved = loadSaved(storage);
  const extra = visitOnly.filter((entry) => !saved.some((s) => s.applicationId === entry.applicationId));
  return [...extra, ...saved];
};

const statusSentence = (state: CardState): string => {
  if (state.kind === 'loading') return t('status.loading');
  if (state.kind === 'problem') return problemMessage(state.problem, currentLocale());
  switch (state.view.status) {
    case 'approved':
      return t('status.state.approved');
    case 'rejected':
      return t('status.state.rejected');
    default:
      return t('status.state.reviewing');
  }
};

const statusAttribute = (state: CardState): string =>
  state.kind === 'found' ? state.view.status : state.kind === 'loading' ? 'loading' : state.problem.kind;

const details = (entry: SavedApplication, state: CardState): HTMLElement => {
  const locale = currentLocale();
  const rows: Array<[string, string, string]> = [
    ['submitted-at', t('status.submittedAt'), entry.submittedAt],
  ];
  if (state.kind === 'found') {
    const { decidedAt, memberId, rejectionReason } = state.view;
    if (decidedAt) rows.push(['decided-at', t('status.decidedAt'), decidedAt]);
    if (memberId) rows.push(['member-id', t('status.memberId'), memberId]);
    if (rejectionReason) rows.push(['rejection-reason', t('status.reason'), rejectionReason]);
  }
  const list = h('dl', { class: 'status-details' });
  for (const [name, label, value] of rows) {
    const shown = name.endsWith('-at') ? formatDateTime(value, locale) : value;
    list.append(h('dt', {}, label), h('dd', { class: name }, shown));
  }
  return list;
};

const card = (entry: SavedApplication): HTMLElement => {
  const state = cardStates.get(entry.applicationId) ?? { kind: 'loading' };
  const forget = h('button', { type: 'button', class: 'secondary' }, t('status.forget'));
  forget.addEventListener('click', () => {
    forgetApplication(storage, entry.applicationId);
    visitOnly = visitOnly.filter((e) => e.applicationId !== entry.applicationId);
    cardStates.delete(entry.applicationId);
    renderSaved();
    savedHeading.focus();
  });
  return h(
    'li',
    {
      class: 'status-card',
      'data-application-id': entry.applicationId,
      'data-status': statusAttribute(state),
    },
    h('h3', {}, `${t('status.numberLabel')} `, h('span', { class: 'application-id' }, entry.applicationId)),
    h('p', { class: 'status-text' }, statusSentence(state)),
    details(entry, state),
    forget,
  );
};

const renderSaved = () => {
  const entries = shownApplications();
  savedEmpty.hidden = entries.length > 0;
  savedEmpty.textContent = t(storage ? 'status.none' : 'status.storageUnavailable');
  setChildren(savedList, ...entries.map(card));
  setChildren(lookupResult, lookupMessage ? lookupMessage() : '');
};

const refresh = async (entry: StatusLookup): Promise<CardState> => {
  const result = await fetchStatus(entry.applicationId, entry.statusToken, currentLocale());
  const state: CardState = result.ok
    ? { kind: 'found', view: result.value }
    : { kind: 'problem', problem: result.problem };
  cardStates.set(entry.applicationId, state);
  return state;
};

const lookUp = async (lookup: StatusLookup) => {
  lookupMessage = () => t('status.loading');
  renderSaved();
  const result = await fetchStatus(lookup.applicationId, lookup.statusToken, currentLocale());
  if (!result.ok) {
    const problem = result.problem;
    // Show what was looked up, so it can be corrected (a link's token is otherwise kept off the screen).
    lookupIdInput.value = lookup.applicationId;
    lookupTokenInput.value = lookup.statusToken;
    lookupMessage = () => problemMessage(problem, currentLocale());
    renderSaved();
    return;
  }
  const entry = { ...lookup, submittedAt: result.value.submittedAt };
  cardStates.set(lookup.applicationId, { kind: 'found', view: result.value });
  if (!rememberApplication(storage, entry)) visitOnly = [entry, ...visitOnly];
  lookupMessage = () => t('status.found', { id: lookup.applicationId });
  renderSaved();
};

lookupForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const applicationId = normaliseApplicationId(lookupIdInput.value);
  const statusToken = lookupTokenInput.value.trim();
  const locale = currentLocale();
  const idProblem =
    applicationId === ''
      ? fieldMessage('required', locale)
      : isApplicationId(applicationId)
        ? undefined
        : t('status.idFormat');
  const tokenProblem = statusToken === '' ? fieldMessage('required', locale) : undefined;
  setFieldError(lookupForm, 'applicationId', idProblem);
  setFieldError(lookupForm, 'statusToken', tokenProblem);
  if (idProblem) return lookupIdInput.focus();
  if (tokenProblem) return lookupTokenInput.focus();
  void lookUp({ applicationId, statusToken });
});

/** A `#id=…&token=…` link: look it up, then drop the token from the address bar and history entry. */
const lookUpFragment = () => {
  const lookup = parseStatusFragment(window.location.hash);
  if (!lookup) return;
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  void lookUp(lookup);
};
window.addEventListener('hashchange', lookUpFragment);

onLocaleChange(renderSaved);

renderSaved();
const fromLink = parseStatusFragment(window.location.hash)?.applicationId;
for (const entry of loadSaved(storage)) {
  if (entry.applicationId !== fromLink) void refresh(entry).then(renderSaved);
}
lookUpFragment();
