/** Application storage on the single table. Receives its DocumentClient; no clients are created here. */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ApplicationFlag, ApplicationRecord } from '../domain/application';
import { AlreadyApplied } from '../domain/errors';
import { TABLE } from '../wiring';
import { cancellationReasons, mapStorageError } from './errors';
import { applicationKey, idempotencyKey, personKey, statusIndexKeys } from './keys';

export interface IdempotencyRecord {
  fingerprint: string;
  applicationId: string;
  submittedAt: string;
}

export interface IdempotencyClaim {
  key: string;
  fingerprint: string;
  expiresAtEpochSeconds: number;
}

/** Thrown when the generated application id already exists (astronomically rare): retry with a new id. */
export class ApplicationIdTaken extends Error {}
/** Another request with the same Idempotency-Key won the race: read its record and replay. */
export class IdempotencyRace extends Error {}

const guard = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    throw mapStorageError(error);
  }
};

export type ApplicationStore = ReturnType<typeof applicationStore>;

export const applicationStore = (db: DynamoDBDocumentClient, tableName: string) => ({
  /**
   * Stores a new application in one transaction with the person's lock (one pending application or
   * membership per person) and, when given, the Idempotency-Key claim.
   */
  async create(record: ApplicationRecord, idempotency?: IdempotencyClaim): Promise<void> {
    const nowSeconds = Math.floor(Date.parse(record.submittedAt) / 1000);
    const items = [
      {
        Put: {
          TableName: tableName,
          Item: {
            ...applicationKey(record.applicationId),
            ...statusIndexKeys(record, record.status),
            entity: 'application',
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: {
            ...personKey(record.idHash),
            entity: 'person',
            applicationId: record.applicationId,
            state: 'pending',
            since: record.submittedAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...(idempotency
        ? [
            {
              Put: {
                TableName: tableName,
                Item: {
                  ...idempotencyKey(idempotency.key),
                  entity: 'idempotency',
                  fingerprint: idempotency.fingerprint,
                  applicationId: record.applicationId,
                  submittedAt: record.submittedAt,
                  [TABLE.ttlAttribute]: idempotency.expiresAtEpochSeconds,
                },
                ConditionExpression: 'attribute_not_exists(pk) OR #expires < :now',
                ExpressionAttributeNames: { '#expires': TABLE.ttlAttribute },
                ExpressionAttributeValues: { ':now': nowSeconds },
              },
            },
          ]
        : []),
    ];
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[2]?.Code === 'ConditionalCheckFailed') throw new IdempotencyRace();
      if (reasons?.[1]?.Code === 'ConditionalCheckFailed') throw new AlreadyApplied();
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed') throw new ApplicationIdTaken();
      throw mapStorageError(error);
    }
  },

  async get(applicationId: string): Promise<ApplicationRecord | undefined> {
    const { Item } = await guard(() =>
      db.send(
        new GetCommand({ TableName: tableName, Key: applicationKey(applicationId), ConsistentRead: true }),
      ),
    );
    return Item?.entity === 'application' ? (Item as ApplicationRecord) : undefined;
  },

  async getIdempotency(key: string, now: Date): Promise<IdempotencyRecord | undefined> {
    const { Item } = await guard(() =>
      db.send(new GetCommand({ TableName: tableName, Key: idempotencyKey(key), ConsistentRead: true })),
    );
    if (!Item || Number(Item[TABLE.ttlAttribute]) < now.getTime() / 1000) return undefined;
    return {
      fingerprint: Item.fingerprint,
      applicationId: Item.applicationId,
      submittedAt: Item.submittedAt,
    };
  },

  /** submitted → pending_review. Returns false when the application had already moved on (a redelivery). */
  async markPendingReview(record: ApplicationRecord, flags: ApplicationFlag[], at: Date): Promise<boolean> {
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: applicationKey(record.applicationId),
          UpdateExpression:
            'SET #status = :pending, flags = :flags, screenedAt = :at, updatedAt = :at, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk',
          ConditionExpression: '#status = :submitted',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':pending': 'pending_review',
            ':submitted': 'submitted',
            ':flags': flags,
            ':at': at.toISOString(),
            ...prefixKeys(statusIndexKeys(record, 'pending_review')),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw mapStorageError(error);
    }
  },

  /** Whether anyone other than `idHash` has a live application or membership with this phone. */
  async phoneUsedByAnotherPerson(phoneHash: string, idHash: string): Promise<boolean> {
    const pages = paginateQuery(
      { client: db },
      {
        TableName: tableName,
        IndexName: 'byPhone',
        KeyConditionExpression: 'phoneHash = :phoneHash',
        ExpressionAttributeValues: { ':phoneHash': phoneHash },
      },
    );
    return guard(async () => {
      for await (const page of pages) {
        if (page.Items?.some((item) => item.idHash !== idHash && item.status !== 'rejected')) return true;
      }
      return false;
    });
  },

  /** Ids of applications still `submitted` that were accepted before `cutoff`, oldest first, every page. */
  async *submittedBefore(cutoff: Date): AsyncGenerator<string> {
    const pages = paginateQuery(
      { client: db },
      {
        TableName: tableName,
        IndexName: 'byStatus',
        KeyConditionExpression: 'gsi1pk = :status AND gsi1sk < :cutoff',
        ExpressionAttributeValues: { ':status': 'STATUS#submitted', ':cutoff': cutoff.toISOString() },
      },
    );
    try {
      for await (const page of pages) {
        for (const item of page.Items ?? []) yield item.applicationId as string;
      }
    } catch (error) {
      throw mapStorageError(error);
    }
  },
});

const prefixKeys = (values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [`:${name}`, value]));
