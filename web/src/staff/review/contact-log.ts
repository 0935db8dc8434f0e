/**
 * The detail's contact log (`#contact-log`): every attempt to reach the applicant by phone, and while the
 * application is open, a note and one button per outcome to log another. Built once, so that the keyboard
 * stays on a button after pressing it; only its list is drawn again.
 */
import { fieldMessage } from '../../../../shared/domain/messages';
import { byId, formatDateTime, h, setChildren } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import { reviewProblemMessage } from '../common/api';
import { type ContactOutcome, type FullApplication, logContact } from './api';
import { reasonLength } from './bulk';
import { contactOutcomeLabel } from './format';
import { t } from './i18n';

export interface ContactLog {
  render(record: FullApplication | undefined): void;
  /** Another application opened: its note and line start empty. */
  reset(): void;
}

const CONTACT_OUTCOMES: ContactOutcome[] = ['reached', 'no_answer', 'wrong_number'];
const MAX_NOTE = 200;

/** The record as it stands after a contact attempt was logged. */
const withContact = (
  record: FullApplication,
  entry: NonNullable<FullApplication['contacts']>[number],
): FullApplication => {
  const reached = entry.outcome === 'reached';
  const contactedAt = record.contactedAt ?? (reached ? entry.at : undefined);
  return {
    ...record,
    contacts: [...(record.contacts ?? []), entry],
    contactAttempts: (record.contactAttempts ?? 0) + 1,
    lastContactAt: entry.at,
    lastContactOutcome: entry.outcome,
    ...(contactedAt ? { contactedAt, awaitingContact: false } : {}),
  };
};

/** `shown`: the record on screen now; `logged`: an attempt was logged, the record as it now stands. */
export const createContactLog = (
  shown: () => FullApplication | undefined,
  logged: (record: FullApplication) => void,
): ContactLog => {
  const section = byId('contact-log');
  const heading = h('h3', { id: 'contact-heading' });
  const list = h('ol', { class: 'contact-entries' });
  const form = h('div', { class: 'contact-form', role: 'group', 'aria-labelledby': 'contact-heading' });
  const hint = h('p', { class: 'hint', id: 'contact-hint' });
  const noteLabel = h('label', { for: 'contact-note' });
  const note = h('input', {
    type: 'text',
    id: 'contact-note',
    name: 'note',
    maxlength: String(MAX_NOTE),
    autocomplete: 'off',
    'aria-describedby': 'contact-hint',
  }) as HTMLInputElement;
  const buttons = CONTACT_OUTCOMES.map((outcome) => {
    const button = h('button', {
      type: 'button',
      class: `secondary contact-button contact-${outcome}`,
      'data-outcome': outcome,
    }) as HTMLButtonElement;
    button.addEventListener('click', () => void submit(outcome));
    return button;
  });
  const result = h('p', { class: 'result contact-result', role: 'status' });
  form.append(hint, noteLabel, note, h('div', { class: 'contact-buttons' }, ...buttons));
  section.append(heading, list, form, result);
  let busy = false;
  let message: (() => string) | undefined;
  note.addEventListener('keydown', (event) => {
    // Enter in the note logs nothing by itself: the outcome must be chosen with a button.
    if (event.key === 'Enter') event.preventDefault();
  });

  const render = (a: FullApplication | undefined) => {
    section.hidden = !a;
    if (!a) return;
    const locale = currentLocale();
    heading.textContent = t('review.contact.heading');
    hint.textContent = t('review.contact.hint');
    noteLabel.textContent = t('review.contact.note');
    buttons.forEach((button, i) => {
      button.textContent = contactOutcomeLabel(CONTACT_OUTCOMES[i] as string);
      button.disabled = busy;
    });
    note.disabled = busy;
    const entries = a.contacts ?? [];
    setChildren(
      list,
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
    form.hidden = !(a.status === 'submitted' || a.status === 'pending_review');
    result.textContent = message ? message() : '';
  };

  const submit = async (outcome: ContactOutcome) => {
    const record = shown();
    if (!record || busy) return;
    const id = record.applicationId;
    const text = note.value.trim();
    if (reasonLength(text) > MAX_NOTE) {
      message = () => fieldMessage('contact.note.length', currentLocale());
      render(record);
      note.focus();
      return;
    }
    busy = true;
    message = () => t('review.contact.saving');
    render(record);
    const answer = await logContact(id, outcome, text || undefined);
    busy = false;
    const now = shown();
    if (now?.applicationId !== id) return;
    if (!answer.ok) {
      const problem = answer.problem;
      message = () =>
        problem.kind === 'invalid' && problem.fields.note
          ? problem.fields.note
          : reviewProblemMessage(problem, currentLocale());
      render(now);
      return;
    }
    const { applicationId: _id, ...entry } = answer.value;
    note.value = '';
    message = () => t('review.contact.saved', { outcome: contactOutcomeLabel(entry.outcome) });
    logged(withContact(now, entry));
  };

  return {
    render,
    reset: () => {
      message = undefined;
      note.value = '';
    },
  };
};
