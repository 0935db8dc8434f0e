/** Application storage on the single table. Receives its DocumentClient; no clients are created here. */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ApplicationFlag, ApplicationRecord, ApplicationStatus } from '../domain/application';
import type { LimitRule } from '../domain/limits';
import type { PersonRecord } from '../domain/person';
import { TABLE } from '../runtime-wiring';
import { cancellationReasons, mapStorageError } from './errors';
import { applicationKey, idempotencyKey, statusIndexKeys, statusPartition } from './keys';
import { limitItems } from './limits';
import { personWriteItem, type StoredPerson } from './people';
import { type CodeSpend, spendCodeItem } from './verifications';

export interface IdempotencyRecord {
  /** Keyed hash of the validated input (shared/privacy/hashing.ts). */
  inputMac: string;
  applicationId: string;
  submittedAt: string;
  status: ApplicationStatus;
}

export interface IdempotencyClaim extends IdempotencyRecord {
  key: string;
  expiresAtEpochSeconds: number;
}

/** Thrown when the generated application id already exists (astronomically rare): retry with a new id. */
export class ApplicationIdTaken extends Error {}
/** Another request with the same Idempotency-Key won the race: read its record and replay. */
export class IdempotencyRace extends Error {}
/** The person changed since intake read them (a concurrent application or decision): read again. */
export class PersonChanged extends Error {}
/** The code is no longer usable (spent by a concurrent request, or expired just now): read it again to say why. */
export class CodeNotSpendable extends Error {}

const guard = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    throw mapStorageError(error);
  }
};

const idempotencyPut = (tableName: string, claim: IdempotencyClaim, nowSeconds: number) => ({
  Put: {
    TableName: tableName,
    Item: {
      ...idempotencyKey(claim.key),
      entity: 'idempotency',
      inputMac: claim.inputMac,
      applicationId: claim.applicationId,
      submittedAt: claim.submittedAt,
      status: claim.status,
      [TABLE.ttlAttribute]: claim.expiresAtEpochSeconds,
    },
    // An expired claim, or one written before fingerprints were keyed (no inputMac), may be replaced.
    ConditionExpression: 'attribute_not_exists(pk) OR #expires < :now OR attribute_not_exists(inputMac)',
    ExpressionAttributeNames: { '#expires': TABLE.ttlAttribute },
    ExpressionAttributeValues: { ':now': nowSeconds },
  },
});

export type ApplicationStore = ReturnType<typeof applicationStore>;

export const applicationStore = (db: DynamoDBDocumentClient, tableName: string) => ({
  /**
   * Stores a new application in one transaction with the person's new state, the spending of the SMS
   * code that proved the phone and, when given, the Idempotency-Key claim.
   */
  async create(
    record: ApplicationRecord,
    person: { read: StoredPerson; next: PersonRecord },
    code: CodeSpend,
    idempotency?: IdempotencyClaim,
    limits?: { rules: readonly LimitRule[]; subject: string },
  ): Promise<void> {
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
      personWriteItem(tableName, person.read, person.next, record.submittedAt),
      spendCodeItem(tableName, code),
      ...(idempotency ? [idempotencyPut(tableName, idempotency, nowSeconds)] : []),
    ];
    const limitsAt = items.length;
    const counted = limits && limitItems(tableName, limits.rules, limits.subject, code.at);
    try {
      await db.send(
        new TransactWriteCommand({ TransactItems: [...items, ...(counted?.items ?? [])] as never }),
      );
    } catch (error) {
      const refused = counted?.refusal(error, limitsAt);
      if (refused) throw refused;
      const reasons = cancellationReasons(error);
      const failed = (index: number) => reasons?.[index]?.Code === 'ConditionalCheckFailed';
      if (failed(3)) throw new IdempotencyRace();
      if (failed(2)) throw new CodeNotSpendable();
      // Another application by the same ID number changed the person first, or is doing so right now.
      if (failed(1) || reasons?.[1]?.Code === 'TransactionConflict') throw new PersonChanged();
      if (failed(0)) throw new ApplicationIdTaken();
      throw mapStorageError(error);
    }
  },

  /**
   * The same person applying again (same ID number, same proven phone): nothing new is stored but the
   * spent code and, when given, the Idempotency-Key claim naming their existing application.
   */
  async recordRepeat(code: CodeSpend, idempotency?: IdempotencyClaim): Promise<void> {
    const nowSeconds = Math.floor(code.at.getTime() / 1000);
    const items = [
      spendCodeItem(tableName, code),
      ...(idempotency ? [idempotencyPut(tableName, idempotency, nowSeconds)] : []),
    ];
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items as never }));
    } catch (error) {
      const failed = (index: number) =>
        cancellationReasons(error)?.[index]?.Code === 'ConditionalCheckFailed';
      if (failed(1)) throw new IdempotencyRace();
      if (failed(0)) throw new CodeNotSpendable();
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
    // A claim from before fingerprints were keyed cannot be compared: as if there were none.
    if (typeof Item.inputMac !== 'string') return undefined;
    return {
      inputMac: Item.inputMac,
      applicationId: Item.applicationId,
      submittedAt: Item.submittedAt,
      status: Item.status ?? 'submitted',
    };
  },

  /**
   * submitted → pending_review with `flags` (screening's findings). Returns false when the application had
   * already moved on (a redelivery).
   */
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
        // People's records only (applications and members carry an idHash), and not rejected ones.
        const others = page.Items?.filter(
          (item) => typeof item.idHash === 'string' && item.idHash !== idHash,
        );
        if (others?.some((item) => item.status !== 'rejected')) return true;
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
        ExpressionAttributeValues: {
          ':status': statusPartition('submitted'),
          ':cutoff': cutoff.toISOString(),
        },
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

  /** Every application waiting for a decision, city-wide, oldest first: id, county and submission only. */
  async *pendingReview(): AsyncGenerator<{ applicationId: string; county: string; submittedAt: string }> {
    const pages = paginateQuery(
      { client: db },
      {
        TableName: tableName,
        IndexName: 'byStatus',
        KeyConditionExpression: 'gsi1pk = :status',
        ExpressionAttributeValues: { ':status': statusPartition('pending_review') },
        ProjectionExpression: 'applicationId, county, submittedAt',
      },
    );
    try {
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          yield {
            applicationId: String(item.applicationId),
            county: String(item.county),
            submittedAt: String(item.submittedAt),
          };
        }
      }
    } catch (error) {
      throw mapStorageError(error);
    }
  },
});

const prefixKeys = (values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [`:${name}`, value]));
