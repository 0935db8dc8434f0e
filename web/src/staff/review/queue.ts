/**
 * The queue (`#queue-rows`): applications oldest first, filtered, paged with "load more" (never cut
 * short), with a current row for the keyboard, ticks for bulk decisions and what this session decided.
 * Its rows are drawn by queue-row.ts.
 */
import { byId, setChildren } from '../../common/dom';
import type { ReviewProblem } from '../common/api';
import { createPagedList } from '../common/paged-list';
import { listApplications, type QueueItem, type QueuePage } from './api';
import { MAX_BULK, selectPage, toggleSelection } from './bulk';
import { createFilters } from './filters';
import { calendarWarning } from './format';
import { t } from './i18n';
import { queueRow, type RowOutcome } from './queue-row';

export interface Queue {
  load(counties: string[]): void;
  reset(): void;
  relabel(): void;
  currentId(): string | undefined;
  isPending(id: string): boolean;
  move(step: number): void;
  focusCurrent(): void;
  setCurrent(id: string): void;
  /** Moves to the next row still waiting for a decision (after one was decided). */
  advance(): void;
  toggleCurrent(): void;
  selectedIds(): string[];
  clearSelection(ids: readonly string[]): void;
  setOutcome(id: string, outcome: RowOutcome | undefined): void;
  replaceItem(item: QueueItem): void;
  say(message: (() => Node | string) | undefined): void;
  focusFilters(): void;
  /** Lists what is waiting for review in all of the caller's counties (the digest banner's button). */
  showPending(): void;
}

export interface QueueEvents {
  open(id: string): void;
  /** The API refused this account (403): not on the roster any more, or not with these rights. */
  forbidden(problem: ReviewProblem): void;
  selectionChanged(ids: string[]): void;
}

type Message = (() => Node | string) | undefined;

