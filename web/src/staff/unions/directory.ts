/**
 * The union directory (`#directory`): the unions of the counties the signed-in person may see, grouped
 * by county (one county at a time with the filter), with what each covers and how many members it has,
 * and the buttons that act on each (view.ts draws them; the page decides what they do).
 */
import { catalog } from '../../../../shared/catalog/index';
import { byId, h, setChildren } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import type { ReviewProblem } from '../common/api';
import { countyName } from '../common/format';
import { type ListState, listStatusText } from '../common/list-status';
import type { SignedIn } from '../common/session';
import { type ListedUnion, listUnions } from './api';
import { problemText } from './context';
import { countyGroups, formatNumber } from './format';
import { t } from './i18n';
import { countyBody } from './view';

export interface Directory {
  /** Every union the signed-in person may see, as last read. */
  unions(): readonly ListedUnion[];
  /** Reads the unions again and shows them. */
  load(): Promise<void>;
  /** The county filter, for the counties of whoever is signed in now. */
  renderFilter(): void;
  relabel(): void;
  reset(): void;
}

export interface DirectoryEvents {
  who(): SignedIn | undefined;
  /** For a 403: the sign-in reads the roster again. True when it took the problem over. */
  refused(problem: ReviewProblem): boolean;
  /** A union's button was pressed (`data-action`: members, rename, dissolve, finish, bulk). */
  chosen(action: string, union: ListedUnion): void;
  /** The unions were read again (a union shown elsewhere on the page may have changed). */
  loaded(): void;
}

export const createDirectory = (events: DirectoryEvents): Directory => {
  const table = byId<HTMLTableElement>('union-table');
  const status = byId('unions-status');
  const countyFilter = byId<HTMLSelectElement>('county-filter');
  const refreshButton = byId<HTMLButtonElement>('unions-refresh');

  let unions: ListedUnion[] = [];
  let state: ListState = 'idle';
  let problem: ReviewProblem | undefined;
  /** Each load bumps it; an answer for an older load is dropped. */
  let generation = 0;

  const isAdmin = () => events.who()?.role === 'admin';

  /** The counties this person sees: every one for an administrator, their own for a reviewer. */
  const myCounties = (): string[] => {
    const who = events.who();
    return catalog.counties
      .map((c) => c.code)
      .filter((code) => who?.counties === '*' || (who?.counties ?? []).includes(code));
  };

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

  const render = () => {
    for (const group of Array.from(table.tBodies)) group.remove();
    const chosen = countyFilter.value;
    const shown = unions.filter((u) => !chosen || u.county === chosen);
    const groups = countyGroups(shown, chosen ? [chosen] : myCounties());
    for (const group of groups) table.append(countyBody(group, isAdmin()));
    const locale = currentLocale();
    status.textContent = listStatusText(state, problem, shown.length, {
      loading: () => t('unions.list.loading'),
      problem: problemText,
      empty: () => t('unions.list.empty'),
      count: (count) =>
        t('unions.list.count', {
          count: formatNumber(count, locale),
          active: formatNumber(shown.filter((u) => u.status === 'active').length, locale),
          members: formatNumber(
            shown.reduce((n, u) => n + u.members, 0),
            locale,
          ),
        }),
    });
    refreshButton.disabled = state === 'loading';
  };

  const load = async (): Promise<void> => {
    const mine = ++generation;
    state = 'loading';
    problem = undefined;
    render();
    const listed = await listUnions();
    if (mine !== generation || !events.who()) return;
    if (!listed.ok) {
      if (events.refused(listed.problem)) return;
      state = 'failed';
      problem = listed.problem;
      return render();
    }
    unions = listed.value;
    state = 'loaded';
    render();
    events.loaded();
  };

  table.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    const union = unions.find((u) => u.unionId === button?.dataset.id);
    if (button && union) events.chosen(button.dataset.action ?? '', union);
  });
  countyFilter.addEventListener('change', render);
  refreshButton.addEventListener('click', () => void load());

  return {
    unions: () => unions,
    load,
    renderFilter,
    relabel: () => {
      renderFilter();
      render();
    },
    reset: () => {
      generation++;
      unions = [];
      state = 'idle';
      problem = undefined;
      renderFilter();
      render();
    },
  };
};
