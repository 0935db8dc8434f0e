/** Item keys of the single table. Every key shape lives here. */
import type { ApplicationStatus } from '../domain/application';

/**
 * Every partition key of the table, as a pattern: `*` stands for any run of characters, as in IAM's
 * `StringLike`. The functions' grants (shared/wiring.ts) name these patterns in the
 * `dynamodb:LeadingKeys` condition of their IAM statements, and the key builders below start their
 * partition keys with them (`under`), so a key shape and the grant that reaches it cannot drift apart.
 */
export const PARTITIONS = {
  application: 'APPLICATION#*',
  person: 'PERSON#*',
  idempotency: 'IDEMPOTENCY#*',
  verification: 'VERIFICATION#*',
  /** Proof-of-work challenges already used, by the hash of their signature. */
  challenge: 'CHALLENGE#*',
  limit: 'LIMIT#*',
  migrations: 'MIGRATIONS',
  member: 'MEMBER#*',
  /** Members by (trade, platform): `MEMBERS#<trade>#<platform>`. */
  membersByPlatform: 'MEMBERS#*',
  /**
   * Coverage and union counters, spread over COUNTER_SHARDS partitions: `COUNTERS` (shard 0, where every
   * counter was before sharding) and `COUNTERS#1` … `COUNTERS#7`.
   */
  counters: 'COUNTERS*',
  audit: 'AUDIT#*',
  reports: 'REPORTS',
  /** Powertools idempotency records of sent notifications (functions/notify): one partition, keyed by hash. */
  notificationsSent: 'NOTIFICATIONS#sent',
  /** The staff roster and its open invitations: one small partition. */
  staff: 'STAFF',
  /**
   * Notifications written in the transaction of the change they tell about (a decision), waiting to be
   * queued: removed once the notifications queue has them; the sweeper queues any left behind.
   */
  notificationOutbox: 'OUTBOX',
  /** Grassroots unions and each county's directory of what its active unions cover: one small partition. */
  unions: 'UNIONS',
  /** A union's members, one item each: `UNION#<unionId>` / `<memberId>`. */
  unionMembers: 'UNION#*',
} as const;

/**
 * The partition keys of the indexes, as patterns (see PARTITIONS). The byPhone index is keyed by the
 * phone's keyed hash alone, with no prefix: a grant on it cannot be narrowed by key (ANY_PARTITION).
 */
export const INDEX_PARTITIONS = {
  byStatus: { status: 'STATUS#*', reports: 'REPORTS', erasure: 'ERASE' },
  byCounty: { applications: 'APPLICATIONS#*', members: 'MEMBERS#*' },
} as const;

/** A partition key under a `PREFIX#*` pattern. */
const under = (pattern: `${string}*`, rest: string): string => `${pattern.slice(0, -1)}${rest}`;

export const applicationKey = (applicationId: string) => ({
  pk: under(PARTITIONS.application, applicationId),
  sk: 'APPLICATION',
});
/**
 * One contact attempt, logged under its application's partition (so the application's grants cover it,
 * and one Query lists the log): `CONTACT#<at>#<uuid>`, oldest first.
 */
export const CONTACT_SK_PREFIX = 'CONTACT#';
export const contactKey = (applicationId: string, at: string, id: string) => ({
  pk: under(PARTITIONS.application, applicationId),
  sk: `${CONTACT_SK_PREFIX}${at}#${id}`,
});
export const personKey = (idHash: string) => ({ pk: under(PARTITIONS.person, idHash), sk: 'PERSON' });
export const idempotencyKey = (key: string) => ({
  pk: under(PARTITIONS.idempotency, key),
  sk: 'IDEMPOTENCY',
});
export const verificationKey = (verificationId: string) => ({
  pk: under(PARTITIONS.verification, verificationId),
  sk: 'VERIFICATION',
});
/** A proof-of-work challenge that was used (shared/storage/challenges.ts), by the hash of its signature. */
export const challengeKey = (signatureHash: string) => ({
  pk: under(PARTITIONS.challenge, signatureHash),
  sk: 'CHALLENGE',
});
/** One counter or cooldown of a limit (shared/domain/limits.ts), per subject and window. */
export const limitKey = (rule: string, subject: string, window: string) => ({
  pk: under(PARTITIONS.limit, `${rule}#${subject}`),
  sk: window,
});
/** Marks a data migration done (shared/storage/migrations.ts). */
export const migrationKey = (name: string) => ({ pk: PARTITIONS.migrations, sk: name });

/** The byStatus partition of one status (every county), oldest first. */
export const statusPartition = (status: ApplicationStatus) => under(INDEX_PARTITIONS.byStatus.status, status);

/**
 * An application's index keys for its status: byStatus (one partition per status, every county) and
 * byCounty (one partition per county and status), both oldest first.
 */
export const statusIndexKeys = (
  application: { submittedAt: string; applicationId: string; county: string },
  status: ApplicationStatus,
) => ({
  gsi1pk: statusPartition(status),
  gsi1sk: `${application.submittedAt}#${application.applicationId}`,
  gsi2pk: countyApplicationsPartition(application.county, status),
  gsi2sk: `${application.submittedAt}#${application.applicationId}`,
});
export const countyApplicationsPartition = (county: string, status: ApplicationStatus) =>
  under(INDEX_PARTITIONS.byCounty.applications, `${county}#${status}`);

