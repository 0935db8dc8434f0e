/** Item keys of the single table. Every key shape lives here. */
import type { ApplicationStatus } from '../domain/application';

export const applicationKey = (applicationId: string) => ({
  pk: `APPLICATION#${applicationId}`,
  sk: 'APPLICATION',
});
export const personKey = (idHash: string) => ({ pk: `PERSON#${idHash}`, sk: 'PERSON' });
export const idempotencyKey = (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' });
export const verificationKey = (verificationId: string) => ({
  pk: `VERIFICATION#${verificationId}`,
  sk: 'VERIFICATION',
});
/** A proof-of-work challenge that was used (shared/storage/challenges.ts), by the hash of its signature. */
export const challengeKey = (signatureHash: string) => ({
  pk: `CHALLENGE#${signatureHash}`,
  sk: 'CHALLENGE',
});
/** One counter or cooldown of a limit (shared/domain/limits.ts), per subject and window. */
export const limitKey = (rule: string, subject: string, window: string) => ({
  pk: `LIMIT#${rule}#${subject}`,
  sk: window,
});
/** Marks a data migration done (shared/storage/migrations.ts). */
export const migrationKey = (name: string) => ({ pk: 'MIGRATIONS', sk: name });

/**
 * An application's index keys for its status: byStatus (one partition per status, every county) and
 * byCounty (one partition per county and status), both oldest first.
 */
export const statusIndexKeys = (
  application: { submittedAt: string; applicationId: string; county: string },
  status: ApplicationStatus,
) => ({
  gsi1pk: `STATUS#${status}`,
  gsi1sk: `${application.submittedAt}#${application.applicationId}`,
  gsi2pk: countyApplicationsPartition(application.county, status),
  gsi2sk: `${application.submittedAt}#${application.applicationId}`,
});
export const countyApplicationsPartition = (county: string, status: ApplicationStatus) =>
  `APPLICATIONS#${county}#${status}`;

export const memberKey = (memberId: string) => ({ pk: `MEMBER#${memberId}`, sk: 'MEMBER' });
/** byCounty index entry of a member, newest last. */
export const memberCountyIndexKeys = (county: string, joinedAt: string, memberId: string) => ({
  gsi2pk: countyMembersPartition(county),
  gsi2sk: `${joinedAt}#${memberId}`,
});
export const countyMembersPartition = (county: string) => `MEMBERS#${county}`;

/** Members listed by trade and platform without a scan: one partition per (trade, platform). */
export const memberByPlatformKey = (
  trade: string,
  platform: string,
  county: string,
  joinedAt: string,
  memberId: string,
) => ({
  pk: tradePlatformPartition(trade, platform),
  sk: `${county}#${joinedAt}#${memberId}`,
});
export const tradePlatformPartition = (trade: string, platform: string) => `MEMBERS#${trade}#${platform}`;

/** Coverage counters, moved by the approval transaction and read by the reports. */
export const COUNTERS_PARTITION = 'COUNTERS';
export const cellCounterKey = (trade: string, platform: string, county: string) => ({
  pk: COUNTERS_PARTITION,
  sk: `CELL#${trade}#${platform}#${county}`,
});
/** People (not platform memberships): a member on two platforms counts once here. */
export const peopleCounterKey = (trade: string, county: string) => ({
  pk: COUNTERS_PARTITION,
  sk: `PEOPLE#${trade}#${county}`,
});

export const auditKey = (at: string, id: string) => ({
  pk: auditPartition(at.slice(0, 10)),
  sk: `${at}#${id}`,
});
export const auditPartition = (day: string) => `AUDIT#${day}`;

/** Powertools idempotency records of sent notifications (functions/notify): one partition, keyed by hash. */
export const NOTIFICATIONS_SENT_PARTITION = 'NOTIFICATIONS#sent';
