/**
 * The rows of the `/unions` page's two tables: unions grouped by county (one `<tbody>` per county, its
 * heading row first) and a union's members. Table cells name their column, so a phone shows each row as
 * a card (review.css). Buttons carry `data-action` and the id they act on; the page listens on the table.
 */
import { beijingDate } from '../../../../shared/domain/beijing-time';
import { h } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import { labelledCell as cell, platformsText, tradeName } from '../common/format';
import type { ListedUnion, UnionMember } from './api';
import {
  bulkTransferLabel,
  type CountyGroup,
  coverageText,
  formatNumber,
  groupHeading,
  kindLabel,
  statusText,
} from './format';
import { t } from './i18n';

/** Columns of the union table (the county heading row spans them all). */
export const UNION_COLUMNS = 6;

const actionButton = (text: string, label: string, action: string, id: string, extra = '') =>
  h(
    'button',
    {
      type: 'button',
      class: `secondary ${extra}`.trim(),
      'aria-label': label === text ? undefined : label,
      'data-action': action,
      'data-id': id,
    },
    text,
  );

/** What may be done with a union, by whom: the members for any staff, the rest for administrators. */
const unionActions = (union: ListedUnion, admin: boolean): HTMLButtonElement[] => {
  const locale = currentLocale();
  const name = { name: union.name };
  const buttons = [
    actionButton(t('unions.action.members'), t('unions.action.membersFor', name), 'members', union.unionId),
  ];
  if (!admin) return buttons;
  if (union.status === 'active')
    buttons.push(
      actionButton(t('unions.action.rename'), t('unions.action.renameFor', name), 'rename', union.unionId),
    );
  if (union.status === 'active' && union.kind !== 'fallback')
    buttons.push(
      actionButton(
        t('unions.action.dissolve'),
        t('unions.action.dissolveFor', name),
        'dissolve',
        union.unionId,
      ),
    );
  const bulk = bulkTransferLabel(union, locale);
  if (bulk) buttons.push(actionButton(bulk, bulk, 'bulk', union.unionId, 'bulk-transfer'));
  // A dissolution stopped half-way (the page closed, the connection dropped): finish moving them out.
  if (union.status === 'dissolved' && union.members > 0)
    buttons.push(actionButton(t('unions.action.finish'), t('unions.action.finish'), 'finish', union.unionId));
  return buttons;
};

export const unionRow = (union: ListedUnion, admin: boolean): HTMLTableRowElement => {
  const locale = currentLocale();
  return h(
    'tr',
    {
      class: 'union-row',
      'data-union-id': union.unionId,
      'data-kind': union.kind,
      'data-status': union.status,
    },
    cell(
      'col-union',
      t('unions.col.name'),
      h('strong', { class: 'union-name' }, union.name),
      h('span', { class: `badge kind kind-${union.kind}` }, kindLabel(union.kind, locale)),
    ),
    cell('col-covers', t('unions.col.covers'), coverageText(union, locale)),
    cell('col-set-up', t('unions.col.setUpOn'), union.setUpOn),
    cell(
      'col-state',
      t('unions.col.status'),
      h('span', { class: `badge union-${union.status}` }, statusText(union, locale)),
    ),
    cell(
      'col-members',
      t('unions.col.members'),
      h('span', { class: 'member-count' }, formatNumber(union.members, locale)),
    ),
    cell(
      'col-actions',
      t('unions.col.actions'),
      h('div', { class: 'roster-actions' }, ...unionActions(union, admin)),
    ),
  );
};

/** One county's unions: a heading row with its figures, then a row per union. */
export const countyBody = (group: CountyGroup, admin: boolean): HTMLTableSectionElement =>
  h(
    'tbody',
    { class: 'county-group', 'data-county': group.county },
    h(
      'tr',
      { class: 'county-heading' },
      h('th', { scope: 'colgroup', colspan: String(UNION_COLUMNS) }, groupHeading(group, currentLocale())),
    ),
    ...group.unions.map((union) => unionRow(union, admin)),
  );

/** The Beijing date of an instant, as the set-up dates are written (2026-11-30). */
const day = (iso: string): string => {
  try {
    return beijingDate(iso);
  } catch {
    return iso;
  }
};

/** A member of the union shown: masked phone and ID number only; transfer for administrators. */
export const memberRow = (member: UnionMember, canTransfer: boolean): HTMLTableRowElement => {
  const name = { name: member.fullName };
  const actions = [];
  if (canTransfer)
    actions.push(
      actionButton(
        t('unions.member.transfer'),
        t('unions.member.transferFor', name),
        'transfer',
        member.memberId,
      ),
    );
  actions.push(
    actionButton(t('unions.member.leave'), t('unions.member.leaveFor', name), 'leave', member.memberId),
  );
  const since = [h('span', {}, t('unions.member.joined', { date: day(member.joinedAt) }))];
  if (member.inUnionSince && member.inUnionSince !== member.joinedAt)
    since.push(h('span', {}, t('unions.member.since', { date: day(member.inUnionSince) })));
  return h(
    'tr',
    { class: 'member-row', 'data-member-id': member.memberId },
    cell(
      'col-member',
      t('review.col.member'),
      h('strong', {}, member.fullName),
      h('span', { class: 'small application-id' }, member.memberId),
    ),
    cell(
      'col-work',
      t('review.col.work'),
      h('span', {}, tradeName(member.trade)),
      h('span', { class: 'small' }, platformsText(member)),
    ),
    cell(
      'col-contact',
      t('review.col.contact'),
      h('span', { class: 'masked' }, member.phoneMasked),
      h('span', { class: 'masked' }, member.idNumberMasked),
    ),
    cell('col-since', t('unions.col.since'), ...since),
    cell('col-actions', t('unions.col.actions'), h('div', { class: 'roster-actions' }, ...actions)),
  );
};
