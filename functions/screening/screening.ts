/**
 * The review queue's consumer: submitted → pending_review, once. Each record succeeds or fails on its
 * own (partial batch response); a failing record is thrown, never returned, so SQS redelivers it and
 * after maxReceiveCount moves it to the dead-letter queue.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { UnknownApplication } from '../../shared/domain/errors';
import { parseReviewMessage } from '../../shared/queue/review-queue';
import type { ApplicationStore } from '../../shared/storage/applications';

export interface ScreeningDeps {
  store: ApplicationStore;
  logger: Logger;
  now?: () => Date;
}

export const createScreeningHandler = (deps: ScreeningDeps) => {
  const now = deps.now ?? (() => new Date());

  const screenApplication = async (record: SQSRecord): Promise<void> => {
    const { applicationId } = parseReviewMessage(record.body);
    const application = await deps.store.get(applicationId);
    if (!application) throw new UnknownApplication(`no application ${applicationId}`);
    if (application.status !== 'submitted') {
      deps.logger.info('already screened; nothing to do', { applicationId, status: application.status });
      return;
    }
    const phoneReused = await deps.store.phoneUsedByAnotherPerson(application.phoneHash, application.idHash);
    const moved = await deps.store.markPendingReview(application, phoneReused ? ['phone_reused'] : [], now());
    deps.logger.info(moved ? 'application ready for review' : 'already screened; nothing to do', {
      applicationId,
      phoneReused,
    });
  };

  // A processor per invocation: it holds the batch's outcomes, so two overlapping invocations (as the
  // local poller makes) must never share one.
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, screenApplication, new BatchProcessor(EventType.SQS), { context });
};
