/**
 * Limits kept as DynamoDB items with a TTL: one conditional update per rule, all in one transaction, so
 * a refused request moves no counter — and, with the items the request writes in the same transaction,
 * a request that fails moves none either. Receives its DocumentClient.
 */
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { TooManyRequests } from '../domain/errors';
import { type LimitRule, windowOf } from '../domain/limits';
import { TABLE } from '../runtime-wiring';
import { cancellationReasons, mapStorageError } from './errors';
import { limitKey } from './keys';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The conditional update that counts one request against `rule` (its window's counter, or its cooldown). */
const countItem = (
  tableName: string,
  rule: LimitRule,
  subject: string,
  now: Date,
): { item: TransactItem; end: number } => {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const { start, end } = windowOf(rule, now);
  const who = rule.subject ?? subject;
  if (rule.kind === 'cooldown') {
    return {
      end,
      item: {
        Update: {
          TableName: tableName,
          Key: limitKey(rule.name, who, 'cooldown'),
          UpdateExpression: 'SET #until = :end, #ttl = :end',
          ConditionExpression: 'attribute_not_exists(#until) OR #until <= :now',
          ExpressionAttributeNames: { '#until': 'until', '#ttl': TABLE.ttlAttribute },
          ExpressionAttributeValues: { ':end': end, ':now': nowSeconds },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        },
      },
    };
  }
  return {
    end,
    item: {
      Update: {
        TableName: tableName,
        Key: limitKey(rule.name, who, String(start)),
        UpdateExpression: 'ADD #count :one SET #ttl = :end',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'count', '#ttl': TABLE.ttlAttribute },
        ExpressionAttributeValues: { ':one': 1, ':end': end, ':limit': rule.limit },
      },
    },
  };
};

/**
 * Counting as part of another transaction: `items` go at `offset` in it; `refusal` reads the
 * cancellation reasons and gives the TooManyRequests to throw, or undefined when no rule refused.
 */
export const limitItems = (tableName: string, rules: readonly LimitRule[], subject: string, now: Date) => {
  const counts = rules.map((rule) => ({ rule, ...countItem(tableName, rule, subject, now) }));
  const nowSeconds = Math.floor(now.getTime() / 1000);
  return {
    items: counts.map(({ item }) => item),
    refusal(error: unknown, offset: number): TooManyRequests | undefined {
      const reasons = cancellationReasons(error);
      const waits = counts.flatMap(({ rule, end }, i) => {
        const reason = reasons?.[offset + i];
        if (reason?.Code !== 'ConditionalCheckFailed') return [];
        // A cooldown ends when its item says (the error carries the item as DynamoDB JSON); a window at its end.
        const until = rule.kind === 'cooldown' ? Number(reason.Item?.until?.N ?? end) : end;
        return [until - nowSeconds];
      });
      return waits.length === 0 ? undefined : new TooManyRequests(Math.max(...waits, 1));
    },
  };
};

/**
 * A write with a condition of its own that the request may fail (a challenge already spent): when its
 * condition is what cancels the transaction, `whenRefused()` is thrown, and it takes precedence over
 * the limits (nothing was counted either way).
 */
export interface GuardedWrite {
  item: TransactItem;
  whenRefused: () => Error;
}

const isGuarded = (write: TransactItem | GuardedWrite): write is GuardedWrite =>
  'whenRefused' in write && typeof write.whenRefused === 'function';

export type LimitStore = ReturnType<typeof limitStore>;

export const limitStore = (db: DynamoDBDocumentClient, tableName: string) => ({
  /**
   * Counts one request against every rule for `subject` and writes `writes` with it, all or nothing:
   * throws TooManyRequests counting none and writing nothing, or a storage error (a 503 when DynamoDB
   * throttles or conflicts) having done neither, so a request that failed never uses up a limit. A
   * guarded write whose own condition fails throws its `whenRefused()` instead, also counting none.
   */
  async consume(
    rules: readonly LimitRule[],
    subject: string,
    now: Date,
    writes: readonly (TransactItem | GuardedWrite)[] = [],
  ): Promise<void> {
    if (rules.length === 0 && writes.length === 0) return;
    const counting = limitItems(tableName, rules, subject, now);
    try {
      const written = writes.map((write) => (isGuarded(write) ? write.item : write));
      await db.send(new TransactWriteCommand({ TransactItems: [...counting.items, ...written] }));
    } catch (error) {
      const reasons = cancellationReasons(error);
      // The reasons come in the order of the items: the rules' first, then the writes'.
      const refused = writes.find(
        (write, i) =>
          isGuarded(write) && reasons?.[counting.items.length + i]?.Code === 'ConditionalCheckFailed',
      );
      if (refused && isGuarded(refused)) throw refused.whenRefused();
      throw counting.refusal(error, 0) ?? mapStorageError(error);
    }
  },
});
