/**
 * Phone verifications (docs/architecture.md §7) on the single table. Receives its DocumentClient. The phone's hash is
 * stored as `boundPhoneHash`, not `phoneHash`: the byPhone index is for people's records only.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  MAX_CODE_ATTEMPTS,
  VERIFICATION_RETENTION_SECONDS,
  type VerificationRecord,
} from '../domain/verification';
import { TABLE } from '../runtime-wiring';
import { mapStorageError } from './errors';
import { verificationKey } from './keys';

/** What spending a code checks again inside the application's transaction (it was read just before). */
export interface CodeSpend {
  verificationId: string;
  phoneHash: string;
  codeHash: string;
  applicationId: string;
  at: Date;
}

/** The transaction item that spends a code on an application, conditional on it still being usable. */
export const spendCodeItem = (tableName: string, spend: CodeSpend) => ({
  Update: {
    TableName: tableName,
    Key: verificationKey(spend.verificationId),
    UpdateExpression: 'SET spentBy = :applicationId, spentAt = :at',
    ConditionExpression:
      'attribute_exists(pk) AND attribute_not_exists(spentBy) AND codeHash = :codeHash AND boundPhoneHash = :phoneHash AND attempts < :max AND validUntil > :at',
    ExpressionAttributeValues: {
      ':applicationId': spend.applicationId,
      ':at': spend.at.toISOString(),
      ':codeHash': spend.codeHash,
      ':phoneHash': spend.phoneHash,
      ':max': MAX_CODE_ATTEMPTS,
    },
  },
});

export type VerificationStore = ReturnType<typeof verificationStore>;

/** The Put that stores a new verification (its id must be new). */
const verificationPut = (tableName: string, record: VerificationRecord) => ({
  TableName: tableName,
  Item: {
    ...verificationKey(record.verificationId),
    entity: 'verification',
    verificationId: record.verificationId,
    boundPhoneHash: record.phoneHash,
    codeHash: record.codeHash,
    createdAt: record.createdAt,
    validUntil: record.validUntil,
    attempts: record.attempts,
    [TABLE.ttlAttribute]: Math.floor(Date.parse(record.createdAt) / 1000) + VERIFICATION_RETENTION_SECONDS,
  },
  ConditionExpression: 'attribute_not_exists(pk)',
});

export const verificationStore = (db: DynamoDBDocumentClient, tableName: string) => ({
  async create(record: VerificationRecord): Promise<void> {
    try {
      await db.send(new PutCommand(verificationPut(tableName, record)));
    } catch (error) {
      throw mapStorageError(error);
    }
  },

  /** The same write as a transaction item, for the request's limits to be counted with it (storage/limits.ts). */
  createItem(record: VerificationRecord) {
    return { Put: verificationPut(tableName, record) };
  },

  async get(verificationId: string): Promise<VerificationRecord | undefined> {
    try {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: verificationKey(verificationId), ConsistentRead: true }),
      );
      if (Item?.entity !== 'verification') return undefined;
      return {
        verificationId: Item.verificationId,
        phoneHash: Item.boundPhoneHash,
        codeHash: Item.codeHash,
        createdAt: Item.createdAt,
        validUntil: Item.validUntil,
        attempts: Number(Item.attempts ?? 0),
        ...(Item.spentBy ? { spentBy: Item.spentBy } : {}),
      };
    } catch (error) {
      throw mapStorageError(error);
    }
  },

  /** Counts a wrong code. Never past the limit: once tries run out the code is dead anyway. */
  async recordWrongAttempt(verificationId: string): Promise<void> {
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: verificationKey(verificationId),
          UpdateExpression: 'ADD attempts :one',
          ConditionExpression: 'attribute_exists(pk) AND attempts < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': MAX_CODE_ATTEMPTS },
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return;
      throw mapStorageError(error);
    }
  },
});
