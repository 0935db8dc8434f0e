/**
 * Person items (shared/domain/person.ts): `PERSON#<keyed ID hash>`. Every write is a whole-item Put or a
 * Delete conditional on the version that was read, so concurrent intakes and decisions on one ID number
 * serialise: the loser re-reads and decides again.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
} from '@aws-sdk/lib-dynamodb';
import { noPerson, type PersonRecord } from '../domain/person';
import { mapStorageError } from './errors';
import { personKey } from './keys';

/** As read: whether an item exists, so a write knows whether to expect one. */
export interface StoredPerson extends PersonRecord {
  stored: boolean;
}

type Item = Record<string, unknown>;

/**
 * Items written before people had versions (`state: pending | member`, one application) read as that
 * one application or membership; their phone is unknown, so nobody is "the same person" as them until
 * the migration (shared/storage/migrations.ts) has rewritten them.
 */
const personFromItem = (idHash: string, item: Item | undefined): StoredPerson => {
  if (!item) return { ...noPerson(idHash), stored: false };
  if (typeof item.version !== 'number') {
    const applicationId = String(item.applicationId ?? '');
    return item.state === 'member'
      ? {
          idHash,
          version: 0,
          open: {},
          memberId: String(item.memberId ?? ''),
          memberApplicationId: applicationId,
          stored: true,
        }
      : { idHash, version: 0, open: applicationId ? { [applicationId]: '' } : {}, stored: true };
  }
  return {
    idHash,
    version: item.version,
    open: { ...((item.open as Record<string, string> | undefined) ?? {}) },
    ...(item.memberId ? { memberId: String(item.memberId) } : {}),
    ...(item.memberApplicationId ? { memberApplicationId: String(item.memberApplicationId) } : {}),
    ...(item.memberPhoneHash ? { memberPhoneHash: String(item.memberPhoneHash) } : {}),
    stored: true,
  };
};

const expectVersion = (read: StoredPerson) => {
  if (!read.stored) return { ConditionExpression: 'attribute_not_exists(pk)' };
  if (read.version === 0)
    return { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(version)' };
  return {
    ConditionExpression: 'version = :version',
    ExpressionAttributeValues: { ':version': read.version },
  };
};

/**
 * The transaction item that turns `read` into `next`: a Put of the whole new state, or a Delete when the
 * person has nothing left (no open application, no membership): a rejected applicant leaves no trace.
 */
export const personWriteItem = (tableName: string, read: StoredPerson, next: PersonRecord, at: string) => {
  const empty = Object.keys(next.open).length === 0 && !next.memberId;
  if (empty) {
    return { Delete: { TableName: tableName, Key: personKey(read.idHash), ...expectVersion(read) } };
  }
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...personKey(read.idHash),
        entity: 'person',
        idHash: read.idHash,
        version: read.version + 1,
        open: next.open,
        ...(next.memberId ? { memberId: next.memberId } : {}),
        ...(next.memberApplicationId ? { memberApplicationId: next.memberApplicationId } : {}),
        ...(next.memberPhoneHash ? { memberPhoneHash: next.memberPhoneHash } : {}),
        updatedAt: at,
      },
      ...expectVersion(read),
    },
  };
};

export type PersonStore = ReturnType<typeof personStore>;

export const personStore = (db: DynamoDBDocumentClient, tableName: string) => ({
  async get(idHash: string): Promise<StoredPerson> {
    try {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: personKey(idHash), ConsistentRead: true }),
      );
      return personFromItem(idHash, Item);
    } catch (error) {
      throw mapStorageError(error);
    }
  },

  /** Several people at once (a page of the review queue), following unprocessed keys. */
  async getMany(idHashes: string[]): Promise<Map<string, StoredPerson>> {
    const found = new Map<string, StoredPerson>();
    const unique = [...new Set(idHashes)];
    try {
      for (let start = 0; start < unique.length; start += 100) {
        let keys: Item[] | undefined = unique.slice(start, start + 100).map(personKey);
        while (keys && keys.length > 0) {
          const result: BatchGetCommandOutput = await db.send(
            new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }),
          );
          for (const item of result.Responses?.[tableName] ?? []) {
            const idHash = String(item.pk).replace(/^PERSON#/, '');
            found.set(idHash, personFromItem(idHash, item));
          }
          keys = result.UnprocessedKeys?.[tableName]?.Keys;
        }
      }
    } catch (error) {
      throw mapStorageError(error);
    }
    for (const idHash of unique) if (!found.has(idHash)) found.set(idHash, personFromItem(idHash, undefined));
    return found;
  },
});
