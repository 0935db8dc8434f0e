/**
 * Scheduled: re-enqueue applications still `submitted` after a while, so nothing accepted is lost, and
 * queue the notifications a decision left in the outbox (its queue was down), so no decision's SMS is;
 * and erase the personal data of members who left once their retention period is over.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { NotificationQueue } from '../../shared/queue/notifications';
import type { ReviewQueue } from '../../shared/queue/review-queue';
import { count, METRIC } from '../../shared/runtime/metrics';
import { observe } from '../../shared/runtime/observability';
import type { ApplicationStore } from '../../shared/storage/applications';
import type { ErasureStore } from '../../shared/storage/erasure';
import type { NotificationOutboxStore } from '../../shared/storage/notification-outbox';

export interface SweeperDeps {
  store: ApplicationStore;
  queue: ReviewQueue;
  notifications: NotificationQueue;
  outbox: NotificationOutboxStore;
  /** Members who left, whose personal data is due to be erased. */
  erasure: ErasureStore;
  logger: Logger;
  metrics?: Metrics;
  sweepAfterSeconds: number;
  now?: () => Date;
}

export interface SweepResult {
  found: number;
  requeued: number;
  /** Notifications taken from the outbox and queued. */
  notificationsQueued: number;
  /** Members who left whose personal data was erased (their retention period was over). */
  erased: number;
}

const CHUNK = 100;

/** The schedule sends `{}`; the local stack sends `{olderThanSeconds: 0}` at start-up (its queue is new). */
export interface SweepRequest {
  olderThanSeconds?: number;
}

export const createSweeperHandler = (deps: SweeperDeps) => {
  const now = deps.now ?? (() => new Date());

  /** Each one queued, then removed; one that cannot be queued stays for the next sweep. */
  const queueWaitingNotifications = async (cutoff: Date): Promise<number> => {
    let queued = 0;
    for await (const waiting of deps.outbox.waitingBefore(cutoff)) {
      try {
        await deps.notifications.send(waiting.message);
      } catch (error) {
        deps.logger.warn('notification enqueue failed; the next sweep tries again', {
          template: waiting.message.template,
          errorName: error instanceof Error ? error.name : 'unknown',
        });
        break;
      }
      await deps.outbox.removeKey(waiting.key);
      queued++;
    }
    if (queued > 0) deps.logger.info('queued notifications left in the outbox', { queued });
    return queued;
  };

  const sweep = async (request: SweepRequest | null | undefined): Promise<SweepResult> => {
    const olderThan =
      typeof request?.olderThanSeconds === 'number' && request.olderThanSeconds >= 0
        ? request.olderThanSeconds
        : deps.sweepAfterSeconds;
    const cutoff = new Date(now().getTime() - olderThan * 1000);
    let found = 0;
    let requeued = 0;
    let chunk: string[] = [];
    const flush = async () => {
      requeued += await deps.queue.sendMany(chunk.map((applicationId) => ({ applicationId })));
      chunk = [];
    };
    for await (const applicationId of deps.store.submittedBefore(cutoff)) {
      found++;
      chunk.push(applicationId);
      if (chunk.length === CHUNK) await flush();
    }
    if (chunk.length > 0) await flush();
    if (found > 0) deps.logger.info('re-enqueued stale submitted applications', { found, requeued });
    const notificationsQueued = await queueWaitingNotifications(cutoff);
    const erased = await deps.erasure.eraseDue(now());
    if (erased > 0) deps.logger.info('erased the personal data of members who left', { erased });
    // Zeros too: a schedule that ran and found nothing differs from one that did not run.
    count(deps.metrics, METRIC.applicationsRequeued, requeued);
    count(deps.metrics, METRIC.notificationsRequeued, notificationsQueued);
    count(deps.metrics, METRIC.memberDataErased, erased);
    return { found, requeued, notificationsQueued, erased };
  };

  return middy<SweepRequest | null | undefined, SweepResult>()
    .use(observe(deps))
    .handler((request) => sweep(request));
};
