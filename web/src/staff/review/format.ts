/** How the console words an application: its status, flags, applicant, deadline and contact attempts. */
import { h } from '../../common/dom';
import { listText } from '../common/format';
import type { ApplicationStatus, QueueItem } from './api';
import { type Key, t } from './i18n';

const STATUS_KEYS: Record<ApplicationStatus, Key> = {
  submitted: 'review.status.submitted',
  pending_review: 'review.status.pending_review',
  approved: 'review.status.approved',
  rejected: 'review.status.rejected',
};

export const statusLabel = (status: string): string =>
  status in STATUS_KEYS ? t(STATUS_KEYS[status as ApplicationStatus]) : status;

const FLAG_KEYS: Record<string, Key> = {
  phone_reused: 'review.flag.phone_reused',
  id_conflict: 'review.flag.id_conflict',
};

export const flagLabel = (flag: string): string =>
  flag in FLAG_KEYS ? t(FLAG_KEYS[flag] as Key) : t('review.flag.other', { flag });

/**
 * Who an application is from, in a list: the name; once approved (the name went to the member record)
 * the member number; the application number if neither is there.
 */
export const applicantName = (item: Pick<QueueItem, 'fullName' | 'memberId' | 'applicationId'>): string =>
  item.fullName ?? (item.memberId ? t('review.row.member', { memberId: item.memberId }) : item.applicationId);

/** The deadline as the queue and the detail say it: "还有 2 个工作日到期", "今天到期", "已超期 3 个工作日". */
export const deadlineText = (deadline: NonNullable<QueueItem['deadline']>): string => {
  if (deadline.state === 'due_today') return t('review.deadline.today');
  if (deadline.state === 'overdue')
    return deadline.workingDays === 1
      ? t('review.deadline.overdueOne')
      : t('review.deadline.overdue', { count: deadline.workingDays });
  return deadline.workingDays === 1
    ? t('review.deadline.dueOne')
    : t('review.deadline.due', { count: deadline.workingDays });
};

/** The due-date cell's content: the date, where today stands while open, and "not contacted yet". */
export const deadlineNodes = (item: QueueItem): Node[] => {
  if (!item.dueDate) return [];
  const nodes: Node[] = [h('span', { class: 'due-date' }, t('review.deadline.date', { date: item.dueDate }))];
  if (item.deadline) {
    nodes.push(
      h(
        'span',
        { class: `badge deadline deadline-${item.deadline.state}`, 'data-deadline': item.deadline.state },
        deadlineText(item.deadline),
      ),
    );
  }
  if (item.awaitingContact) nodes.push(h('span', { class: 'badge not-contacted' }, t('review.contact.none')));
  return nodes;
};

/** The warning when the calendar lacks this or next year's State Council schedule ('' when it has both). */
export const calendarWarning = (calendar: { unknownYears: number[] } | undefined): string =>
  calendar && calendar.unknownYears.length > 0
    ? t('review.calendar.unknown', { years: listText(calendar.unknownYears.map(String)) })
    : '';

const OUTCOME_KEYS: Record<string, Key> = {
  reached: 'review.contact.reached',
  no_answer: 'review.contact.no_answer',
  wrong_number: 'review.contact.wrong_number',
};
export const contactOutcomeLabel = (outcome: string): string =>
  outcome in OUTCOME_KEYS ? t(OUTCOME_KEYS[outcome] as Key) : outcome;
