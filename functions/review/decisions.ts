/** Deciding one application: scope, state, and the exactly-once transaction, retried on a race. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { type ApplicationRecord, holdsPersonalData } from '../../shared/domain/application';
import { type Caller, seesCounty } from '../../shared/domain/caller';
import { DEFAULT_DECISION_WORKING_DAYS, dueDateOf } from '../../shared/domain/deadline';
import type { DecisionInput } from '../../shared/domain/decision';
import { AlreadyDecided, NotFound, ServiceUnavailable } from '../../shared/domain/errors';
import { memberIdFor } from '../../shared/domain/member';
import {
  decisionNotification,
  type NotificationMessage,
  type NotificationQueue,
} from '../../shared/queue/notifications';
import { count, countBy, METRIC } from '../../shared/runtime/metrics';
import type { ApplicationStore } from '../../shared/storage/applications';
import type { NotificationOutboxStore } from '../../shared/storage/notification-outbox';
import type { PersonStore } from '../../shared/storage/people';
import { DecisionRace, type ReviewStore } from '../../shared/storage/review';

export interface DecisionResult {
  applicationId: string;
  status: 'approved' | 'rejected';
  decidedAt: string;
  decidedBy: string;
  memberId?: string;
}

export interface DecisionDeps {
  applications: ApplicationStore;
  people: PersonStore;
  review: ReviewStore;
  /** The applicant's SMS about the decision is queued here once the decision has committed. */
  notifications: NotificationQueue;
  outbox: NotificationOutboxStore;
  logger: Pick<Logger, 'warn'>;
  metrics?: Metrics;
  now: () => Date;
  /** Working days to decide (DECISION_WORKING_DAYS): the due date goes into the decision's audit entry. */
  workingDays?: number;
}

const MAX_ATTEMPTS = 8;
const pause = () => new Promise((r) => setTimeout(r, 5 + Math.random() * 40));

/** An application outside the caller's counties behaves as if it did not exist. */
export const applicationInScope = async (
  applications: ApplicationStore,
  caller: Caller,
  applicationId: string,
): Promise<ApplicationRecord> => {
  const application = await applications.get(applicationId);
  if (!application || !seesCounty(caller, application.county)) throw new NotFound();
  return application;
};

/**
 * After the decision committed (with the SMS in the outbox): queue the SMS and clear it from the outbox.
 * Nothing here can fail the decision: if the queue is down, the outbox keeps the message and the
 * sweeper queues it later.
 */
const queueNotice = async (deps: DecisionDeps, notice: NotificationMessage, at: Date) => {
  try {
    await deps.notifications.send(notice);
  } catch (error) {
    deps.logger.warn('notification enqueue failed; the sweeper will re-enqueue', {
      template: notice.template,
      applicationId: notice.deliveryOn?.applicationId,
      errorName: error instanceof Error ? error.name : 'unknown',
    });
    return;
  }
  try {
    await deps.outbox.remove(at.toISOString(), notice.dedupeKey);
  } catch (error) {
    // Queued already; the sweeper queues it once more, and notify sends it once.
    deps.logger.warn('notification queued but still in the outbox', {
      template: notice.template,
      errorName: error instanceof Error ? error.name : 'unknown',
    });
  }
};

export const decideApplication = async (
  deps: DecisionDeps,
  caller: Caller,
  applicationId: string,
  input: DecisionInput,
): Promise<DecisionResult> => {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const application = await applicationInScope(deps.applications, caller, applicationId);
    if (application.status !== 'pending_review') {
      throw new AlreadyDecided({
        status: application.status,
        ...(application.decidedAt ? { decidedAt: application.decidedAt } : {}),
        ...(application.decidedBy ? { decidedBy: application.decidedBy } : {}),
      });
    }
    if (!holdsPersonalData(application))
      throw new Error(`pending application ${applicationId} has no personal data`);
    const person = await deps.people.get(application.idHash);
    const at = deps.now();
    const auditDetails = {
      dueDate: dueDateOf(application.submittedAt, deps.workingDays ?? DEFAULT_DECISION_WORKING_DAYS),
    };
    try {
      if (input.decision === 'approve') {
        const notice = decisionNotification(applicationId, {
          status: 'approved',
          memberId: memberIdFor(applicationId),
        });
        const member = await deps.review.approve(application, person, caller, at, auditDetails, notice);
        if (!member.placementSettled) {
          deps.logger.warn('member placed by the union directory as first read; not checked since', {
            memberId: member.memberId,
            unionId: member.unionId,
          });
          count(deps.metrics, METRIC.placementUnsettled);
        }
        await queueNotice(deps, notice, at);
        countBy(deps.metrics, METRIC.applicationDecided, { name: 'decision', value: 'approved' });
        return {
          applicationId,
          status: 'approved',
          decidedAt: at.toISOString(),
          decidedBy: caller.name,
          memberId: member.memberId,
        };
      }
      const reason = input.reason ?? '';
      const notice = decisionNotification(applicationId, { status: 'rejected', reason });
      await deps.review.reject(application, person, caller, reason, at, auditDetails, notice);
      await queueNotice(deps, notice, at);
      countBy(deps.metrics, METRIC.applicationDecided, { name: 'decision', value: 'rejected' });
      return { applicationId, status: 'rejected', decidedAt: at.toISOString(), decidedBy: caller.name };
    } catch (error) {
      // Lost the race (on the application or the person): read again, which reports what it became.
      if (error instanceof AlreadyDecided && !error.current) continue;
      if (!(error instanceof DecisionRace)) throw error;
      await pause();
    }
  }
  throw new ServiceUnavailable(1);
};
