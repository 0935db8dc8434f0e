import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { catalog } from '../catalog/index';
import type { ApplicationRecord, ApplicationStatus, OpenApplication } from '../domain/application';
import type { Caller } from '../domain/caller';
import type { ContactEntry, ContactInput } from '../domain/contact';
import { AlreadyDecided, IdAlreadyMember, ServiceUnavailable } from '../domain/errors';
import {
  type MemberRecord,
  memberFromApplication,
  PERSONAL_FIELDS_MOVED_TO_MEMBER,
  REJECTED_RETENTION_DAYS,
} from '../domain/member';
import type { NotificationMessage } from '../queue/notifications';
import { TABLE } from '../wiring';
import { type AuditEntry, auditPut } from './audit';
import { cancellationReasons, mapStorageError } from './errors';
import {
  applicationKey,
  auditPartition,
  CONTACT_SK_PREFIX,
  cellCounterKey,
  contactKey,
  countyApplicationsPartition,
  countyMembersPartition,
  memberByPlatformKey,
  memberCountyIndexKeys,
  memberKey,
  peopleCounterKey,
  statusIndexKeys,
  statusPartition,
  tradePlatformPartition,
} from './keys';
import { outboxPut } from './notification-outbox';
import { queryPages } from './pagination';
import { personWriteItem, type StoredPerson } from './people';
import { placementItems, unionStore } from './unions';

/**
 * A contact log entry is kept this long after it was recorded (its note may name the applicant); the
 * audit trail keeps who logged which outcome, without the note.
 */
export const CONTACT_RETENTION_DAYS = 180;

/** What a decision's audit entry carries besides the application's own fields: its due date (reports). */
export interface DecisionAuditDetails {
  dueDate?: string;
}

/** A concurrent transaction touched the same items; re-read the application and try again. */
export class DecisionRace extends Error {}

export type { AuditEntry } from './audit';

export interface ApplicationFilters {
  status: ApplicationStatus;
  counties: '*' | string[];
  trade?: string;
  platform?: string;
  limit: number;
  cursor?: string;
}

export interface MemberFilters {
  counties: '*' | string[];
  trade?: string;
  platform?: string;
  limit: number;
  cursor?: string;
}

const filterExpression = (conditions: Array<[string, Record<string, unknown>]>) => {
  if (conditions.length === 0) return {};
  const values = Object.assign({}, ...conditions.map(([, v]) => v));
  return { FilterExpression: conditions.map(([e]) => e).join(' AND '), ExpressionAttributeValues: values };
};

const inList = (attribute: string, values: string[]): [string, Record<string, unknown>] => {
  const names = values.map((_, i) => `:${attribute}${i}`);
  return [
    `${attribute} IN (${names.join(', ')})`,
    Object.fromEntries(values.map((v, i) => [`:${attribute}${i}`, v])),
  ];
};

const mergeValues = (
  input: QueryCommandInput,
  extra: ReturnType<typeof filterExpression>,
): QueryCommandInput => ({
  ...input,
  ...(extra.FilterExpression ? { FilterExpression: extra.FilterExpression } : {}),
  ExpressionAttributeValues: {
    ...input.ExpressionAttributeValues,
    ...(extra.ExpressionAttributeValues ?? {}),
  },
});

const ALL_COUNTIES = catalog.counties.map((c) => c.code);

export type ReviewStore = ReturnType<typeof reviewStore>;

