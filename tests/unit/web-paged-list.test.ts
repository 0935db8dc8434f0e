import { describe, expect, it, vi } from 'vitest';
import type { Page, Result, ReviewProblem } from '../../web/src/staff/common/api';
import { t } from '../../web/src/staff/common/i18n';
import { listStatusText } from '../../web/src/staff/common/list-status';
import { createPagedList, type PagedListOptions } from '../../web/src/staff/common/paged-list';

/** Just what the list touches of an element: its children, text, `hidden` and click listeners. */
const fakeElement = () => {
  const children: unknown[] = [];
  const listeners: Array<() => void> = [];
  return {
    children,
    textContent: '' as string | null,
    hidden: false,
    get firstChild() {
      return children[0] ?? null;
    },
    removeChild(child: unknown) {
      children.splice(children.indexOf(child), 1);
      return child;
    },
    append(...nodes: unknown[]) {
      children.push(...nodes);
    },
    addEventListener(_type: string, listener: () => void) {
      listeners.push(listener);
    },
    click() {
      for (const listener of listeners) listener();
    },
  };
};

/** A promise the test settles when it chooses, to put answers in any order. */
const deferred = <T>() => {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
};

type Item = { id: string };
const page = (ids: string[], nextCursor: string | null = null): Result<Page<Item>> => ({
  ok: true,
  value: { items: ids.map((id) => ({ id })), nextCursor },
});
const flush = () => new Promise((settle) => setTimeout(settle, 0));

const setUp = (fetchPage: (cursor: string | undefined) => Promise<Result<Page<Item>>>, more = {}) => {
  const rows = fakeElement();
  const status = fakeElement();
  const button = fakeElement();
  const options: PagedListOptions<Item> = {
    rows: rows as never,
    status: status as never,
    more: button as never,
    fetchPage,
    renderRow: (item) => `row ${item.id}` as never,
    emptyText: () => 'nothing here',
    ...more,
  };
  return { list: createPagedList(options), rows, status, button };
};

