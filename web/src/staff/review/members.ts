/**
 * Members (`#members-panel`): listed by trade, platform and county, paged with "load more"; for
 * administrators a CSV download (fetched with the bearer token, saved through a Blob URL).
 */
import { byId, formatDateTime, h, setChildren } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import { type ReviewProblem, reviewProblemMessage } from '../common/api';
import { labelledCell as cell, countyName, listText, platformName, tradeName } from '../common/format';
import { t } from '../common/i18n';
import { saveBlob } from '../common/save-blob';
import { exportMembers, listMembers, type MemberItem } from './api';
import { createFilters } from './filters';

export interface Members {
  show(counties: string[], isAdmin: boolean): void;
  relabel(): void;
  reset(): void;
}

export const createMembers = (): Members => {
  const rows = byId('member-rows');
  const status = byId('members-status');
  const more = byId<HTMLButtonElement>('members-more');
  const exportButton = byId<HTMLButtonElement>('members-export');
  const exportStatus = byId('export-status');

  let items: MemberItem[] = [];
  let nextCursor: string | null = null;
  let loading = false;
  let loaded = false;
  let problem: ReviewProblem | undefined;
  let generation = 0;
  let counties: string[] = [];
  let exportMessage: (() => string) | undefined;

  const filters = createFilters(
    {
      county: byId<HTMLSelectElement>('member-county'),
      trade: byId<HTMLSelectElement>('member-trade'),
      platform: byId<HTMLSelectElement>('member-platform'),
    },
    () => void reload(),
  );

  const row = (m: MemberItem) =>
    h(
      'tr',
      { class: 'member-row', 'data-member-id': m.memberId },
      cell(
        'col-member',
        t('review.col.member'),
        h('span', { class: 'member-name' }, m.fullName),
        h('span', { class: 'application-id small' }, m.memberId),
      ),
      cell(
        'col-work',
        t('review.col.work'),
        h('span', { class: 'trade' }, tradeName(m.trade)),
        h('span', { class: 'platforms' }, listText(m.platforms.map(platformName))),
      ),
      cell('col-county', t('review.col.county'), countyName(m.county)),
      cell(
        'col-contact',
        t('review.col.contact'),
        h('span', { class: 'masked' }, m.phoneMasked),
        h('span', { class: 'masked' }, m.idNumberMasked),
      ),
      cell(
        'col-joined',
        t('review.col.joined'),
        h('time', { datetime: m.joinedAt }, formatDateTime(m.joinedAt, currentLocale())),
      ),
    );

  const render = () => {
    setChildren(rows, ...items.map(row));
    if (problem) status.textContent = reviewProblemMessage(problem, currentLocale());
    else if (loading) status.textContent = t('review.list.loading');
    else if (items.length === 0) status.textContent = t('review.members.empty');
    else
      status.textContent = t(nextCursor ? 'review.list.countMore' : 'review.list.count', {
        count: items.length,
      });
    more.hidden = !nextCursor || loading;
    exportStatus.textContent = exportMessage ? exportMessage() : '';
  };

  const fetchPage = async (cursor?: string) => {
    const mine = ++generation;
    loading = true;
    problem = undefined;
    render();
    const result = await listMembers(filters.values(), cursor);
    if (mine !== generation) return;
    loading = false;
    if (result.ok) {
      items = [...items, ...result.value.items];
      nextCursor = result.value.nextCursor;
    } else problem = result.problem;
    render();
  };

  const reload = () => {
    items = [];
    nextCursor = null;
    return fetchPage();
  };

  more.addEventListener('click', () => void fetchPage(nextCursor ?? undefined));

  exportButton.addEventListener('click', async () => {
    exportButton.disabled = true;
    exportMessage = () => t('review.members.exporting');
    render();
    const result = await exportMembers(filters.values());
    exportButton.disabled = false;
    if (result.ok) {
      const { blob, fileName } = result.value;
      saveBlob(blob, fileName);
      exportMessage = () => t('review.members.exported', { file: fileName });
    } else {
      const failure = result.problem;
      exportMessage = () => reviewProblemMessage(failure, currentLocale());
    }
    render();
  });

  return {
    show: (next, isAdmin) => {
      exportButton.hidden = !isAdmin;
      if (!loaded || next.join() !== counties.join()) filters.render(next);
      loaded = true;
      counties = next;
      // Fresh each time it is shown: a member approved a moment ago is listed.
      void reload();
    },
    relabel: () => {
      filters.render(counties);
      render();
    },
    reset: () => {
      generation++;
      loaded = false;
      items = [];
      nextCursor = null;
      problem = undefined;
      loading = false;
      exportMessage = undefined;
      filters.reset();
      setChildren(rows);
      status.textContent = '';
      exportStatus.textContent = '';
      more.hidden = true;
    },
  };
};
