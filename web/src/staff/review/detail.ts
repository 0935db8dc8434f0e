/**
 * One application in full (`#detail`): fetched only when a reviewer opens it, because each view is
 * written to the audit trail. Shows the full phone number as a `tel:` link, and the decision controls
 * while it waits for review: approve, or reject with a reason (required, at most 500 characters).
 * An ID number conflict links to the other applications with that number; one in a county the reviewer
 * does not review answers 404, which is said as such, with a way back.
 */
import { fieldMessage } from '../../../../shared/domain/messages';
import { hasUnsafeCharacters } from '../../../../shared/domain/text';
import { byId, formatDateTime, h, setChildren } from '../../common/dom';
import { setFieldError } from '../../common/field-errors';
import { currentLocale } from '../../common/i18n';
import { type ReviewProblem, reviewProblemMessage } from '../common/api';
import { countyName, platformsText, tradeName } from '../common/format';
import { type Key, t } from '../common/i18n';
import {
  type ContactOutcome,
  type DecisionOutcome,
  type FullApplication,
  getApplication,
  logContact,
} from './api';
import { MAX_REASON, reasonLength } from './bulk';
import { calendarWarning, contactOutcomeLabel, deadlineText, flagLabel, statusLabel } from './format';
import { smsNotice } from './notices';

export interface Detail {
  open(id: string, options?: { focusReason?: boolean }): Promise<void>;
  close(): void;
  openId(): string | undefined;
  /** The record as last fetched (undefined while loading or after a problem). */
  record(): FullApplication | undefined;
  reload(): Promise<FullApplication | undefined>;
  showOutcome(outcome: DecisionOutcome, reason?: string): void;
  showProblem(problem: ReviewProblem): void;
  setBusy(busy: boolean): void;
  focusReason(): void;
  relabel(): void;
  reset(): void;
}

export interface DetailEvents {
  approve(id: string): void;
  reject(id: string, reason: string): void;
  closed(): void;
  /** Another application was opened from this one (an ID number conflict, or back). */
  navigated(id: string): void;
  /** A contact attempt was logged: the record as it now stands (for the queue's row). */
  contactLogged(record: FullApplication): void;
}

const CONTACT_OUTCOMES: ContactOutcome[] = ['reached', 'no_answer', 'wrong_number'];
const MAX_NOTE = 200;

/** The problem with a reason before it is sent, as a field message code (shared/domain/messages.ts). */
export const reasonProblem = (reason: string): string | undefined => {
  const text = reason.trim();
  if (!text) return 'reason.required';
  if (reasonLength(text) > MAX_REASON) return 'reason.length';
  if (hasUnsafeCharacters(text.replace(/[\n\r\t]/g, ' '))) return 'text.characters';
  return undefined;
};

/** 13812345678 → 138 1234 5678, for reading aloud on the phone. */
export const spacedPhone = (phone: string): string =>
  /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone;

/** Wires a reason textarea's "n / 500" counter; returns a function that refreshes it. */
export const wireCounter = (textarea: HTMLTextAreaElement, counter: HTMLElement): (() => void) => {
  const update = () => {
    const length = reasonLength(textarea.value);
    counter.textContent = t('review.reason.count', { count: length, max: MAX_REASON });
    counter.classList.toggle('is-over', length > MAX_REASON);
  };
  textarea.addEventListener('input', update);
  return update;
};

