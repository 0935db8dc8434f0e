/**
 * Sharded counters (shared/storage/keys.ts, COUNTER_SHARDS): writers move one shard's item inside their
 * transaction, readers sum every shard. A shard's own value may go below zero (a member counted in one
 * shard leaves through another); only the sums mean anything.
 */
import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { mapStorageError } from './errors';
import { COUNTER_PARTITIONS, COUNTER_SHARDS, counterKey } from './keys';

/** A shard at random. */
export const randomCounterShard = (): number => Math.floor(Math.random() * COUNTER_SHARDS);

/**
 * The shard this function instance moves counters in: one at random at start, kept while the instance
 * works, and changed to another when a transaction is refused for a conflict (`avoidCounterShard`). An
 * instance decides one item at a time, so instances that have settled on different shards never refuse
 * each other; with fewer busy instances than shards they settle within a few conflicts, where a new
 * random shard per transaction would keep meeting (bench/province-model.ts compares the two).
 */
let instanceShard = randomCounterShard();
export const counterShard = (): number => instanceShard;
/** A transaction moving counters in `shard` met another: move this instance to one of the other shards. */
export const avoidCounterShard = (shard: number): void => {
  if (shard === instanceShard)
    instanceShard = (shard + 1 + Math.floor(Math.random() * (COUNTER_SHARDS - 1))) % COUNTER_SHARDS;
};

/** A transaction item that moves the counter `sk` of `shard` by one, up or down. */
export const counterMove = (tableName: string, sk: string, shard: number, by: 1 | -1, at: string) => ({
  Update: {
    TableName: tableName,
    Key: counterKey(sk, shard),
    UpdateExpression: 'ADD members :by SET updatedAt = :at',
    ExpressionAttributeValues: { ':by': by, ':at': at },
  },
});

export interface CounterTotals {
  /** Counter sort key → the sum of its shards. */
  totals: Map<string, number>;
  /** Items read over every shard (the reports bench shows it). */
  itemsRead: number;
}

/** Every counter whose sort key starts with `prefix` (all of them by default), summed over the shards. */
export const readCounterTotals = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  prefix = '',
): Promise<CounterTotals> => {
  const totals = new Map<string, number>();
  let itemsRead = 0;
  try {
    await Promise.all(
      COUNTER_PARTITIONS.map(async (partition) => {
        for await (const page of paginateQuery(
          { client: db },
          {
            TableName: tableName,
            KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
            ExpressionAttributeValues: { ':pk': partition, ...(prefix ? { ':prefix': prefix } : {}) },
            ProjectionExpression: 'sk, members',
          },
        )) {
          for (const item of page.Items ?? []) {
            const sk = String(item.sk);
            totals.set(sk, (totals.get(sk) ?? 0) + Number(item.members ?? 0));
          }
          itemsRead += page.ScannedCount ?? page.Items?.length ?? 0;
        }
      }),
    );
  } catch (error) {
    throw mapStorageError(error);
  }
  return { totals, itemsRead };
};
