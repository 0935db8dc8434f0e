/**
 * Members (`#members-panel`): listed by trade, platform and county, paged with "load more"; for
 * administrators a CSV download (fetched with the bearer token, saved through a Blob URL).
 */
import { byId, formatDateTime, h } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import { reviewProblemMessage } from '../common/api';
import { labelledCell as cell, countyName, listText, platformName, tradeName } from '../common/format';
import { createPagedList } from '../common/paged-list';
import { saveBlob } from '../common/save-blob';
import { exportMembers, listMembers, type MemberItem } from './api';
import { createFilters } from './filters';
import { t } from './i18n';

export interface Members {
  show(counties: string[], isAdmin: boolean): void;
  relabel(): void;
  reset(): void;
}

export const createMembers = (): Members => {
  const exportButton = byId<HTMLButtonElement>('members-export');
  const exportStatus = byId('export-status');

  let loaded = false;
  let counties: string[] = [];
  let exportMessage: (() => string) | undefined;

  const filters = createFilters(
    {
      county: byId<HTMLSelectElement>('member-county'),
      trade: byId<HTMLSelectElement>('member-trade'),
      platform: byId<HTMLSelectElement>('member-platform'),
    },
    () => void list.reload(),
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

  const list = createPagedList<MemberItem>({
    rows: byId('member-rows'),
    status: byId('members-status'),
    more: byId<HTMLButtonElement>('members-more'),
    fetchPage: (cursor) => listMembers(filters.values(), cursor),
    renderRow: row,
    emptyText: () => t('review.members.empty'),
  });

  const renderExportStatus = () => {
    exportStatus.textContent = exportMessage ? exportMessage() : '';
  };

  exportButton.addEventListener('click', async () => {
    exportButton.disabled = true;
    exportMessage = () => t('review.members.exporting');
    renderExportStatus();
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
    renderExportStatus();
  });

  return {
    show: (next, isAdmin) => {
      exportButton.hidden = !isAdmin;
      if (!loaded || next.join() !== counties.join()) filters.render(next);
      loaded = true;
      counties = next;
      // Fresh each time it is shown: a member approved a moment ago is listed.
      void list.reload();
    },
    relabel: () => {
      filters.render(counties);
      list.render();
      renderExportStatus();
    },
    reset: () => {
      loaded = false;
      exportMessage = undefined;
      filters.reset();
      list.reset();
      renderExportStatus();
    },
  };
};
