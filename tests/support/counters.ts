/** A counter's value as the reports see it: its shards (shared/storage/keys.ts) read and summed. */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { COUNTER_SHARDS, counterKey } from '../../shared/storage/keys';

export const counterTotal = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  sk: string,
): Promise<number> => {
  const shards = await Promise.all(
    Array.from({ length: COUNTER_SHARDS }, async (_, shard) => {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: counterKey(sk, shard), ConsistentRead: true }),
      );
      return Number(Item?.members ?? 0);
    }),
  );
  return shards.reduce((sum, value) => sum + value, 0);
};
