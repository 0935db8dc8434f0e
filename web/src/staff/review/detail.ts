/**
 * One application in full (`#detail`): fetched only when a reviewer opens it, because each view is
 * written to the audit trail. Shows its fields (detail-fields.ts), the contact log (contact-log.ts) and,
 * while it waits for review, the decision controls: approve, or reject with a reason (required, at most
 * 500 characters).
 * An ID number conflict links to the other applications with that number; one in a county the reviewer
 * does not review answers 404, which is said as such, with a way back.
 */
import { fieldMessage } from '../../../../shared/domain/messages';
import { byId, h, setChildren } from '../../common/dom';
import { setFieldError } from '../../common/field-errors';
import { currentLocale } from '../../common/i18n';
import { type ReviewProblem, reviewProblemMessage } from '../common/api';
import { type DecisionOutcome, type FullApplication, getApplication } from './api';
import { createContactLog } from './contact-log';
import { detailFields } from './detail-fields';
import { t } from './i18n';
import { reasonProblem, wireCounter } from './reason';

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

  const contactLog = createContactLog(
    () => record,
    (updated) => {
      record = updated;
      render();
      events.contactLogged(updated);
    },
  );

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
    setChildren(
      fields,
      ...(record
        ? detailFields(record, {
            openConflict: (id, from) => void openLinked(id, from),
            checkAgain: () => void fetchRecord(),
          })
        : []),
    );
    contactLog.render(record);
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
      contactLog.reset();
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

  /** Shows nothing, and drops the answer of a read still on its way. */
  const clear = () => {
    generation++;
    openId = undefined;
    cameFrom = undefined;
    record = undefined;
    problem = undefined;
    loading = false;
    resultMessage = undefined;
    reason.value = '';
    render();
  };

  const close = () => {
    clear();
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
    reset: clear,
  };
};
