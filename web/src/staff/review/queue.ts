/**
 * The queue (`#queue-rows`): applications oldest first, filtered, paged with "load more" (never cut
 * short), with a current row for the keyboard, ticks for bulk decisions and what this session decided.
 * A table on a desk, cards on a phone (review.css).
 */
import { byId, formatDateTime, h, setChildren } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import { type ReviewProblem, reviewProblemMessage } from '../common/api';
import { labelledCell as cell, countyName, platformsText, tradeName } from '../common/format';
import { t } from '../common/i18n';
import { listApplications, type QueueItem, type QueuePage } from './api';
import { MAX_BULK, selectPage, toggleSelection } from './bulk';
import { createFilters } from './filters';
import { applicantName, calendarWarning, deadlineNodes, flagLabel, statusLabel } from './format';
import { smsRowNotice } from './notices';

/** What happened to a row in this session. */
export type RowOutcome =
  | { kind: 'deciding' }
  | { kind: 'approved'; memberId?: string }
  | { kind: 'rejected' }
  /** 409 already_decided: another reviewer decided it just now. */
  | { kind: 'elsewhere' };

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
  const status = byId('queue-status');
  const more = byId<HTMLButtonElement>('queue-more');
  const message = byId('queue-message');
  const selectAll = byId<HTMLInputElement>('select-page');
  const selectionCount = byId('selection-count');
  const filterForm = byId<HTMLFormElement>('queue-filters');

  let items: QueueItem[] = [];
  let nextCursor: string | null = null;
  let current: string | undefined;
  let selected = new Set<string>();
  const outcomes = new Map<string, RowOutcome>();
  let loading = false;
  let generation = 0;
  let listMessage: Message;
  let problem: ReviewProblem | undefined;
  let counties: string[] = [];

  const filters = createFilters(
    {
      status: byId<HTMLSelectElement>('filter-status'),
      county: byId<HTMLSelectElement>('filter-county'),
      trade: byId<HTMLSelectElement>('filter-trade'),
      platform: byId<HTMLSelectElement>('filter-platform'),
    },
    () => void reload(),
  );

  const statusOf = (item: QueueItem): string => {
    const outcome = outcomes.get(item.applicationId);
    if (!outcome || outcome.kind === 'deciding') return item.status;
    return outcome.kind === 'elsewhere' ? 'decided_elsewhere' : outcome.kind;
  };
  const isPending = (id: string): boolean => {
    const item = items.find((i) => i.applicationId === id);
    return item !== undefined && statusOf(item) === 'pending_review' && !outcomes.has(id);
  };
  const selectable = () => items.filter((i) => isPending(i.applicationId)).map((i) => i.applicationId);

  const outcomeText = (item: QueueItem): string => {
    const outcome = outcomes.get(item.applicationId);
    if (outcome?.kind === 'deciding') return t('review.deciding');
    if (outcome?.kind === 'elsewhere') return t('review.row.elsewhere');
    const memberId = outcome?.kind === 'approved' ? outcome.memberId : item.memberId;
    return memberId ? t('review.row.memberId', { memberId }) : '';
  };

  const row = (item: QueueItem): HTMLTableRowElement => {
    const id = item.applicationId;
    const shownStatus = statusOf(item);
    const box = h('input', {
      type: 'checkbox',
      name: 'select',
      value: id,
      'aria-label': t('review.row.select', { name: applicantName(item), id }),
      checked: selected.has(id),
      disabled: !isPending(id),
    });
    box.addEventListener('change', () => toggle(id));
    const open = h('button', { type: 'button', class: 'open-link' }, applicantName(item));
    open.addEventListener('click', () => {
      setCurrent(id);
      events.open(id);
    });
    const badges = [
      h(
        'span',
        { class: `badge status-badge status-${shownStatus}` },
        shownStatus === 'decided_elsewhere' ? t('review.row.elsewhere') : statusLabel(shownStatus),
      ),
      ...item.flags.map((flag) => h('span', { class: `badge warning flag-${flag}` }, `⚠ ${flagLabel(flag)}`)),
    ];
    const extra = outcomeText(item);
    const sms = smsRowNotice(item, currentLocale());
    const tr = h(
      'tr',
      {
        class: `queue-row${id === current ? ' is-current' : ''}${item.deadline?.state === 'overdue' ? ' is-overdue' : ''}`,
        'data-application-id': id,
        'data-status': shownStatus,
        tabindex: id === current ? '0' : '-1',
      },
      h('td', { class: 'col-select' }, h('label', { class: 'row-check' }, box)),
      cell(
        'col-applicant',
        t('review.col.applicant'),
        open,
        h('span', { class: 'application-id small' }, id),
      ),
      cell(
        'col-work',
        t('review.col.work'),
        h('span', { class: 'trade' }, tradeName(item.trade)),
        h('span', { class: 'platforms' }, platformsText(item)),
      ),
      cell('col-county', t('review.col.county'), countyName(item.county)),
      cell(
        'col-contact',
        t('review.col.contact'),
        ...(item.phoneMasked || item.idNumberMasked
          ? [
              h('span', { class: 'masked phone-masked' }, item.phoneMasked ?? ''),
              h('span', { class: 'masked id-masked' }, item.idNumberMasked ?? ''),
            ]
          : [h('span', { class: 'personal-data-moved' }, t('review.row.personalDataMoved'))]),
      ),
      cell(
        'col-submitted',
        t('review.col.submitted'),
        h('time', { datetime: item.submittedAt }, formatDateTime(item.submittedAt, currentLocale())),
      ),
      cell(
        'col-due',
        t('review.col.due'),
        // Decided in this session: the clock has stopped, only the date stays.
        ...deadlineNodes(
          shownStatus === 'pending_review' || shownStatus === 'submitted'
            ? item
            : { ...item, deadline: undefined, awaitingContact: false },
        ),
      ),
      cell(
        'col-state',
        t('review.col.status'),
        ...badges,
        ...(extra ? [h('span', { class: 'row-outcome' }, extra)] : []),
        ...(sms ? [h('span', { class: `row-sms sms-${sms.state}` }, sms.text)] : []),
      ),
    );
    tr.addEventListener('click', (event) => {
      if ((event.target as Element).closest('input, button, label')) return;
      setCurrent(id);
      tr.focus();
    });
    return tr;
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

  const notice = byId('calendar-notice');
  let lastCalendar: QueuePage['calendar'];
  /** Says so when the working-day calendar lacks this or next year (due dates count weekends only). */
  const calendarNotice = (calendar: QueuePage['calendar']) => {
    lastCalendar = calendar ?? lastCalendar;
    const text = calendarWarning(lastCalendar);
    notice.textContent = text;
    notice.hidden = !text;
  };

  const renderStatus = () => {
    if (problem) status.textContent = reviewProblemMessage(problem, currentLocale());
    else if (loading) status.textContent = t('review.list.loading');
    else if (items.length === 0) status.textContent = t('review.queue.empty');
    else
      status.textContent = t(nextCursor ? 'review.queue.countMore' : 'review.queue.count', {
        count: items.length,
      });
    more.hidden = !nextCursor || loading;
    setChildren(message, listMessage ? listMessage() : '');
  };

  const renderRows = () => {
    const hadFocus = rows.contains(document.activeElement);
    if (current && !items.some((i) => i.applicationId === current)) current = undefined;
    if (!current && items[0]) current = items[0].applicationId;
    setChildren(rows, ...items.map(row));
    renderSelection();
    renderStatus();
    if (hadFocus) focusCurrent();
  };

  const updateRow = (id: string) => {
    const old = rowOf(id);
    const item = items.find((i) => i.applicationId === id);
    if (!old || !item) return;
    const hadFocus = old.contains(document.activeElement);
    const fresh = row(item);
    old.replaceWith(fresh);
    if (hadFocus) fresh.focus();
    renderSelection();
  };

  const setCurrent = (id: string) => {
    if (!items.some((i) => i.applicationId === id) || id === current) return;
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
    if (items.length === 0) return;
    const index = items.findIndex((i) => i.applicationId === current);
    const next = items[Math.min(items.length - 1, Math.max(0, Math.max(index, 0) + step))];
    if (next) setCurrent(next.applicationId);
    focusCurrent();
  };

  const advance = () => {
    const index = items.findIndex((i) => i.applicationId === current);
    const after = items.slice(index + 1).find((i) => isPending(i.applicationId));
    const next = after ?? items.find((i) => isPending(i.applicationId));
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
    renderStatus();
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
    renderStatus();
  });

  const fetchPage = async (cursor: string | undefined) => {
    const mine = ++generation;
    loading = true;
    problem = undefined;
    renderStatus();
    const query = filters.values();
    const result = await listApplications(query, cursor);
    if (mine !== generation) return;
    loading = false;
    if (!result.ok) {
      problem = result.problem;
      renderStatus();
      if (problem.kind === 'forbidden') events.forbidden(problem);
      return;
    }
    const known = new Set(items.map((i) => i.applicationId));
    items = [...items, ...result.value.items.filter((i) => !known.has(i.applicationId))];
    nextCursor = result.value.nextCursor;
    calendarNotice(result.value.calendar);
    renderRows();
  };

  const reload = () => {
    items = [];
    nextCursor = null;
    current = undefined;
    selected = new Set();
    outcomes.clear();
    listMessage = undefined;
    setChildren(rows);
    return fetchPage(undefined);
  };

  more.addEventListener('click', () => {
    const focusIndex = items.length;
    void fetchPage(nextCursor ?? undefined).then(() => {
      // Keep the keyboard where the new rows begin, not on a button that may have gone.
      const first = items[focusIndex];
      if (first && document.activeElement === document.body) {
        setCurrent(first.applicationId);
        focusCurrent();
      }
    });
  });
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
      generation++;
      items = [];
      nextCursor = null;
      current = undefined;
      selected = new Set();
      outcomes.clear();
      listMessage = undefined;
      problem = undefined;
      loading = false;
      filters.reset();
      setChildren(rows);
      renderSelection();
      status.textContent = '';
      more.hidden = true;
      setChildren(message);
    },
    relabel: () => {
      filters.render(counties);
      calendarNotice(undefined);
      renderRows();
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
      renderRows();
    },
    setOutcome: (id, outcome) => {
      if (outcome) outcomes.set(id, outcome);
      else outcomes.delete(id);
      if (outcome && outcome.kind !== 'deciding') selected.delete(id);
      updateRow(id);
    },
    replaceItem: (item) => {
      items = items.map((i) => (i.applicationId === item.applicationId ? item : i));
      updateRow(item.applicationId);
    },
    say: (next) => {
      listMessage = next;
      renderStatus();
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
