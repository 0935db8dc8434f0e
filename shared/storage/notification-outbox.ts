/**
 * Notifications waiting to be queued (the transactional outbox). A decision writes its SMS here in the
 * decision's own transaction, so the SMS can never be lost once the decision stands, and a queue that is
 * down can never block or undo a decision. Right after the commit the review function queues it and
 * removes it; whatever is left (the queue was down, the function stopped) the sweeper queues later.
 * Queuing twice is harmless: notify sends each dedupe key at most once. No phone number here: the
 * message names its recipient by record.
 */
import { DeleteCommand, type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { NotificationMessage } from '../queue/notifications';
import { mapStorageError } from './errors';
import { notificationOutboxKey, PARTITIONS } from './keys';

export interface WaitingNotification {
  key: { pk: string; sk: string };
  message: NotificationMessage;
}

/** The transaction item that puts `message` in the outbox (part of the change it tells about). */
export const outboxPut = (tableName: string, message: NotificationMessage, at: string) => ({
  Put: {
    TableName: tableName,
    Item: {
      ...notificationOutboxKey(at, message.dedupeKey),
      entity: 'notification-outbox',
      writtenAt: at,
      message,
    },
  },
});

export type NotificationOutboxStore = ReturnType<typeof notificationOutboxStore>;

export const notificationOutboxStore = (db: DynamoDBDocumentClient, tableName: string) => ({
  /** Once the notifications queue has the message. */
  async remove(at: string, dedupeKey: string): Promise<void> {
    try {
      await db.send(new DeleteCommand({ TableName: tableName, Key: notificationOutboxKey(at, dedupeKey) }));
    } catch (error) {
      throw mapStorageError(error);
    }
  },

  /** Messages written before `cutoff`, oldest first. */
  async *waitingBefore(cutoff: Date): AsyncGenerator<WaitingNotification> {
    try {
      for await (const page of paginateQuery(
        { client: db },
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :outbox AND sk < :cutoff',
          ExpressionAttributeValues: {
            ':outbox': PARTITIONS.notificationOutbox,
            ':cutoff': cutoff.toISOString(),
          },
          ConsistentRead: true,
        },
      )) {
        for (const item of page.Items ?? []) {
          yield {
            key: { pk: String(item.pk), sk: String(item.sk) },
            message: item.message as NotificationMessage,
          };
        }
      }
    } catch (error) {
      throw mapStorageError(error);
    }
  },

  async removeKey(key: { pk: string; sk: string }): Promise<void> {
    try {
      await db.send(new DeleteCommand({ TableName: tableName, Key: key }));
    } catch (error) {
      throw mapStorageError(error);
    }
  },
});