describe('a paged list', () => {
  it('reads the first page: loading, then how many, and "load more" while there is a next page', async () => {
    const answer = deferred<Result<Page<Item>>>();
    const fetchPage = vi.fn(() => answer.promise);
    const { list, rows, status, button } = setUp(fetchPage);
    const loaded = list.reload();
    expect(fetchPage).toHaveBeenCalledWith(undefined);
    expect(status.textContent).toBe(t('review.list.loading'));
    expect(button.hidden).toBe(true);
    answer.resolve(page(['a', 'b'], 'cursor-2'));
    await loaded;
    expect(rows.children).toEqual(['row a', 'row b']);
    expect(status.textContent).toBe(t('review.list.countMore', { count: 2 }));
    expect(button.hidden).toBe(false);
  });

  it('adds the next page on "load more" and hides the button on the last page', async () => {
    const fetchPage = vi.fn(async (cursor: string | undefined) =>
      cursor ? page(['c'], null) : page(['a', 'b'], 'cursor-2'),
    );
    const showedMore = vi.fn();
    const { list, rows, status, button } = setUp(fetchPage, { showedMore });
    await list.reload();
    button.click();
    await flush();
    expect(fetchPage).toHaveBeenLastCalledWith('cursor-2');
    expect(rows.children).toEqual(['row a', 'row b', 'row c']);
    expect(status.textContent).toBe(t('review.list.count', { count: 3 }));
    expect(button.hidden).toBe(true);
    expect(showedMore).toHaveBeenCalledWith({ id: 'c' });
  });

  it('drops the answer to a request made before a reload or a reset', async () => {
    const first = deferred<Result<Page<Item>>>();
    const second = deferred<Result<Page<Item>>>();
    const fetchPage = vi.fn().mockReturnValueOnce(first.promise).mockReturnValueOnce(second.promise);
    const { list, rows, status } = setUp(fetchPage);
    const stale = list.reload();
    const fresh = list.reload();
    second.resolve(page(['new']));
    await fresh;
    first.resolve(page(['old']));
    await stale;
    expect(list.items()).toEqual([{ id: 'new' }]);
    expect(rows.children).toEqual(['row new']);

    const late = deferred<Result<Page<Item>>>();
    fetchPage.mockReturnValueOnce(late.promise);
    const dropped = list.reload();
    list.reset();
    late.resolve(page(['late']));
    await dropped;
    expect(list.items()).toEqual([]);
    expect(rows.children).toEqual([]);
    expect(status.textContent).toBe('');
  });

  it('shows a problem, lets the page act on it, and keeps "load more" for another try', async () => {
    const forbidden: ReviewProblem = { kind: 'forbidden' };
    const fetchPage = vi.fn(async (cursor: string | undefined) =>
      cursor ? ({ ok: false, problem: forbidden } as const) : page(['a'], 'cursor-2'),
    );
    const failed = vi.fn();
    const { list, status, button } = setUp(fetchPage, {
      failed,
      problemText: (problem: ReviewProblem) => `problem: ${problem.kind}`,
    });
    await list.reload();
    button.click();
    await flush();
    expect(status.textContent).toBe('problem: forbidden');
    expect(failed).toHaveBeenCalledWith(forbidden);
    expect(button.hidden).toBe(false);
    expect(list.items()).toEqual([{ id: 'a' }]);
  });

  it('says so when nothing is listed, in its own words', async () => {
    const { list, status, button } = setUp(async () => page([]));
    await list.reload();
    expect(status.textContent).toBe('nothing here');
    expect(button.hidden).toBe(true);
  });

  it('lists once an item a later page repeats, when told how to tell items apart', async () => {
    const fetchPage = vi.fn(async (cursor: string | undefined) =>
      cursor ? page(['b', 'c']) : page(['a', 'b'], 'cursor-2'),
    );
    const { list, button } = setUp(fetchPage, { keyOf: (item: Item) => item.id });
    await list.reload();
    button.click();
    await flush();
    expect(list.items().map((item) => item.id)).toEqual(['a', 'b', 'c']);
  });

  it('passes each answer on before drawing it, and lets the page wrap the drawing of the rows', async () => {
    const events: string[] = [];
    const { list } = setUp(async () => page(['a']), {
      received: (answer: Page<Item>) => events.push(`received ${answer.items.length}`),
      drawRows: (draw: () => void) => {
        events.push('before');
        draw();
        events.push('after');
      },
      countText: (count: number, more: boolean) => `${count}${more ? '+' : ''}`,
    });
    await list.reload();
    expect(events).toEqual(['before', 'after', 'received 1', 'before', 'after']);
  });

  it('changes its items without reading anything, and draws them when asked', async () => {
    const { list, rows, status } = setUp(async () => page(['a', 'b']));
    await list.reload();
    list.update((items) => items.filter((item) => item.id !== 'a'));
    expect(rows.children).toEqual(['row a', 'row b']);
    list.render();
    expect(rows.children).toEqual(['row b']);
    expect(status.textContent).toBe(t('review.list.count', { count: 1 }));
  });
});

describe('the line under a list', () => {
  const words = {
    loading: () => 'loading',
    problem: (problem: ReviewProblem) => `problem: ${problem.kind}`,
    empty: () => 'empty',
    count: (count: number) => `${count} listed`,
  };

  it('says nothing before the list is read, then loading, the problem, empty, or how many', () => {
    expect(listStatusText('idle', undefined, 0, words)).toBe('');
    expect(listStatusText('loading', undefined, 3, words)).toBe('loading');
    expect(listStatusText('failed', { kind: 'offline' }, 3, words)).toBe('problem: offline');
    expect(listStatusText('loaded', undefined, 0, words)).toBe('empty');
    expect(listStatusText('loaded', undefined, 3, words)).toBe('3 listed');
  });
});
