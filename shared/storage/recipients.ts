/**
 * Who an SMS goes to, looked up when it is sent: a member's phone from the member record; an
 * application's from the application while it still holds one (before approval), else from its member;
 * a member of staff's from their roster entry's mobile contact.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Locale } from '../catalog/index';
import { contactPhone } from '../domain/staff';
import type { NotificationRecipient, SmsOutcome } from '../queue/notifications';
import { mapStorageError } from './errors';
import { applicationKey, memberKey, staffKey } from './keys';

export interface Recipient {
  phone: string;
  locale: Locale;
}

export type RecipientStore = ReturnType<typeof recipientStore>;

export const recipientStore = (db: DynamoDBDocumentClient, tableName: string) => {
  const read = async (key: { pk: string; sk: string }) => {
    try {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
      );
      return Item;
    } catch (error) {
      throw mapStorageError(error);
    }
  };
  const asRecipient = (item: Record<string, unknown> | undefined): Recipient | undefined =>
    typeof item?.phone === 'string'
      ? { phone: item.phone, locale: item.locale === 'en' ? 'en' : 'zh-CN' }
      : undefined;

  return {
    async find(recipient: NotificationRecipient): Promise<Recipient | undefined> {
      if ('staffId' in recipient) {
        // Staff: the mobile contact of an active roster entry (an e-mail contact gets no SMS).
        const entry = await read(staffKey(recipient.staffId));
        const phone = entry?.entity === 'staff' && entry.active === true ? contactPhone(entry) : undefined;
        return phone ? { phone, locale: 'zh-CN' } : undefined;
      }
      if ('memberId' in recipient) return asRecipient(await read(memberKey(recipient.memberId)));
      const application = await read(applicationKey(recipient.applicationId));
      if (application?.entity !== 'application') return undefined;
      if (typeof application.phone === 'string') return asRecipient(application);
      if (typeof application.memberId === 'string')
        return asRecipient(await read(memberKey(application.memberId)));
      return undefined;
    },

    /**
     * How a decision's SMS went, on the application (no phone number in it), so staff see it in the
     * console. A later outcome replaces an earlier one (a failure followed by a redriven success).
     */
    async recordOutcome(applicationId: string, outcome: SmsOutcome): Promise<void> {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: applicationKey(applicationId),
            UpdateExpression: 'SET smsOutcome = :outcome',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':outcome': outcome },
          }),
        );
      } catch (error) {
        if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return;
        throw mapStorageError(error);
      }
    },
  };
};
