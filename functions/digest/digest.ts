/**
 * Scheduled every day at 09:00 Beijing time (shared/wiring.ts SCHEDULES): on a working day of the
 * mainland calendar (weekends off, holidays off, make-up working days on — which a cron cannot express,
 * so the schedule fires daily and the calendar decides), each active member of staff gets their digest
 * (shared/domain/digest.ts): stored for the console's banner at sign-in, and by SMS to a mobile contact
 * through the notifications queue (at most once per person and day: the dedupe key).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { countyDigests, digestFor, digestSms, type PendingApplication } from '../../shared/domain/digest';
import { contactPhone } from '../../shared/domain/staff';
import { beijingDate, calendarKnowsYear, isWorkingDay } from '../../shared/domain/working-days';
import type { NotificationQueue } from '../../shared/queue/notifications';
import { count, METRIC } from '../../shared/runtime/metrics';
import { observe } from '../../shared/runtime/observability';
import type { ApplicationStore } from '../../shared/storage/applications';
import type { RosterStore } from '../../shared/storage/staff';

export interface DigestDeps {
  applications: Pick<ApplicationStore, 'pendingReview'>;
  roster: Pick<RosterStore, 'list' | 'saveDigest'>;
  notifications: NotificationQueue;
  logger: Logger;
  metrics?: Metrics;
  now?: () => Date;
}

export interface DigestResult {
  date: string;
  skipped?: 'not_working_day';
  /** Digests stored (one per member of staff with something to report). */
  stored: number;
  /** SMS queued (those of them with a mobile contact). */
  queued: number;
}

export const createDigestHandler = (deps: DigestDeps) => {
  const now = deps.now ?? (() => new Date());
  const makeDigests = async (): Promise<DigestResult> => {
    const today = beijingDate(now().toISOString());
    if (!calendarKnowsYear(Number(today.slice(0, 4)))) {
      // Weekends still count; the year's holidays and make-up days are unknown until the calendar is updated.
      deps.logger.error('the working-day calendar does not know this year; weekends only', { date: today });
    }
    if (!isWorkingDay(today)) return { date: today, skipped: 'not_working_day', stored: 0, queued: 0 };

    const pending: PendingApplication[] = [];
    for await (const application of deps.applications.pendingReview()) pending.push(application);
    const byCounty = countyDigests(pending, today);
    let stored = 0;
    let queued = 0;
    for (const entry of await deps.roster.list()) {
      const digest = digestFor(entry, byCounty, today);
      if (!digest) continue;
      await deps.roster.saveDigest(entry.staffId, digest);
      stored++;
      if (!contactPhone(entry)) continue;
      try {
        await deps.notifications.send({
          ...digestSms(digest),
          recipient: { staffId: entry.staffId },
          dedupeKey: `digest:${today}:${entry.staffId}`,
        });
        queued++;
      } catch (error) {
        // The console banner still shows it; a re-run of the schedule queues it (same dedupe key).
        deps.logger.warn('could not queue the digest SMS', {
          staffId: entry.staffId,
          errorName: error instanceof Error ? error.name : 'unknown',
        });
      }
    }
    deps.logger.info('digests made', { date: today, pending: pending.length, stored, queued });
    count(deps.metrics, METRIC.digestsStored, stored);
    count(deps.metrics, METRIC.digestSmsQueued, queued);
    return { date: today, stored, queued };
  };

  return middy<unknown, DigestResult>()
    .use(observe(deps))
    .handler(() => makeDigests());
};
