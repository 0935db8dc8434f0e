/**
 * A list read from the API a page at a time: the console's queue, members and audit trail, and a union's
 * members. It keeps the items so far and the cursor of the next page behind a "load more" button, says on
 * its status line what is going on (loading, the problem, empty, how many), and counts its requests so
 * that an answer to one made before a reload or a reset is dropped. Each list supplies how to fetch a
 * page and how to draw a row.
 */
import { setChildren } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import { type Page, type Result, type ReviewProblem, reviewProblemMessage } from './api';
import { t } from './i18n';
import { type ListState, listStatusText } from './list-status';

/** `P`: the listing's page, when it says more than its items (the queue's calendar). */
export interface PagedListOptions<T, P extends Page<T> = Page<T>> {
  /** Where the rows go (a `tbody`). */
  rows: HTMLElement;
  /** The line under the list. */
  status: HTMLElement;
  /** "Load more": shown while there is a next page and none is being read. */
  more: HTMLButtonElement;
  /** The page after `cursor` (the first page for undefined), with the filters of the moment. */
  fetchPage(cursor: string | undefined): Promise<Result<P>>;
  renderRow(item: T): Node;
  /** What the status line says when nothing is listed. */
  emptyText(): string;
  /** How many are listed, and whether more can be loaded (by default the staff pages' wording). */
  countText?(count: number, more: boolean): string;
  /** A problem in words (by default the staff pages' wording). */
  problemText?(problem: ReviewProblem): string;
  /** Tells items apart, so that one a later page repeats (the list moved meanwhile) is listed once. */
  keyOf?(item: T): string;
  /** Each answer as it arrives, before its items are drawn (the queue reads its calendar from it). */
  received?(page: P): void;
  /** A problem once it is on the status line: the page may act on it (a 403 sends it to the sign-in). */
  failed?(problem: ReviewProblem): void;
  /** Wraps the drawing of the rows, to keep something across it (the queue: its current row and focus). */
  drawRows?(draw: () => void): void;
  /** After "load more" drew its rows: the first of them (undefined when nothing new came). */
  showedMore?(first: T | undefined): void;
}

export interface PagedList<T> {
  items(): readonly T[];
  /** Empties the list and reads its first page (shown afresh, or the filters changed). */
  reload(): Promise<void>;
  /** Empties the list and drops any answer still on its way (signed out, closed). */
  reset(): void;
  /** Changes the items without reading anything (one read again, or moved away); `render` draws them. */
  update(change: (items: readonly T[]) => T[]): void;
  /** Draws the rows and the status line again (a new language, a changed item). */
  render(): void;
  /** Says again what the status line says, leaving the rows as they are. */
  renderStatus(): void;
}

const defaultCountText = (count: number, more: boolean): string =>
  t(more ? 'review.list.countMore' : 'review.list.count', { count });

const defaultProblemText = (problem: ReviewProblem): string => reviewProblemMessage(problem, currentLocale());

export const createPagedList = <T, P extends Page<T> = Page<T>>(
  options: PagedListOptions<T, P>,
): PagedList<T> => {
  const { rows, status, more } = options;
  const countText = options.countText ?? defaultCountText;
  const problemText = options.problemText ?? defaultProblemText;
  const drawRows = options.drawRows ?? ((draw: () => void) => draw());

  let items: T[] = [];
  let nextCursor: string | null = null;
  let state: ListState = 'idle';
  let problem: ReviewProblem | undefined;
  /** Each request and each reset bumps it; an answer to an older request is dropped. */
  let generation = 0;

  const renderStatus = () => {
    status.textContent = listStatusText(state, problem, items.length, {
      loading: () => t('review.list.loading'),
      problem: problemText,
      empty: options.emptyText,
      count: (count) => countText(count, nextCursor !== null),
    });
    more.hidden = nextCursor === null || state === 'loading';
  };

  const render = () => {
    drawRows(() => setChildren(rows, ...items.map(options.renderRow)));
    renderStatus();
  };

  /** Reads the page after `cursor` onto the end of the list; answers whether it was drawn. */
  const fetchPage = async (cursor: string | undefined): Promise<boolean> => {
    const mine = ++generation;
    state = 'loading';
    problem = undefined;
    renderStatus();
    const result = await options.fetchPage(cursor);
    if (mine !== generation) return false;
    if (!result.ok) {
      state = 'failed';
      problem = result.problem;
      renderStatus();
      options.failed?.(result.problem);
      return false;
    }
    options.received?.(result.value);
    const keyOf = options.keyOf;
    const known = new Set(keyOf ? items.map(keyOf) : []);
    const fresh = keyOf ? result.value.items.filter((item) => !known.has(keyOf(item))) : result.value.items;
    items = [...items, ...fresh];
    nextCursor = result.value.nextCursor;
    state = 'loaded';
    render();
    return true;
  };

  const clear = () => {
    items = [];
    nextCursor = null;
    problem = undefined;
  };

  more.addEventListener('click', () => {
    const firstNew = items.length;
    void fetchPage(nextCursor ?? undefined).then((drawn) => {
      if (drawn) options.showedMore?.(items[firstNew]);
    });
  });

  return {
    items: () => items,
    reload: async () => {
      clear();
      render();
      await fetchPage(undefined);
    },
    reset: () => {
      generation++;
      clear();
      state = 'idle';
      render();
    },
    update: (change) => {
      items = change(items);
    },
    render,
    renderStatus,
  };
};
