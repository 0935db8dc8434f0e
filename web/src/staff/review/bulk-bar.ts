/**
 * The bulk bar: "approve selected" and "reject selected (with one reason)", at most 25 at a time, and a
 * summary of the answer: how many succeeded, which failed and why. Each row shows its own outcome.
 */
import { fieldMessage } from '../../../../shared/domain/messages';
import { byId, h } from '../../common/dom';
import { setFieldError } from '../../common/field-errors';
import { currentLocale } from '../../common/i18n';
import { type ReviewProblem, reviewProblemMessage } from '../common/api';
import { decideMany } from './api';
import {
  type BulkFailure,
  type BulkSummary,
  bulkItems,
  type Decision,
  MAX_BULK,
  summariseBulk,
} from './bulk';
import type { Detail } from './detail';
import { t } from './i18n';
import type { Queue } from './queue';
import { reasonProblem, wireCounter } from './reason';

export interface BulkBar {
  render(count?: number): void;
  reset(): void;
}

export const createBulkBar = ({
  queue,
  detail,
  decidedBy,
}: {
  queue: Queue;
  detail: Detail;
  decidedBy: () => string;
}): BulkBar => {
  const bulkApprove = byId<HTMLButtonElement>('bulk-approve');
  const bulkReject = byId<HTMLButtonElement>('bulk-reject');
  const bulkForm = byId<HTMLFormElement>('bulk-reject-form');
  const bulkReason = byId<HTMLTextAreaElement>('bulkReason');
  const bulkConfirm = byId<HTMLButtonElement>('bulk-reject-confirm');
  const updateBulkCounter = wireCounter(bulkReason, byId('bulkReason-count'));
  let bulkBusy = false;
  let bulkReasonCode: string | undefined;

  const renderBulk = (count = queue.selectedIds().length) => {
    bulkApprove.textContent = t('review.bulk.approve', { count });
    bulkReject.textContent = t('review.bulk.reject', { count });
    bulkConfirm.textContent = t('review.bulk.rejectConfirm', { count });
    bulkApprove.disabled = bulkBusy || count === 0 || count > MAX_BULK;
    bulkReject.disabled = bulkApprove.disabled;
    bulkConfirm.disabled = bulkApprove.disabled;
    setFieldError(
      bulkForm,
      'bulkReason',
      bulkReasonCode ? fieldMessage(bulkReasonCode, currentLocale()) : undefined,
    );
    updateBulkCounter();
  };

  const hideBulkReject = () => {
    bulkForm.hidden = true;
    bulkReason.value = '';
    bulkReasonCode = undefined;
    renderBulk();
  };

  const summaryView = (summary: BulkSummary) => () => {
    const total = summary.succeeded.length + summary.failed.length;
    const box = h(
      'div',
      {
        class: 'bulk-summary',
        'data-succeeded': String(summary.succeeded.length),
        'data-failed': String(summary.failed.length),
      },
      h(
        'p',
        {},
        t('review.bulk.summary', { total, ok: summary.succeeded.length, failed: summary.failed.length }),
      ),
    );
    if (summary.failed.length > 0) {
      box.append(
        h(
          'ul',
          { class: 'bulk-failures' },
          ...summary.failed.map((failure) =>
            h(
              'li',
              { 'data-application-id': failure.applicationId },
              h('span', { class: 'application-id' }, failure.applicationId),
              ` ${failureText(failure)}`,
            ),
          ),
        ),
      );
    }
    return box;
  };

  const failureText = ({ code, message, memberId }: BulkFailure): string => {
    if (code === 'id_already_member') {
      return reviewProblemMessage(
        memberId ? { kind: 'id_already_member', memberId } : { kind: 'id_already_member' },
        currentLocale(),
      );
    }
    if (code === 'already_decided') return reviewProblemMessage({ kind: 'already_decided' }, currentLocale());
    if (code === 'not_found') return reviewProblemMessage({ kind: 'not_found' }, currentLocale());
    if (code === 'missing') return t('review.bulk.missing');
    return message ?? reviewProblemMessage({ kind: 'failed', code }, currentLocale());
  };

  const runBulk = async (decision: Decision, reason?: string) => {
    const ids = queue.selectedIds();
    if (ids.length === 0 || ids.length > MAX_BULK || bulkBusy) return;
    bulkBusy = true;
    renderBulk();
    for (const id of ids) queue.setOutcome(id, { kind: 'deciding' });
    queue.say(() => t('review.bulk.sending', { count: ids.length }));
    const result = await decideMany(bulkItems(ids, decision, reason));
    bulkBusy = false;
    if (!result.ok) {
      for (const id of ids) queue.setOutcome(id, undefined);
      const problem: ReviewProblem = result.problem;
      queue.say(() => reviewProblemMessage(problem, currentLocale()));
      renderBulk();
      return;
    }
    const summary = summariseBulk(ids, result.value);
    for (const success of summary.succeeded) {
      queue.setOutcome(
        success.applicationId,
        success.status === 'approved'
          ? { kind: 'approved', ...(success.memberId ? { memberId: success.memberId } : {}) }
          : { kind: 'rejected' },
      );
      if (detail.openId() === success.applicationId) {
        detail.showOutcome(
          {
            applicationId: success.applicationId,
            status: success.status,
            decidedAt: success.decidedAt ?? new Date().toISOString(),
            decidedBy: success.decidedBy ?? decidedBy(),
            ...(success.memberId ? { memberId: success.memberId } : {}),
          },
          reason,
        );
      }
    }
    for (const failure of summary.failed) {
      queue.setOutcome(
        failure.applicationId,
        failure.code === 'already_decided' ? { kind: 'elsewhere' } : undefined,
      );
    }
    queue.clearSelection(ids);
    queue.say(summaryView(summary));
    if (decision === 'reject') hideBulkReject();
    renderBulk();
  };

  bulkApprove.addEventListener('click', () => void runBulk('approve'));
  bulkReject.addEventListener('click', () => {
    bulkForm.hidden = false;
    bulkReason.focus();
  });
  byId('bulk-reject-cancel').addEventListener('click', () => {
    hideBulkReject();
    bulkReject.focus();
  });
  bulkForm.addEventListener('submit', (event) => {
    event.preventDefault();
    bulkReasonCode = reasonProblem(bulkReason.value);
    renderBulk();
    if (bulkReasonCode) {
      bulkReason.focus();
      return;
    }
    void runBulk('reject', bulkReason.value.trim());
  });

  return { render: renderBulk, reset: hideBulkReject };
};
