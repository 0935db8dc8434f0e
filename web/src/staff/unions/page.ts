/**
 * The grassroots unions page (`/unions`): signed in as on the console (staff/common/sign-in.ts, same tab
 * session), the unions of the counties one may see, grouped by county with what each covers and how many
 * members it has; a union's members, each of whom can be recorded as leaving. Administrators also set
 * unions up, rename and dissolve them, move a platform's members from the county's fallback union into
 * its new union in bulk, and move one member to another union. Every form is checked by the API's own
 * rules first (form.ts); the API refuses reviewers anyway.
 */
import { catalog } from '../../../../shared/catalog/index';
import { byId, h, setChildren } from '../../common/dom';
import { currentLocale, onLocaleChange, startLanguage } from '../../common/i18n';
import type { ReviewProblem } from '../common/api';
import { countyName } from '../common/format';
import type { SignedIn } from '../common/session';
import { createSignIn } from '../common/sign-in';
import { type ListedUnion, listUnions } from './api';
import { problemText, type UnionsPage } from './context';
import { createSetUpForm } from './create';
import { countyGroups, formatNumber } from './format';
import { t } from './i18n';
import { createMemberList } from './members';
import { createUnionPanel, type PanelMode } from './panel';
import { countyBody } from './view';

startLanguage();

const body = byId('unions-body');
const message = byId('unions-message');
const table = byId<HTMLTableElement>('union-table');
const status = byId('unions-status');
const countyFilter = byId<HTMLSelectElement>('county-filter');
const refreshButton = byId<HTMLButtonElement>('unions-refresh');

// ——— State ———

let who: SignedIn | undefined;
let unions: ListedUnion[] = [];
let listState: 'idle' | 'loading' | 'loaded' | 'failed' = 'idle';
let listProblem: ReviewProblem | undefined;
let messageText: (() => string) | undefined;
/** Each load bumps it; an answer for an older load is dropped. */
let generation = 0;

const isAdmin = () => who?.role === 'admin';

const say = (text: (() => string) | undefined) => {
  messageText = text;
  message.textContent = text ? text() : '';
};

// ——— The list, grouped by county ———

/** The counties this person sees: every one for an administrator, their own for a reviewer. */
const myCounties = (): string[] =>
  catalog.counties
    .map((c) => c.code)
    .filter((code) => who?.counties === '*' || (who?.counties ?? []).includes(code));

const renderFilter = () => {
  const chosen = countyFilter.value;
  const counties = myCounties();
  setChildren(
    countyFilter,
    h(
      'option',
      { value: '' },
      t(counties.length > 1 ? 'review.filter.allCounties' : 'review.filter.myCounties'),
    ),
    ...counties.map((code) => h('option', { value: code }, countyName(code))),
  );
  countyFilter.value = counties.includes(chosen) ? chosen : '';
};

const renderList = () => {
  for (const group of Array.from(table.tBodies)) group.remove();
  const chosen = countyFilter.value;
  const shown = unions.filter((u) => !chosen || u.county === chosen);
  const groups = countyGroups(shown, chosen ? [chosen] : myCounties());
  for (const group of groups) table.append(countyBody(group, isAdmin()));
  const locale = currentLocale();
  status.textContent =
    listState === 'loading'
      ? t('unions.list.loading')
      : listState === 'failed' && listProblem
        ? problemText(listProblem)
        : listState === 'loaded' && shown.length === 0
          ? t('unions.list.empty')
          : listState === 'loaded'
            ? t('unions.list.count', {
                count: formatNumber(shown.length, locale),
                active: formatNumber(shown.filter((u) => u.status === 'active').length, locale),
                members: formatNumber(
                  shown.reduce((n, u) => n + u.members, 0),
                  locale,
                ),
              })
            : '';
  refreshButton.disabled = listState === 'loading';
};

const loadUnions = async (): Promise<void> => {
  const mine = ++generation;
  listState = 'loading';
  listProblem = undefined;
  renderList();
  const listed = await listUnions();
  if (mine !== generation || !who) return;
  if (!listed.ok) {
    if (signIn.refused(listed.problem)) return;
    listState = 'failed';
    listProblem = listed.problem;
    return renderList();
  }
  unions = listed.value;
  listState = 'loaded';
  renderList();
  members.refresh();
};

const page: UnionsPage = {
  unions: () => unions,
  isAdmin,
  reload: loadUnions,
  refused: (problem) => signIn.refused(problem),
  say,
};

const panel = createUnionPanel(page);
const members = createMemberList(page);
const setUp = createSetUpForm(page);

table.addEventListener('click', (event) => {
  const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
  const union = unions.find((u) => u.unionId === button?.dataset.id);
  if (!button || !union) return;
  say(undefined);
  const action = button.dataset.action;
  // One thing at a time: a list of members shown beside a move would go stale.
  if (action === 'members') {
    panel.close();
    return members.open(union);
  }
  members.close();
  if (action === 'finish') void panel.finishDissolving(union);
  else panel.open(action as PanelMode, union);
});

countyFilter.addEventListener('change', renderList);
// The link scrolls to the set-up form; the keyboard goes to its first field.
byId('to-create').addEventListener('click', () => byId('create-name').focus());
refreshButton.addEventListener('click', () => void loadUnions());

// ——— Sign-in ———

const reset = () => {
  generation++;
  who = undefined;
  unions = [];
  listState = 'idle';
  listProblem = undefined;
  say(undefined);
  panel.close();
  members.close();
  setUp.reset();
  renderFilter();
  renderList();
  byId('create').hidden = true;
  byId('to-create').hidden = true;
  byId('read-only').hidden = true;
};

const signIn = createSignIn({
  body,
  signedIn: (person) => {
    reset();
    who = person;
    byId('create').hidden = !isAdmin();
    byId('to-create').hidden = !isAdmin();
    byId('read-only').hidden = isAdmin();
    renderFilter();
    void loadUnions();
  },
  signedOut: reset,
});

onLocaleChange(() => {
  signIn.relabel();
  renderFilter();
  renderList();
  panel.relabel();
  members.relabel();
  setUp.relabel();
  message.textContent = messageText ? messageText() : '';
});

reset();
void signIn.start();