export const reviewStore = (db: DynamoDBDocumentClient, tableName: string) => {
  const audit = (entry: AuditEntry, at: string) => auditPut(tableName, entry, at);
  const unions = unionStore(db, tableName);

  return {
    /** Oldest first. One county: its own partition; several or all: the status partition, filtered. */
    async listApplications(filters: ApplicationFilters) {
      const conditions: Array<[string, Record<string, unknown>]> = [];
      if (filters.trade) conditions.push(['trade = :trade', { ':trade': filters.trade }]);
      if (filters.platform)
        conditions.push(['contains(platforms, :platform)', { ':platform': filters.platform }]);
      let partition: QueryCommandInput;
      if (filters.counties !== '*' && filters.counties.length === 1) {
        partition = {
          TableName: tableName,
          IndexName: 'byCounty',
          KeyConditionExpression: 'gsi2pk = :partition',
          ExpressionAttributeValues: {
            ':partition': countyApplicationsPartition(filters.counties[0] as string, filters.status),
          },
        };
      } else {
        if (filters.counties !== '*') conditions.push(inList('county', filters.counties));
        partition = {
          TableName: tableName,
          IndexName: 'byStatus',
          KeyConditionExpression: 'gsi1pk = :partition',
          ExpressionAttributeValues: { ':partition': statusPartition(filters.status) },
        };
      }
      if (filters.counties !== '*' && filters.counties.length === 0) return { items: [], nextCursor: null };
      return queryPages<ApplicationRecord>(
        db,
        [mergeValues(partition, filterExpression(conditions))],
        filters.limit,
        filters.cursor,
      );
    },

    /**
     * Logs one contact attempt on an open application, in one transaction: the entry under the
     * application, the application's contact summary (attempts, the latest, and `contactedAt`, the first
     * `reached`), and the audit entry (outcome only: the note stays in the log, which expires).
     */
    async recordContact(
      application: ApplicationRecord,
      caller: Caller,
      input: ContactInput,
      at: Date,
    ): Promise<ContactEntry> {
      const when = at.toISOString();
      const entry: ContactEntry = {
        outcome: input.outcome,
        ...(input.note ? { note: input.note } : {}),
        at: when,
        by: caller.name,
      };
      const reached = input.outcome === 'reached';
      const items = [
        {
          Put: {
            TableName: tableName,
            Item: {
              ...contactKey(application.applicationId, when, randomUUID()),
              entity: 'contact',
              applicationId: application.applicationId,
              ...entry,
              [TABLE.ttlAttribute]: Math.floor(at.getTime() / 1000) + CONTACT_RETENTION_DAYS * 86400,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: tableName,
            Key: applicationKey(application.applicationId),
            ConditionExpression: '#status IN (:submitted, :pending)',
            UpdateExpression: `SET contactAttempts = if_not_exists(contactAttempts, :zero) + :one, lastContactAt = :at, lastContactOutcome = :outcome${reached ? ', contactedAt = if_not_exists(contactedAt, :at)' : ''}`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':submitted': 'submitted',
              ':pending': 'pending_review',
              ':zero': 0,
              ':one': 1,
              ':at': when,
              ':outcome': input.outcome,
            },
          },
        },
        {
          Put: audit(
            {
              actor: caller.name,
              actorRole: caller.role,
              action: 'application.contact',
              target: application.applicationId,
              details: { county: application.county, outcome: input.outcome, note: Boolean(input.note) },
            },
            when,
          ),
        },
      ];
      try {
        await db.send(new TransactWriteCommand({ TransactItems: items as never }));
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (reasons?.[1]?.Code === 'ConditionalCheckFailed') throw new AlreadyDecided();
        // A decision on the same application in flight: retry in a moment.
        if (reasons?.some((r) => r.Code === 'TransactionConflict')) throw new ServiceUnavailable(1);
        throw mapStorageError(error);
      }
      return entry;
    },

    /** The application's contact log, oldest first. */
    async listContacts(applicationId: string): Promise<ContactEntry[]> {
      try {
        const { Items = [] } = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :contact)',
            ExpressionAttributeValues: {
              ':pk': applicationKey(applicationId).pk,
              ':contact': CONTACT_SK_PREFIX,
            },
          }),
        );
        return Items.map((item) => ({
          outcome: item.outcome,
          ...(item.note ? { note: item.note } : {}),
          at: item.at,
          by: item.by,
        }));
      } catch (error) {
        throw mapStorageError(error);
      }
    },

    async recordView(entry: AuditEntry, at: Date): Promise<void> {
      try {
        await db.send(new PutCommand(audit(entry, at.toISOString())));
      } catch (error) {
        throw mapStorageError(error);
      }
    },

    /**
     * Approval, exactly once: one transaction conditional on pending_review marks the application
     * approved (handing its personal data to the member record), creates the member, one
     * member-by-(trade, platform) item per platform, moves the coverage counters, makes the person a
     * member — conditional on the person as read, so one ID number never has two members — and writes
     * the audit entry and, when given, the applicant's SMS to the notification outbox.
     */
    async approve(
      application: OpenApplication,
      person: StoredPerson,
      caller: Caller,
      at: Date,
      auditDetails: DecisionAuditDetails = {},
      notice?: NotificationMessage,
    ): Promise<MemberRecord> {
      if (person.memberId && person.memberApplicationId !== application.applicationId) {
        throw new IdAlreadyMember(person.memberId);
      }
      const when = at.toISOString();
      const member = memberFromApplication(application, when, caller.name);
      const { memberId, trade, county } = member;
      const placement = placementItems(tableName, await unions.ensureCounty(county, at), member, when);
      const { [application.applicationId]: _approved, ...stillOpen } = person.open;
      const items = [
        {
          Update: {
            TableName: tableName,
            Key: applicationKey(application.applicationId),
            ConditionExpression: '#status = :pending',
            UpdateExpression: `SET #status = :approved, decidedAt = :at, decidedBy = :by, memberId = :memberId, updatedAt = :at, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk REMOVE ${PERSONAL_FIELDS_MOVED_TO_MEMBER.join(', ')}`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':pending': 'pending_review',
              ':approved': 'approved',
              ':at': when,
              ':by': caller.name,
              ':memberId': memberId,
              ...prefixKeys(statusIndexKeys(application, 'approved')),
            },
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: {
              ...memberKey(memberId),
              ...memberCountyIndexKeys(county, when, memberId),
              entity: 'member',
              ...member,
              unionId: placement.unionId,
              unionSince: when,
              unionHistory: [{ unionId: placement.unionId, since: when, how: 'placement', by: caller.name }],
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        personWriteItem(
          tableName,
          person,
          {
            ...person,
            open: stillOpen,
            memberId,
            memberApplicationId: application.applicationId,
            memberPhoneHash: application.phoneHash,
          },
          when,
        ),
        ...placement.items,
        ...member.platforms.map((platform) => ({
          Put: {
            TableName: tableName,
            Item: {
              ...memberByPlatformKey(trade, platform, county, when, memberId),
              entity: 'member-by-platform',
              memberId,
              fullName: member.fullName,
              phoneMasked: member.phoneMasked,
              idNumberMasked: member.idNumberMasked,
              trade,
              platform,
              platforms: member.platforms,
              county,
              joinedAt: when,
            },
          },
        })),
        ...member.platforms.map((platform) =>
          counterIncrement(tableName, cellCounterKey(trade, platform, county), when),
        ),
        counterIncrement(tableName, peopleCounterKey(trade, county), when),
        {
          Put: audit(
            {
              actor: caller.name,
              actorRole: caller.role,
              action: 'decision.approve',
              target: application.applicationId,
              details: {
                memberId,
                county,
                trade,
                platforms: member.platforms,
                submittedAt: application.submittedAt,
                ...auditDetails,
                ...(application.contactedAt ? { contactedAt: application.contactedAt } : {}),
              },
            },
            when,
          ),
        },
        ...(notice ? [outboxPut(tableName, notice, when)] : []),
      ];
      await decide(db, items);
      return { ...member, unionId: placement.unionId };
    },

    /**
     * Rejection: the application leaves the person's open applications (the person item goes when
     * nothing is left), so they may apply again; its personal data expire in 180 days. The applicant's
     * SMS, when given, goes to the notification outbox in the same transaction.
     */
    async reject(
      application: OpenApplication,
      person: StoredPerson,
      caller: Caller,
      reason: string,
      at: Date,
      auditDetails: DecisionAuditDetails = {},
      notice?: NotificationMessage,
    ): Promise<void> {
      const when = at.toISOString();
      const { [application.applicationId]: _rejected, ...stillOpen } = person.open;
      const expiresAt = Math.floor(at.getTime() / 1000) + REJECTED_RETENTION_DAYS * 86400;
      const items = [
        {
          Update: {
            TableName: tableName,
            Key: applicationKey(application.applicationId),
            ConditionExpression: '#status = :pending',
            UpdateExpression:
              'SET #status = :rejected, decidedAt = :at, decidedBy = :by, rejectionReason = :reason, updatedAt = :at, #ttl = :expires, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk',
            ExpressionAttributeNames: { '#status': 'status', '#ttl': TABLE.ttlAttribute },
            ExpressionAttributeValues: {
              ':pending': 'pending_review',
              ':rejected': 'rejected',
              ':at': when,
              ':by': caller.name,
              ':reason': reason,
              ':expires': expiresAt,
              ...prefixKeys(statusIndexKeys(application, 'rejected')),
            },
          },
        },
        personWriteItem(tableName, person, { ...person, open: stillOpen }, when),
        {
          Put: audit(
            {
              actor: caller.name,
              actorRole: caller.role,
              action: 'decision.reject',
              target: application.applicationId,
              details: {
                county: application.county,
                trade: application.trade,
                platforms: application.platforms,
                submittedAt: application.submittedAt,
                ...auditDetails,
                ...(application.contactedAt ? { contactedAt: application.contactedAt } : {}),
              },
            },
            when,
          ),
        },
        ...(notice ? [outboxPut(tableName, notice, when)] : []),
      ];
      await decide(db, items);
    },

    /** Members in scope, by (trade, platform) partition when both are given, else by county partitions. */
    async listMembers(filters: MemberFilters) {
      const counties = filters.counties === '*' ? ALL_COUNTIES : filters.counties;
      if (counties.length === 0) return { items: [], nextCursor: null };
      if (filters.trade && filters.platform) {
        const conditions: Array<[string, Record<string, unknown>]> = [];
        const single = counties.length === 1 ? counties[0] : undefined;
        if (!single && filters.counties !== '*') conditions.push(inList('county', counties));
        const partition: QueryCommandInput = {
          TableName: tableName,
          KeyConditionExpression: single ? 'pk = :partition AND begins_with(sk, :county)' : 'pk = :partition',
          ExpressionAttributeValues: {
            ':partition': tradePlatformPartition(filters.trade, filters.platform),
            ...(single ? { ':county': `${single}#` } : {}),
          },
        };
        return queryPages<Record<string, unknown>>(
          db,
          [mergeValues(partition, filterExpression(conditions))],
          filters.limit,
          filters.cursor,
        );
      }
      const conditions: Array<[string, Record<string, unknown>]> = [];
      if (filters.trade) conditions.push(['trade = :trade', { ':trade': filters.trade }]);
      if (filters.platform)
        conditions.push(['contains(platforms, :platform)', { ':platform': filters.platform }]);
      const partitions = counties.map((county) =>
        mergeValues(
          {
            TableName: tableName,
            IndexName: 'byCounty',
            KeyConditionExpression: 'gsi2pk = :partition',
            ExpressionAttributeValues: { ':partition': countyMembersPartition(county) },
          },
          filterExpression(conditions),
        ),
      );
      return queryPages<Record<string, unknown>>(db, partitions, filters.limit, filters.cursor);
    },

    async listAudit(days: string[], limit: number, cursor?: string) {
      const partitions = days.map((day) => ({
        TableName: tableName,
        KeyConditionExpression: 'pk = :partition',
        ExpressionAttributeValues: { ':partition': auditPartition(day) },
        ScanIndexForward: false,
      }));
      return queryPages<Record<string, unknown>>(db, partitions, limit, cursor);
    },
  };
};

