/**
 * Decisions on applications, each exactly once, in one transaction conditional on the application still
 * pending review: approval (the member, their union placement and the coverage counters), rejection
 * (the personal data expire), with the audit entry and the applicant's SMS in the notification outbox.
 */
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { OpenApplication } from '../domain/application';
import type { Caller } from '../domain/caller';
import { AlreadyDecided, IdAlreadyMember } from '../domain/errors';
import {
  type MemberRecord,
  memberFromApplication,
  PERSONAL_FIELDS_MOVED_TO_MEMBER,
  REJECTED_RETENTION_DAYS,
} from '../domain/member';
import type { NotificationMessage } from '../queue/notifications';
import { TABLE } from '../runtime-wiring';
import { type AuditEntry, auditPut } from './audit';
import { avoidCounterShard, counterMove, counterShard } from './counters';
import { cancellationReasons, mapStorageError } from './errors';
import {
  applicationKey,
  cellCounterSk,
  memberByPlatformKey,
  memberCountyIndexKeys,
  memberKey,
  peopleCounterSk,
  statusIndexKeys,
} from './keys';
import { outboxPut } from './notification-outbox';
import { personWriteItem, type StoredPerson } from './people';
import { placementItems, unionStore } from './unions';

/** What a decision's audit entry carries besides the application's own fields: its due date (reports). */
export interface DecisionAuditDetails {
  dueDate?: string;
}

/** A concurrent transaction touched the same items; re-read the application and try again. */
export class DecisionRace extends Error {}

/** A decision's audit entry: its action and details, with when the application was submitted and first reached. */
const decisionAudit = (
  tableName: string,
  application: OpenApplication,
  caller: Caller,
  when: string,
  { action, details }: { action: 'decision.approve' | 'decision.reject'; details: AuditEntry['details'] },
) => ({
  Put: auditPut(
    tableName,
    {
      actor: caller.name,
      actorRole: caller.role,
      action,
      target: application.applicationId,
      details: {
        ...details,
        submittedAt: application.submittedAt,
        ...(application.contactedAt ? { contactedAt: application.contactedAt } : {}),
      },
    },
    when,
  ),
});

export const decisionStore = (db: DynamoDBDocumentClient, tableName: string) => {
  const unions = unionStore(db, tableName);

  return {
    /**
     * Approval, exactly once: one transaction conditional on pending_review marks the application
     * approved (handing its personal data to the member record), creates the member, one
     * member-by-(trade, platform) item per platform, places them in their union, moves the coverage
     * counters (one shard), makes the person a member — conditional on the person as read, so one ID
     * number never has two members — and writes the audit entry and, when given, the applicant's SMS to
     * the notification outbox. Then it settles the placement against the union directory as it is now.
     */
    async approve(
      application: OpenApplication,
      person: StoredPerson,
      caller: Caller,
      at: Date,
      auditDetails: DecisionAuditDetails = {},
      notice?: NotificationMessage,
    ): Promise<MemberRecord & { unionId: string; placementSettled: boolean }> {
      if (person.memberId && person.memberApplicationId !== application.applicationId) {
        throw new IdAlreadyMember(person.memberId);
      }
      const when = at.toISOString();
      const member = memberFromApplication(application, when, caller.name);
      const { memberId, trade, county } = member;
      const shard = counterShard();
      const directory = await unions.ensureCounty(county, at);
      const placement = placementItems(tableName, directory, member, when, shard);
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
          counterMove(tableName, cellCounterSk(trade, platform, county), shard, 1, when),
        ),
        counterMove(tableName, peopleCounterSk(trade, county), shard, 1, when),
        decisionAudit(tableName, application, caller, when, {
          action: 'decision.approve',
          details: { memberId, county, trade, platforms: member.platforms, ...auditDetails },
        }),
        ...(notice ? [outboxPut(tableName, notice, when)] : []),
      ];
      await decide(db, items, shard);
      const placed = { ...member, unionId: placement.unionId, unionSince: when };
      try {
        const unionId = (await unions.settlePlacement(placed, caller, at)) ?? placement.unionId;
        return { ...member, unionId, placementSettled: true };
      } catch {
        // The approval stands; the member stays in the union the directory named when it was read. Only a
        // union dissolved meanwhile leaves them behind, and dissolving it again moves them.
        return { ...placed, placementSettled: false };
      }
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
        decisionAudit(tableName, application, caller, when, {
          action: 'decision.reject',
          details: {
            county: application.county,
            trade: application.trade,
            platforms: application.platforms,
            ...auditDetails,
          },
        }),
        ...(notice ? [outboxPut(tableName, notice, when)] : []),
      ];
      await decide(db, items);
    },
  };
};

const prefixKeys = (values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [`:${name}`, value]));

/** Where the person's write sits in both decision transactions (after the application, and the member). */
const PERSON_ITEM = 2;

/** Runs a decision transaction: a lost race on the application is 409 already_decided, never a 500. */
const decide = async (db: DynamoDBDocumentClient, items: unknown[], counterShard?: number): Promise<void> => {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items as never }));
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons?.[0]?.Code === 'ConditionalCheckFailed') throw new AlreadyDecided();
    // Another decision or application on the same person or application is in flight, or the person
    // changed since it was read: the caller re-reads and retries.
    if (reasons?.some((r) => r.Code === 'TransactionConflict')) {
      if (counterShard !== undefined) avoidCounterShard(counterShard);
      throw new DecisionRace();
    }
    if (reasons?.[PERSON_ITEM]?.Code === 'ConditionalCheckFailed') throw new DecisionRace();
    throw mapStorageError(error);
  }
};