export const createQueue = (events: QueueEvents): Queue => {
  const rows = byId('queue-rows');
  const message = byId('queue-message');
  const selectAll = byId<HTMLInputElement>('select-page');
  const selectionCount = byId('selection-count');
  const filterForm = byId<HTMLFormElement>('queue-filters');
  const notice = byId('calendar-notice');

  let current: string | undefined;
  let selected = new Set<string>();
  const outcomes = new Map<string, RowOutcome>();
  let listMessage: Message;
  let counties: string[] = [];
  let lastCalendar: QueuePage['calendar'];

  const filters = createFilters(
    {
      status: byId<HTMLSelectElement>('filter-status'),
      county: byId<HTMLSelectElement>('filter-county'),
      trade: byId<HTMLSelectElement>('filter-trade'),
      platform: byId<HTMLSelectElement>('filter-platform'),
    },
    () => void reload(),
  );

  const items = () => list.items();
  const itemOf = (id: string) => items().find((i) => i.applicationId === id);
  const isPending = (id: string): boolean => itemOf(id)?.status === 'pending_review' && !outcomes.has(id);
  const selectable = () =>
    items()
      .filter((i) => isPending(i.applicationId))
      .map((i) => i.applicationId);

  const row = (item: QueueItem): HTMLTableRowElement => {
    const id = item.applicationId;
    return queueRow(
      item,
      {
        outcome: outcomes.get(id),
        current: id === current,
        selected: selected.has(id),
        pending: isPending(id),
      },
      { toggle, open: events.open, setCurrent },
    );
  };

  const rowOf = (id: string) =>
    rows.querySelector<HTMLTableRowElement>(`tr[data-application-id="${CSS.escape(id)}"]`);

  const renderSelection = () => {
    const pageIds = selectable();
    const count = selected.size;
    selectAll.checked = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
    selectAll.indeterminate = !selectAll.checked && pageIds.some((id) => selected.has(id));
    selectAll.disabled = pageIds.length === 0;
    selectionCount.textContent =
      count === 0
        ? t('review.bulk.none', { max: MAX_BULK })
        : t('review.bulk.selected', { count, max: MAX_BULK });
    events.selectionChanged([...selected]);
  };

  /** Says so when the working-day calendar lacks this or next year (due dates count weekends only). */
  const calendarNotice = (calendar: QueuePage['calendar']) => {
    lastCalendar = calendar ?? lastCalendar;
    const text = calendarWarning(lastCalendar);
    notice.textContent = text;
    notice.hidden = !text;
  };

  const renderMessage = () => setChildren(message, listMessage ? listMessage() : '');

  const list = createPagedList<QueueItem, QueuePage>({
    rows,
    status: byId('queue-status'),
    more: byId<HTMLButtonElement>('queue-more'),
    fetchPage: (cursor) => listApplications(filters.values(), cursor),
    renderRow: row,
    emptyText: () => t('review.queue.empty'),
    countText: (count, more) => t(more ? 'review.queue.countMore' : 'review.queue.count', { count }),
    keyOf: (item) => item.applicationId,
    received: (page) => calendarNotice(page.calendar),
    failed: (problem) => {
      if (problem.kind === 'forbidden') events.forbidden(problem);
    },
    drawRows: (draw) => {
      const hadFocus = rows.contains(document.activeElement);
      const shown = items();
      if (current && !shown.some((i) => i.applicationId === current)) current = undefined;
      if (!current && shown[0]) current = shown[0].applicationId;
      draw();
      renderSelection();
      if (hadFocus) focusCurrent();
    },
    showedMore: (first) => {
      // Keep the keyboard where the new rows begin, not on a button that may have gone.
      if (first && document.activeElement === document.body) {
        setCurrent(first.applicationId);
        focusCurrent();
      }
    },
  });

  const updateRow = (id: string) => {
    const old = rowOf(id);
    const item = itemOf(id);
    if (!old || !item) return;
    const hadFocus = old.contains(document.activeElement);
    const fresh = row(item);
    old.replaceWith(fresh);
    if (hadFocus) fresh.focus();
    renderSelection();
  };

  const setCurrent = (id: string) => {
    if (!itemOf(id) || id === current) return;
    const previous = current ? rowOf(current) : null;
    previous?.classList.remove('is-current');
    previous?.setAttribute('tabindex', '-1');
    current = id;
    const next = rowOf(id);
    next?.classList.add('is-current');
    next?.setAttribute('tabindex', '0');
  };

  const focusCurrent = () => {
    const tr = current ? rowOf(current) : null;
    if (!tr) return;
    tr.focus({ preventScroll: true });
    tr.scrollIntoView({ block: 'nearest' });
  };

  const move = (step: number) => {
    const shown = items();
    if (shown.length === 0) return;
    const index = shown.findIndex((i) => i.applicationId === current);
    const next = shown[Math.min(shown.length - 1, Math.max(0, Math.max(index, 0) + step))];
    if (next) setCurrent(next.applicationId);
    focusCurrent();
  };

  const advance = () => {
    const shown = items();
    const index = shown.findIndex((i) => i.applicationId === current);
    const after = shown.slice(index + 1).find((i) => isPending(i.applicationId));
    const next = after ?? shown.find((i) => isPending(i.applicationId));
    if (next) setCurrent(next.applicationId);
  };

  const toggle = (id: string) => {
    if (!isPending(id)) return;
    const result = toggleSelection(selected, id);
    selected = result.selected;
    listMessage = result.refused ? () => t('review.bulk.limit', { max: MAX_BULK }) : listMessage;
    const box = rowOf(id)?.querySelector<HTMLInputElement>('input[name="select"]');
    if (box) box.checked = selected.has(id);
    renderSelection();
    renderMessage();
  };

  selectAll.addEventListener('change', () => {
    const result = selectPage(selected, selectable());
    selected = result.selected;
    listMessage =
      result.leftOut > 0
        ? () => t('review.bulk.leftOut', { count: result.leftOut, max: MAX_BULK })
        : undefined;
    for (const box of Array.from(rows.querySelectorAll<HTMLInputElement>('input[name="select"]'))) {
      box.checked = selected.has(box.value);
    }
    renderSelection();
    renderMessage();
  });

  /** Forgets what this session chose and decided in the list shown. */
  const forgetSession = () => {
    current = undefined;
    selected = new Set();
    outcomes.clear();
    listMessage = undefined;
    renderMessage();
  };

  const reload = () => {
    forgetSession();
    return list.reload();
  };

  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void reload();
  });

  return {
    load: (next) => {
      counties = next;
      filters.render(counties);
      void reload();
    },
    reset: () => {
      forgetSession();
      filters.reset();
      list.reset();
    },
    relabel: () => {
      filters.render(counties);
      calendarNotice(undefined);
      list.render();
      renderMessage();
    },
    currentId: () => current,
    isPending,
    move,
    focusCurrent,
    setCurrent,
    advance,
    toggleCurrent: () => {
      if (current) toggle(current);
    },
    selectedIds: () => [...selected],
    clearSelection: (ids) => {
      for (const id of ids) selected.delete(id);
      list.render();
    },
    setOutcome: (id, outcome) => {
      if (outcome) outcomes.set(id, outcome);
      else outcomes.delete(id);
      if (outcome && outcome.kind !== 'deciding') selected.delete(id);
      updateRow(id);
    },
    replaceItem: (item) => {
      list.update((shown) => shown.map((i) => (i.applicationId === item.applicationId ? item : i)));
      updateRow(item.applicationId);
    },
    say: (next) => {
      listMessage = next;
      renderMessage();
    },
    focusFilters: () => byId('filter-status').focus(),
    showPending: () => {
      byId<HTMLSelectElement>('filter-status').value = 'pending_review';
      for (const id of ['filter-county', 'filter-trade', 'filter-platform'])
        byId<HTMLSelectElement>(id).value = '';
      filters.render(counties);
      void reload();
    },
  };
};
