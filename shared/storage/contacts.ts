/**
 * The contact log of an application: each attempt to reach the applicant by phone (its outcome, an
 * optional note), kept under the application, summed up on it, and on the audit trail without the note.
 */
import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ApplicationRecord } from '../domain/application';
import type { Caller } from '../domain/caller';
import type { ContactEntry, ContactInput } from '../domain/contact';
import { AlreadyDecided, ServiceUnavailable } from '../domain/errors';
import { TABLE } from '../runtime-wiring';
import { auditPut } from './audit';
import { cancellationReasons, mapStorageError } from './errors';
import { applicationKey, CONTACT_SK_PREFIX, contactKey } from './keys';

/**
 * A contact log entry is kept this long after it was recorded (its note may name the applicant); the
 * audit trail keeps who logged which outcome, without the note.
 */
export const CONTACT_RETENTION_DAYS = 180;

export const contactLog = (db: DynamoDBDocumentClient, tableName: string) => ({
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
        Put: auditPut(
          tableName,
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
});
