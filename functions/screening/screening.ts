/**
 * The review queue's consumer: submitted → pending_review, once. Each record succeeds or fails on its
 * own (partial batch response); a failing record is thrown, never returned, so SQS redelivers it and
 * after maxReceiveCount moves it to the dead-letter queue.
 *
 * When someone applies with the ID number of a member from another phone, the member is told by SMS
 * (README, "The API, with curl"). Only a member's phone is told: it was confirmed by a reviewer who saw the ID card. The
 * phone of another open application may be an impostor's, and telling it would tell them that the real
 * worker has applied.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  type ApplicationFlag,
  holdsPersonalData,
  type OpenApplication,
} from '../../shared/domain/application';
import { UnknownApplication } from '../../shared/domain/errors';
import type { NotificationQueue } from '../../shared/queue/notifications';
import { parseReviewMessage } from '../../shared/queue/review-queue';
import { count, METRIC } from '../../shared/runtime/metrics';
import { observe } from '../../shared/runtime/observability';
import type { ApplicationStore } from '../../shared/storage/applications';
import type { PersonStore } from '../../shared/storage/people';

export interface ScreeningDeps {
  store: ApplicationStore;
  people: PersonStore;
  notifications: NotificationQueue;
  logger: Logger;
  metrics?: Metrics;
  now?: () => Date;
}

export const createScreeningHandler = (deps: ScreeningDeps) => {
  const now = deps.now ?? (() => new Date());

  /** Queued before the status moves, so a crash in between redelivers it; its key makes it one SMS. */
  const tellMemberIfTheirIdWasUsed = async (application: OpenApplication) => {
    const person = await deps.people.get(application.idHash);
    if (!person.memberId || person.memberApplicationId === application.applicationId) return false;
    if (person.memberPhoneHash === application.phoneHash) return false;
    await deps.notifications.send({
      template: 'idNumberUsed',
      recipient: { memberId: person.memberId },
      dedupeKey: `idNumberUsed:${application.applicationId}`,
    });
    return true;
  };

  const screenApplication = async (record: SQSRecord): Promise<void> => {
    const { applicationId } = parseReviewMessage(record.body);
    const application = await deps.store.get(applicationId);
    if (!application) throw new UnknownApplication(`no application ${applicationId}`);
    if (application.status !== 'submitted') {
      deps.logger.info('already screened; nothing to do', { applicationId, status: application.status });
      return;
    }
    if (!holdsPersonalData(application))
      throw new UnknownApplication(`${applicationId} has no applicant data`);
    const phoneReused = await deps.store.phoneUsedByAnotherPerson(application.phoneHash, application.idHash);
    const memberTold = await tellMemberIfTheirIdWasUsed(application);
    const flags: ApplicationFlag[] = phoneReused ? ['phone_reused'] : [];
    const moved = await deps.store.markPendingReview(application, flags, now());
    if (moved) {
      count(deps.metrics, METRIC.applicationScreened);
      if (phoneReused) count(deps.metrics, METRIC.phoneReuseFlagged);
    }
    deps.logger.info(moved ? 'application ready for review' : 'already screened; nothing to do', {
      applicationId,
      phoneReused,
      memberTold,
    });
  };

  // A processor per invocation: it holds the batch's outcomes, so two overlapping invocations (as the
  // local poller makes) must never share one.
  return middy<SQSEvent, SQSBatchResponse>()
    .use(observe(deps))
    .handler((event, context) =>
      processPartialResponse(event, screenApplication, new BatchProcessor(EventType.SQS), { context }),
    );
};
