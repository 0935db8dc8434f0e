/**
 * One row of the queue: the tick for bulk decisions, the applicant (a button that opens the detail), the
 * work, county, masked contact, dates, badges and what this session decided. A table row on a desk, a
 * card on a phone (review.css).
 */
import { formatDateTime, h } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import { labelledCell as cell, countyName, platformsText, tradeName } from '../common/format';
import type { QueueItem } from './api';
import { applicantName, deadlineNodes, flagLabel, statusLabel } from './format';
import { t } from './i18n';
import { smsRowNotice } from './notices';

/** What happened to a row in this session. */
export type RowOutcome =
  | { kind: 'deciding' }
  | { kind: 'approved'; memberId?: string }
  | { kind: 'rejected' }
  /** 409 already_decided: another reviewer decided it just now. */
  | { kind: 'elsewhere' };

export interface RowState {
  outcome: RowOutcome | undefined;
  /** The keyboard's row (the one Tab reaches). */
  current: boolean;
  selected: boolean;
  /** Still waiting for a decision, so it can be ticked. */
  pending: boolean;
}

export interface RowActions {
  toggle(id: string): void;
  open(id: string): void;
  setCurrent(id: string): void;
}

/** The status a row shows: the item's own, or what this session decided. */
export const shownStatus = (item: QueueItem, outcome: RowOutcome | undefined): string => {
  if (!outcome || outcome.kind === 'deciding') return item.status;
  return outcome.kind === 'elsewhere' ? 'decided_elsewhere' : outcome.kind;
};

const outcomeText = (item: QueueItem, outcome: RowOutcome | undefined): string => {
  if (outcome?.kind === 'deciding') return t('review.deciding');
  if (outcome?.kind === 'elsewhere') return t('review.row.elsewhere');
  const memberId = outcome?.kind === 'approved' ? outcome.memberId : item.memberId;
  return memberId ? t('review.row.memberId', { memberId }) : '';
};

export const queueRow = (item: QueueItem, state: RowState, actions: RowActions): HTMLTableRowElement => {
  const id = item.applicationId;
  const status = shownStatus(item, state.outcome);
  const box = h('input', {
    type: 'checkbox',
    name: 'select',
    value: id,
    'aria-label': t('review.row.select', { name: applicantName(item), id }),
    checked: state.selected,
    disabled: !state.pending,
  });
  box.addEventListener('change', () => actions.toggle(id));
  const open = h('button', { type: 'button', class: 'open-link' }, applicantName(item));
  open.addEventListener('click', () => {
    actions.setCurrent(id);
    actions.open(id);
  });
  const badges = [
    h(
      'span',
      { class: `badge status-badge status-${status}` },
      status === 'decided_elsewhere' ? t('review.row.elsewhere') : statusLabel(status),
    ),
    ...item.flags.map((flag) => h('span', { class: `badge warning flag-${flag}` }, `⚠ ${flagLabel(flag)}`)),
  ];
  const extra = outcomeText(item, state.outcome);
  const sms = smsRowNotice(item, currentLocale());
  const tr = h(
    'tr',
    {
      class: `queue-row${state.current ? ' is-current' : ''}${item.deadline?.state === 'overdue' ? ' is-overdue' : ''}`,
      'data-application-id': id,
      'data-status': status,
      tabindex: state.current ? '0' : '-1',
    },
    h('td', { class: 'col-select' }, h('label', { class: 'row-check' }, box)),
    cell('col-applicant', t('review.col.applicant'), open, h('span', { class: 'application-id small' }, id)),
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
        status === 'pending_review' || status === 'submitted'
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
    actions.setCurrent(id);
    tr.focus();
  });
  return tr;
};
