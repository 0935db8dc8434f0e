/** Scheduled: re-enqueue applications still `submitted` after a while, so nothing accepted is lost. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ReviewQueue } from '../../shared/queue/review-queue';
import type { ApplicationStore } from '../../shared/storage/applications';

export interface SweeperDeps {
  store: ApplicationStore;
  queue: ReviewQueue;
  logger: Logger;
  sweepAfterSeconds: number;
  now?: () => Date;
}

export interface SweepResult {
  found: number;
  requeued: number;
}

const CHUNK = 100;

/** The schedule sends `{}`; the local stack sends `{olderThanSeconds: 0}` at start-up (its queue is new). */
export interface SweepRequest {
  olderThanSeconds?: number;
}

export const createSweeperHandler = (deps: SweeperDeps) => {
  const now = deps.now ?? (() => new Date());
  return async (request: SweepRequest = {}): Promise<SweepResult> => {
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
    return { found, requeued };
  };
};