export const createDetail = (events: DetailEvents): Detail => {
  const panel = byId('detail');
  const queuePanel = byId('queue-panel');
  const heading = byId('detail-heading');
  const idText = byId('detail-id');
  const statusLine = byId('detail-status');
  const fields = byId('detail-fields');
  const decision = byId('decision');
  const approveButton = byId<HTMLButtonElement>('approve');
  const rejectForm = byId<HTMLFormElement>('reject-form');
  const reason = byId<HTMLTextAreaElement>('reason');
  const rejectButton = byId<HTMLButtonElement>('reject');
  const result = byId('decision-result');
  const nav = byId('detail-nav');
  const updateCounter = wireCounter(reason, byId('reason-count'));

  // The contact log: built once (so focus stays on a button after pressing it), its list re-rendered.
  const contactSection = byId('contact-log');
  const contactHeading = h('h3', { id: 'contact-heading' });
  const contactList = h('ol', { class: 'contact-entries' });
  const contactForm = h('div', {
    class: 'contact-form',
    role: 'group',
    'aria-labelledby': 'contact-heading',
  });
  const contactHint = h('p', { class: 'hint', id: 'contact-hint' });
  const noteLabel = h('label', { for: 'contact-note' });
  const note = h('input', {
    type: 'text',
    id: 'contact-note',
    name: 'note',
    maxlength: String(MAX_NOTE),
    autocomplete: 'off',
    'aria-describedby': 'contact-hint',
  }) as HTMLInputElement;
  const contactButtons = CONTACT_OUTCOMES.map((outcome) => {
    const button = h('button', {
      type: 'button',
      class: `secondary contact-button contact-${outcome}`,
      'data-outcome': outcome,
    }) as HTMLButtonElement;
    button.addEventListener('click', () => void submitContact(outcome));
    return button;
  });
  const contactResult = h('p', { class: 'result contact-result', role: 'status' });
  contactForm.append(contactHint, noteLabel, note, h('div', { class: 'contact-buttons' }, ...contactButtons));
  contactSection.append(contactHeading, contactList, contactForm, contactResult);
  let contactBusy = false;
  let contactMessage: (() => string) | undefined;
  note.addEventListener('keydown', (event) => {
    // Enter in the note logs nothing by itself: the outcome must be chosen with a button.
    if (event.key === 'Enter') event.preventDefault();
  });

  const renderContacts = (a: FullApplication | undefined) => {
    contactSection.hidden = !a;
    if (!a) return;
    const locale = currentLocale();
    contactHeading.textContent = t('review.contact.heading');
    contactHint.textContent = t('review.contact.hint');
    noteLabel.textContent = t('review.contact.note');
    contactButtons.forEach((button, i) => {
      button.textContent = contactOutcomeLabel(CONTACT_OUTCOMES[i] as string);
      button.disabled = contactBusy;
    });
    note.disabled = contactBusy;
    const entries = a.contacts ?? [];
    setChildren(
      contactList,
      ...(entries.length === 0
        ? [h('li', { class: 'contact-empty' }, t('review.contact.empty'))]
        : entries.map((entry) =>
            h(
              'li',
              { class: `contact-entry contact-${entry.outcome}`, 'data-outcome': entry.outcome },
              t('review.contact.entry', {
                time: formatDateTime(entry.at, locale),
                by: entry.by,
                outcome: contactOutcomeLabel(entry.outcome),
              }),
              ...(entry.note ? [h('span', { class: 'contact-note' }, ` — ${entry.note}`)] : []),
            ),
          )),
    );
    contactForm.hidden = !(a.status === 'submitted' || a.status === 'pending_review');
    contactResult.textContent = contactMessage ? contactMessage() : '';
  };

  const submitContact = async (outcome: ContactOutcome) => {
    const id = openId;
    if (!id || !record || contactBusy) return;
    const text = note.value.trim();
    if (reasonLength(text) > MAX_NOTE) {
      contactMessage = () => fieldMessage('contact.note.length', currentLocale());
      render();
      note.focus();
      return;
    }
    contactBusy = true;
    contactMessage = () => t('review.contact.saving');
    render();
    const answer = await logContact(id, outcome, text || undefined);
    contactBusy = false;
    if (openId !== id || !record) return;
    if (!answer.ok) {
      const problem = answer.problem;
      contactMessage = () =>
        problem.kind === 'invalid' && problem.fields.note
          ? problem.fields.note
          : reviewProblemMessage(problem, currentLocale());
      render();
      return;
    }
    const { applicationId: _id, ...entry } = answer.value;
    const reached = entry.outcome === 'reached';
    const contactedAt = record.contactedAt ?? (reached ? entry.at : undefined);
    record = {
      ...record,
      contacts: [...(record.contacts ?? []), entry],
      contactAttempts: (record.contactAttempts ?? 0) + 1,
      lastContactAt: entry.at,
      lastContactOutcome: entry.outcome,
      ...(contactedAt ? { contactedAt, awaitingContact: false } : {}),
    };
    note.value = '';
    contactMessage = () => t('review.contact.saved', { outcome: contactOutcomeLabel(entry.outcome) });
    render();
    events.contactLogged(record);
  };

  let openId: string | undefined;
  /** The application this one was opened from, through a conflict link. */
  let cameFrom: string | undefined;
  let record: FullApplication | undefined;
  let problem: ReviewProblem | undefined;
  let loading = false;
  let busy = false;
  let generation = 0;
  let resultMessage: (() => string) | undefined;
  let reasonCode: string | undefined;
  let reasonText: string | undefined;

  const row = (key: Key, className: string, ...value: Array<Node | string>) => [
    h('dt', {}, t(key)),
    h('dd', { class: className }, ...value),
  ];

  const renderFields = (a: FullApplication): Node[] => {
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
          ...a.flags.map((flag) =>
            h('span', { class: `badge warning flag-${flag}` }, `⚠ ${flagLabel(flag)}`),
          ),
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
              link.addEventListener('click', () => void openLinked(id, a.applicationId));
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
            ? [
                h(
                  'span',
                  { class: 'hint small' },
                  t('review.deadline.rule', { days: a.calendar.workingDays }),
                ),
              ]
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
        again.addEventListener('click', () => void fetchRecord());
        parts.push(' ', again);
      }
      list.push(row('review.field.sms', `detail-sms sms-${sms.state}`, ...parts));
    }
    return list.flat();
  };

  const render = () => {
    panel.hidden = openId === undefined;
    queuePanel.classList.toggle('is-detail-open', openId !== undefined);
    panel.dataset.applicationId = openId ?? '';
    panel.dataset.status = record?.status ?? (loading ? 'loading' : problem ? 'problem' : '');
    idText.textContent = openId ?? '';
    statusLine.textContent = loading
      ? t('review.detail.loading')
      : problem?.kind === 'not_found' && cameFrom && openId
        ? t('review.conflict.notVisible', { id: openId })
        : problem
          ? reviewProblemMessage(problem, currentLocale())
          : '';
    renderNav();
    setChildren(fields, ...(record ? renderFields(record) : []));
    renderContacts(record);
    decision.hidden = record?.status !== 'pending_review';
    approveButton.disabled = busy;
    rejectButton.disabled = busy;
    setChildren(result, resultMessage ? resultMessage() : '');
    setFieldError(
      rejectForm,
      'reason',
      reasonCode ? fieldMessage(reasonCode, currentLocale()) : (reasonText ?? undefined),
    );
    updateCounter();
  };

  const fetchRecord = async (): Promise<FullApplication | undefined> => {
    const id = openId;
    if (!id) return undefined;
    const mine = ++generation;
    loading = true;
    problem = undefined;
    render();
    const answer = await getApplication(id);
    if (mine !== generation) return undefined;
    loading = false;
    record = answer.ok ? answer.value : undefined;
    problem = answer.ok ? undefined : answer.problem;
    render();
    return record;
  };

  /** "Back to …" after following a conflict link. */
  const renderNav = () => {
    const from = openId ? cameFrom : undefined;
    if (!from) {
      setChildren(nav);
      return;
    }
    const back = h(
      'button',
      { type: 'button', class: 'secondary', id: 'detail-back' },
      t('review.conflict.back', { id: from }),
    );
    back.addEventListener('click', () => void openLinked(from, undefined));
    setChildren(nav, back);
  };

  const openLinked = async (id: string, from: string | undefined) => {
    await open(id, {}, from);
    events.navigated(id);
  };

  const open = async (id: string, options: { focusReason?: boolean } = {}, from?: string) => {
    if (openId !== id) {
      openId = id;
      cameFrom = from;
      record = undefined;
      resultMessage = undefined;
      contactMessage = undefined;
      note.value = '';
      reasonCode = undefined;
      reasonText = undefined;
      busy = false;
      reason.value = '';
      const fetched = fetchRecord();
      heading.focus({ preventScroll: true });
      // On a narrow screen the detail takes the list's place: show it from its top.
      const takesOver = () =>
        byId('queue-layout').querySelector<HTMLElement>('.queue-list')?.offsetParent === null;
      if (takesOver()) panel.scrollIntoView({ block: 'start' });
      else heading.focus();
      await fetched;
    }
    if (options.focusReason) reason.focus();
    else if (!panel.contains(document.activeElement)) heading.focus();
  };

  const close = () => {
    generation++;
    openId = undefined;
    cameFrom = undefined;
    record = undefined;
    problem = undefined;
    loading = false;
    resultMessage = undefined;
    reason.value = '';
    render();
    events.closed();
  };

  approveButton.addEventListener('click', () => {
    if (openId && !busy) events.approve(openId);
  });

  const submitReject = () => {
    if (!openId || busy) return;
    reasonCode = reasonProblem(reason.value);
    reasonText = undefined;
    render();
    if (reasonCode) {
      reason.focus();
      return;
    }
    events.reject(openId, reason.value.trim());
  };
  rejectForm.addEventListener('submit', (event) => {
    event.preventDefault();
    submitReject();
  });
  reason.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submitReject();
    }
  });
  byId('detail-close').addEventListener('click', close);

  return {
    open,
    close,
    openId: () => openId,
    record: () => record,
    reload: fetchRecord,
    showOutcome: (outcome, rejectionReason) => {
      if (outcome.applicationId !== openId) return;
      busy = false;
      if (record) {
        const { deadline: _deadline, awaitingContact: _awaiting, ...rest } = record;
        record = {
          ...rest,
          status: outcome.status,
          decidedAt: outcome.decidedAt,
          decidedBy: outcome.decidedBy,
          ...(outcome.memberId ? { memberId: outcome.memberId } : {}),
          ...(outcome.status === 'rejected' && rejectionReason ? { rejectionReason } : {}),
        };
      }
      resultMessage =
        outcome.status === 'approved'
          ? () =>
              t('review.decided.approved', { id: outcome.applicationId, memberId: outcome.memberId ?? '' })
          : () => t('review.decided.rejected', { id: outcome.applicationId });
      result.dataset.outcome = outcome.status;
      render();
    },
    showProblem: (next) => {
      busy = false;
      if (next.kind === 'invalid' && next.fields.reason) {
        reasonCode = undefined;
        reasonText = next.fields.reason;
        render();
        reason.focus();
        return;
      }
      resultMessage = () => reviewProblemMessage(next, currentLocale());
      result.dataset.outcome = next.kind;
      render();
    },
    setBusy: (next) => {
      busy = next;
      if (next) {
        resultMessage = () => t('review.deciding');
        result.dataset.outcome = 'deciding';
      }
      render();
    },
    focusReason: () => {
      if (!decision.hidden) reason.focus();
    },
    relabel: render,
    reset: () => {
      generation++;
      openId = undefined;
      cameFrom = undefined;
      record = undefined;
      problem = undefined;
      loading = false;
      resultMessage = undefined;
      reason.value = '';
      render();
    },
  };
};