const counterIncrement = (tableName: string, key: { pk: string; sk: string }, at: string) => ({
  Update: {
    TableName: tableName,
    Key: key,
    UpdateExpression: 'ADD members :one SET updatedAt = :at',
    ExpressionAttributeValues: { ':one': 1, ':at': at },
  },
});

const prefixKeys = (values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [`:${name}`, value]));

/** Where the person's write sits in both decision transactions (after the application, and the member). */
const PERSON_ITEM = 2;
/** Where an approval checks the county's union directory (placementItems, right after the person). */
const DIRECTORY_ITEM = 3;

/** Runs a decision transaction: a lost race on the application is 409 already_decided, never a 500. */
const decide = async (db: DynamoDBDocumentClient, items: unknown[]): Promise<void> => {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items as never }));
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons?.[0]?.Code === 'ConditionalCheckFailed') throw new AlreadyDecided();
    // Another decision or application on the same person or application is in flight, or the person
    // changed since it was read: the caller re-reads and retries.
    if (reasons?.some((r) => r.Code === 'TransactionConflict')) throw new DecisionRace();
    if (reasons?.[PERSON_ITEM]?.Code === 'ConditionalCheckFailed') throw new DecisionRace();
    // A union was set up or dissolved in the county meanwhile: place the member again.
    if (reasons?.[DIRECTORY_ITEM]?.Code === 'ConditionalCheckFailed') throw new DecisionRace();
    throw mapStorageError(error);
  }
};