export const memberKey = (memberId: string) => ({ pk: under(PARTITIONS.member, memberId), sk: 'MEMBER' });
/** byCounty index entry of a member, newest last. */
export const memberCountyIndexKeys = (county: string, joinedAt: string, memberId: string) => ({
  gsi2pk: countyMembersPartition(county),
  gsi2sk: `${joinedAt}#${memberId}`,
});
export const countyMembersPartition = (county: string) => under(INDEX_PARTITIONS.byCounty.members, county);

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
export const tradePlatformPartition = (trade: string, platform: string) =>
  under(PARTITIONS.membersByPlatform, `${trade}#${platform}`);

/**
 * Coverage and union counters. Every approval in a county on a sign-up day moves the same few counters, and
 * DynamoDB refuses a transaction while another one holds an item it names: so each counter is split over
 * COUNTER_SHARDS partitions, a transaction moves the counters of one shard chosen at random, and readers
 * sum the shards (shared/storage/counters.ts).
 */
export const COUNTER_SHARDS = 8;
export const counterPartition = (shard: number): string => {
  if (!Number.isInteger(shard) || shard < 0 || shard >= COUNTER_SHARDS)
    throw new RangeError(`counter shard ${shard} is not in 0..${COUNTER_SHARDS - 1}`);
  return under(PARTITIONS.counters, shard === 0 ? '' : `#${shard}`);
};
export const COUNTER_PARTITIONS: readonly string[] = Array.from({ length: COUNTER_SHARDS }, (_, shard) =>
  counterPartition(shard),
);
export const counterKey = (sk: string, shard: number) => ({ pk: counterPartition(shard), sk });
/** Members per (trade, platform, county) cell. */
export const cellCounterSk = (trade: string, platform: string, county: string) =>
  `CELL#${trade}#${platform}#${county}`;
/** People (not platform memberships): a member on two platforms counts once here. */
export const peopleCounterSk = (trade: string, county: string) => `PEOPLE#${trade}#${county}`;
export const UNION_COUNTER_PREFIX = 'UNION#';
/** How many members a union has: moved by approval, transfer and leaving, read by the reports. */
export const unionCounterSk = (unionId: string) => `${UNION_COUNTER_PREFIX}${unionId}`;

/**
 * An audit entry: a day's partition, and a random id in the sort key. IAM can keep functions from
 * updating or deleting audit entries, but not from a PutItem that would overwrite one; the random id
 * (a UUID the writer makes) is what keeps an entry from being written over.
 */
export const auditKey = (at: string, id: string) => ({
  pk: auditPartition(at.slice(0, 10)),
  sk: `${at}#${id}`,
});
export const auditPartition = (day: string) => under(PARTITIONS.audit, day);

/** Coverage reports: one partition, listed newest period first on byStatus under the same partition key. */
export const REPORTS_PARTITION = PARTITIONS.reports;
export const reportKey = (reportId: string) => ({ pk: REPORTS_PARTITION, sk: `REPORT#${reportId}` });
export const reportIndexKeys = (periodEnd: string, reportId: string) => ({
  gsi1pk: INDEX_PARTITIONS.byStatus.reports,
  gsi1sk: `${periodEnd}#${reportId}`,
});

/** Powertools idempotency records of sent notifications (functions/notify): one partition, keyed by hash. */
export const NOTIFICATIONS_SENT_PARTITION = PARTITIONS.notificationsSent;

/** A roster entry, by its staff id (shared/domain/staff.ts). */
export const staffKey = (staffId: string) => ({ pk: PARTITIONS.staff, sk: `ENTRY#${staffId}` });
export const STAFF_ENTRY_PREFIX = 'ENTRY#';
/** An open invitation, by the keyed hash of its code. */
export const invitationKey = (codeHash: string) => ({ pk: PARTITIONS.staff, sk: `INVITATION#${codeHash}` });

/** A notification waiting to be queued, oldest first: `<written at>#<dedupe key>`. */
export const notificationOutboxKey = (at: string, dedupeKey: string) => ({
  pk: PARTITIONS.notificationOutbox,
  sk: `${at}#${dedupeKey}`,
});

/** The latest working-day digest of a member of staff (functions/digest), shown in the console at sign-in. */
export const staffDigestKey = (staffId: string) => ({ pk: PARTITIONS.staff, sk: `DIGEST#${staffId}` });

/** A grassroots union (shared/domain/union.ts). */
export const UNION_SK_PREFIX = 'UNION#';
export const unionKey = (unionId: string) => ({ pk: PARTITIONS.unions, sk: `${UNION_SK_PREFIX}${unionId}` });
/** One county's directory: which active union covers which platform or trade, and its fallback. */
export const unionDirectoryKey = (county: string) => ({ pk: PARTITIONS.unions, sk: `DIRECTORY#${county}` });
/** A member's entry in their union's listing (name and masks only, as in the other listings). */
export const unionMemberKey = (unionId: string, memberId: string) => ({
  pk: unionMembersPartition(unionId),
  sk: memberId,
});
export const unionMembersPartition = (unionId: string) => under(PARTITIONS.unionMembers, unionId);

/** A member who left, listed by when their personal data is due to be erased (the sweeper erases it). */
export const erasureIndexKeys = (eraseAfter: string, memberId: string) => ({
  gsi1pk: INDEX_PARTITIONS.byStatus.erasure,
  gsi1sk: `${eraseAfter}#${memberId}`,
});
