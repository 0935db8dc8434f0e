/**
 * The notifications queue's consumer: each message's recipient is looked up and sent its SMS, at most
 * once per `dedupeKey` (Powertools idempotency on the table: a redelivered or re-sent message finds
 * its key completed). A provider outage is thrown, so SQS delivers the message again and, after
 * maxReceiveCount, dead-letters it; a message the provider refuses for good is logged and not retried.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { maskPhone } from '../../shared/domain/phone';
import { type NotificationMessage, parseNotificationMessage } from '../../shared/queue/notifications';
import { SmsFailed, type SmsSender } from '../../shared/sms/sender';
import type { SmsMessage } from '../../shared/sms/templates';
import type { RecipientStore } from '../../shared/storage/recipients';

/** How long a sent key is remembered: longer than any message can live in the queue (4 days). */
const REMEMBER_SENT_SECONDS = 7 * 24 * 3600;

export interface NotifyDeps {
  recipients: RecipientStore;
  sms: SmsSender;
  persistence: BasePersistenceLayer;
  logger: Logger;
}

export type NotificationOutcome = 'sent' | 'no_recipient' | 'refused';

export const createNotifyHandler = (deps: NotifyDeps) => {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'dedupeKey',
    expiresAfterSeconds: REMEMBER_SENT_SECONDS,
  });

  const sendNotification = async (message: NotificationMessage): Promise<NotificationOutcome> => {
    const recipient = await deps.recipients.find(message.recipient);
    if (!recipient) {
      deps.logger.warn('notification has no recipient any more', { template: message.template });
      return 'no_recipient';
    }
    try {
      await deps.sms.send({
        to: recipient.phone,
        template: message.template,
        params: message.params ?? {},
        locale: recipient.locale,
      } as SmsMessage);
    } catch (error) {
      if (error instanceof SmsFailed && !error.retryable) {
        deps.logger.error('SMS refused by the provider; not retried', {
          template: message.template,
          phoneMasked: maskPhone(recipient.phone),
          provider: deps.sms.provider,
          providerCode: error.providerCode,
        });
        return 'refused';
      }
      throw error;
    }
    deps.logger.info('SMS sent', { template: message.template, phoneMasked: maskPhone(recipient.phone) });
    return 'sent';
  };

  const sendOnce = makeIdempotent(sendNotification, { persistenceStore: deps.persistence, config });
  const sendRecord = async (record: SQSRecord) => {
    await sendOnce(parseNotificationMessage(record.body));
  };

  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    config.registerLambdaContext(context);
    return processPartialResponse(event, sendRecord, new BatchProcessor(EventType.SQS), { context });
  };
};
