/**
 * The fields of one application in the detail (`#detail-fields`, a `dl`): the full phone number as a
 * `tel:` link, spaced for reading aloud, the work, county, flags, the other applications with the same ID
 * number (as links), dates, the due date and where today stands, consent, the decision and the SMS.
 */
import { formatDateTime, h } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import { countyName, platformsText, tradeName } from '../common/format';
import type { FullApplication } from './api';
import { calendarWarning, deadlineText, flagLabel, statusLabel } from './format';
import { type Key, t } from './i18n';
import { smsNotice } from './notices';

/** What the fields' own buttons do. */
export interface FieldLinks {
  /** Opens another application with the same ID number, from this one. */
  openConflict(id: string, from: string): void;
  /** Reads the record again, for an SMS still being sent (each read goes to the audit trail). */
  checkAgain(): void;
}

/** 13812345678 → 138 1234 5678, for reading aloud on the phone. */
export const spacedPhone = (phone: string): string =>
  /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone;

const row = (key: Key, className: string, ...value: Array<Node | string>) => [
  h('dt', {}, t(key)),
  h('dd', { class: className }, ...value),
];

export const detailFields = (a: FullApplication, links: FieldLinks): Node[] => {
  const locale = currentLocale();
  const time = (iso: string) => h('time', { datetime: iso }, formatDateTime(iso, locale));
  const list: Node[][] = [];
  if (a.fullName) list.push(row('review.field.fullName', 'detail-name', a.fullName));
  if (a.phone) {
    list.push(
      row('review.field.phone', 'detail-phone', h('a', { href: `tel:${a.phone}` }, spacedPhone(a.phone))),
    );
  }
  if (a.idNumberMasked) {
    list.push(row('review.field.idNumber', 'detail-id-number masked', a.idNumberMasked));
  }
  // Approved: the name, phone and ID number went to the member record (the members list shows them).
  if (!a.fullName && !a.phone && !a.idNumberMasked) {
    list.push(row('review.field.personalData', 'detail-personal-data', t('review.row.personalDataMoved')));
  }
  list.push(
    row('review.field.trade', 'detail-trade', tradeName(a.trade)),
    row('review.field.platforms', 'detail-platforms', platformsText(a)),
    row('review.field.county', 'detail-county', countyName(a.county)),
  );
  if (a.workplace) list.push(row('review.field.workplace', 'detail-workplace', a.workplace));
  if (a.source) list.push(row('review.field.source', 'detail-source', a.source));
  if (a.flags.length > 0) {
    list.push(
      row(
        'review.field.flags',
        'detail-flags',
        ...a.flags.map((flag) => h('span', { class: `badge warning flag-${flag}` }, `⚠ ${flagLabel(flag)}`)),
      ),
    );
  }
  const conflicts = a.conflictsWith ?? [];
  if (conflicts.length > 0) {
    list.push(
      row(
        'review.field.conflicts',
        'detail-conflicts',
        h(
          'ul',
          { class: 'conflict-links' },
          ...conflicts.map((id) => {
            const link = h(
              'button',
              { type: 'button', class: 'open-link application-id', 'data-application-id': id },
              id,
            );
            link.addEventListener('click', () => links.openConflict(id, a.applicationId));
            return h('li', {}, link);
          }),
        ),
      ),
    );
  }
  list.push(row('review.field.submittedAt', 'detail-submitted', time(a.submittedAt)));
  if (a.dueDate) {
    const open = a.status === 'submitted' || a.status === 'pending_review';
    list.push(
      row(
        'review.field.dueDate',
        `detail-due${a.deadline?.state === 'overdue' ? ' is-overdue' : ''}`,
        h('span', { class: 'due-date' }, a.dueDate),
        ...(open && a.deadline
          ? [
              ' ',
              h(
                'span',
                { class: `badge deadline deadline-${a.deadline.state}`, 'data-deadline': a.deadline.state },
                deadlineText(a.deadline),
              ),
            ]
          : []),
        ...(open && a.awaitingContact
          ? [' ', h('span', { class: 'badge not-contacted' }, t('review.contact.none'))]
          : []),
        ...(a.calendar
          ? [h('span', { class: 'hint small' }, t('review.deadline.rule', { days: a.calendar.workingDays }))]
          : []),
        ...(calendarWarning(a.calendar)
          ? [h('span', { class: 'notice warning small calendar-warning' }, calendarWarning(a.calendar))]
          : []),
      ),
    );
  }
  if (a.consentVersion && a.consentAt) {
    list.push(row('review.field.consent', 'detail-consent', `${a.consentVersion} · `, time(a.consentAt)));
  }
  list.push(row('review.field.status', `detail-state status-${a.status}`, statusLabel(a.status)));
  if (a.decidedAt) list.push(row('review.field.decidedAt', 'detail-decided-at', time(a.decidedAt)));
  if (a.decidedBy) list.push(row('review.field.decidedBy', 'detail-decided-by', a.decidedBy));
  if (a.memberId) list.push(row('review.field.memberId', 'detail-member-id', a.memberId));
  if (a.rejectionReason) list.push(row('review.field.rejectionReason', 'detail-reason', a.rejectionReason));
  const sms = smsNotice(a, locale);
  if (sms) {
    const parts: Array<Node | string> = [h('span', { class: 'sms-text' }, sms.text)];
    if (sms.state === 'failed' && a.smsOutcome) parts.push(' · ', time(a.smsOutcome.at));
    if (sms.state === 'sending') {
      // Read again on request only: each read of the full record goes to the audit trail.
      const again = h(
        'button',
        { type: 'button', class: 'secondary small', id: 'sms-check-again' },
        t('review.sms.checkAgain'),
      );
      again.addEventListener('click', () => links.checkAgain());
      parts.push(' ', again);
    }
    list.push(row('review.field.sms', `detail-sms sms-${sms.state}`, ...parts));
  }
  return list.flat();
};
