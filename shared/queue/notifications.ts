/**
 * The notifications queue: SMS the product sends after the fact (docs/architecture.md §7), so sending never
 * slows or changes an answer. A message names its recipient by record, never by phone number: the
 * notify function looks the phone up when it sends, from the one place that holds it.
 */

import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ApplicationRecord } from '../domain/application';
import { SMS_TEMPLATE_NAMES, type SmsTemplateName } from '../sms/templates';

export type NotificationRecipient = { memberId: string } | { applicationId: string } | { staffId: string };

export interface NotificationMessage {
  template: SmsTemplateName;
  /** Whose phone: a member's, an application's (while it still holds one, else its member's), staff's. */
  recipient: NotificationRecipient;
  /** Template parameters that are not the recipient's own record. */
  params?: Record<string, string>;
  /** The same key is sent at most once, however often the message is delivered or sent again. */
  dedupeKey: string;
  /**
   * Where notify records how sending went (`smsOutcome` on that application: sent, or failed and why),
   * so staff see an applicant who was not told. Set for the decision messages.
   */
  deliveryOn?: { applicationId: string };
}

/** How sending a tracked notification went, as notify records it on the application (`smsOutcome`). */
export type SmsOutcome = NonNullable<ApplicationRecord['smsOutcome']>;

const isStringRecord = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' &&
  value !== null &&
  Object.values(value).every((entry) => typeof entry === 'string');

export const parseNotificationMessage = (body: string): NotificationMessage => {
  const parsed = JSON.parse(body) as Partial<NotificationMessage> | null;
  const recipient = parsed?.recipient as Record<string, unknown> | undefined;
  const validRecipient =
    isStringRecord(recipient) &&
    Object.keys(recipient).length === 1 &&
    (typeof recipient.memberId === 'string' ||
      typeof recipient.applicationId === 'string' ||
      typeof recipient.staffId === 'string');
  if (
    !parsed ||
    !SMS_TEMPLATE_NAMES.includes(parsed.template as SmsTemplateName) ||
    !validRecipient ||
    typeof parsed.dedupeKey !== 'string' ||
    (parsed.params !== undefined && !isStringRecord(parsed.params)) ||
    (parsed.deliveryOn !== undefined &&
      (!isStringRecord(parsed.deliveryOn) || typeof parsed.deliveryOn.applicationId !== 'string'))
  ) {
    throw new Error('malformed notification message');
  }
  return parsed as NotificationMessage;
};

export type NotificationQueue = ReturnType<typeof notificationQueue>;

export const notificationQueue = (sqs: SQSClient, queueUrl: string) => ({
  async send(message: NotificationMessage): Promise<void> {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
  },
});

/** The applicant's SMS about a decision: one per application (a decision is final), recorded on it. */
export const decisionNotification = (
  applicationId: string,
  decision: { status: 'approved'; memberId: string } | { status: 'rejected'; reason: string },
): NotificationMessage => ({
  ...(decision.status === 'approved'
    ? { template: 'decisionApproved', params: { memberId: decision.memberId } }
    : { template: 'decisionRejected', params: { reason: decision.reason } }),
  recipient: { applicationId },
  dedupeKey: `decision:${applicationId}`,
  deliveryOn: { applicationId },
});
