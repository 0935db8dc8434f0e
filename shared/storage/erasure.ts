/**
 * The personal data of members who left (退会), erased once their retention period is over
 * (LEFT_MEMBER_RETENTION_DAYS): run by the sweeper. What the counts need stays: trade, platforms, county,
 * the dates, the reason code and the union ids of their history.
 */
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { UnionStay } from '../domain/union';
import { mapStorageError } from './errors';
import { INDEX_PARTITIONS, memberKey } from './keys';

/** Personal fields a member who left keeps until `eraseAfter`, then loses. */
export const ERASED_WHEN_DUE = [
  'fullName',
  'phone',
  'phoneMasked',
  'idHash',
  'idNumberMasked',
  'workplace',
  'platformOther',
  'leftNote',
] as const;

export type ErasureStore = ReturnType<typeof erasureStore>;

export const erasureStore = (db: DynamoDBDocumentClient, tableName: string) => ({
  /** Erases up to `limit` members due by `now` (oldest first); the next run takes the rest. */
  async eraseDue(now: Date, limit = 200): Promise<number> {
    let erased = 0;
    try {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'byStatus',
          KeyConditionExpression: 'gsi1pk = :erase AND gsi1sk <= :now',
          ExpressionAttributeValues: {
            ':erase': INDEX_PARTITIONS.byStatus.erasure,
            ':now': `${now.toISOString()}#~`,
          },
          Limit: limit,
        }),
      );
      for (const item of Items) {
        // Transfer reasons are staff text about the person: only the union ids and dates stay.
        const history = ((item.unionHistory as UnionStay[] | undefined) ?? []).map(
          ({ reason: _reason, ...kept }) => kept,
        );
        try {
          await db.send(
            new UpdateCommand({
              TableName: tableName,
              Key: memberKey(String(item.memberId)),
              ConditionExpression: 'attribute_exists(leftAt) AND eraseAfter = :erase',
              UpdateExpression: `SET erasedAt = :now, unionHistory = :history REMOVE gsi1pk, gsi1sk, ${ERASED_WHEN_DUE.join(', ')}`,
              ExpressionAttributeValues: {
                ':erase': item.eraseAfter,
                ':now': now.toISOString(),
                ':history': history,
              },
            }),
          );
          erased += 1;
        } catch (error) {
          // Erased by an overlapping run already.
          if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
        }
      }
    } catch (error) {
      throw mapStorageError(error);
    }
    return erased;
  },
});
