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
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { maskPhone } from '../../shared/domain/phone';
import {
  type NotificationMessage,
  parseNotificationMessage,
  type SmsOutcome,
} from '../../shared/queue/notifications';
import { count, METRIC } from '../../shared/runtime/metrics';
import { observe } from '../../shared/runtime/observability';
import { MAX_RECEIVE_COUNT } from '../../shared/runtime-wiring';
import { SmsFailed, type SmsSender } from '../../shared/sms/sender';
import { fitParams, type SmsMessage } from '../../shared/sms/templates';
import type { RecipientStore } from '../../shared/storage/recipients';

/** How long a sent key is remembered: longer than any message can live in the queue (4 days). */
const REMEMBER_SENT_SECONDS = 7 * 24 * 3600;

export interface NotifyDeps {
  recipients: RecipientStore;
  sms: SmsSender;
  persistence: BasePersistenceLayer;
  logger: Logger;
  metrics?: Metrics;
  now?: () => Date;
}

export type NotificationOutcome = 'sent' | 'no_recipient' | 'refused';

export const createNotifyHandler = (deps: NotifyDeps) => {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'dedupeKey',
    expiresAfterSeconds: REMEMBER_SENT_SECONDS,
  });

  /**
   * A tracked message's outcome on its application, for staff. Never thrown: failing to record must not
   * make a sent SMS look unsent (it would be sent again).
   */
  const record = async (message: NotificationMessage, outcome: Omit<SmsOutcome, 'template' | 'at'>) => {
    if (!message.deliveryOn) return;
    try {
      await deps.recipients.recordOutcome(message.deliveryOn.applicationId, {
        template: message.template,
        at: (deps.now?.() ?? new Date()).toISOString(),
        ...outcome,
      });
    } catch (error) {
      deps.logger.warn('could not record how the SMS went', {
        template: message.template,
        applicationId: message.deliveryOn.applicationId,
        errorName: error instanceof Error ? error.name : 'unknown',
      });
    }
  };

  const sendNotification = async (message: NotificationMessage): Promise<NotificationOutcome> => {
    const recipient = await deps.recipients.find(message.recipient);
    if (!recipient) {
      deps.logger.warn('notification has no recipient any more', { template: message.template });
      await record(message, { state: 'failed', reason: 'no_recipient' });
      count(deps.metrics, METRIC.smsWithoutRecipient);
      return 'no_recipient';
    }
    try {
      await deps.sms.send({
        to: recipient.phone,
        template: message.template,
        params: fitParams(message.template, message.params ?? {}),
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
        await record(message, {
          state: 'failed',
          reason: 'refused',
          ...(error.providerCode ? { providerCode: error.providerCode } : {}),
        });
        count(deps.metrics, METRIC.smsRefused);
        return 'refused';
      }
      throw error;
    }
    deps.logger.info('SMS sent', { template: message.template, phoneMasked: maskPhone(recipient.phone) });
    await record(message, { state: 'sent' });
    count(deps.metrics, METRIC.smsSent);
    return 'sent';
  };

  const sendOnce = makeIdempotent(sendNotification, { persistenceStore: deps.persistence, config });
  /**
   * A tracked message failing on its last delivery before the dead-letter queue is recorded as failed
   * (staff see it); a redrive that then sends it records it as sent.
   */
  const sendRecord = async (sqsRecord: SQSRecord) => {
    const message = parseNotificationMessage(sqsRecord.body);
    try {
      await sendOnce(message);
    } catch (error) {
      const received = Number(sqsRecord.attributes?.ApproximateReceiveCount ?? 1);
      if (received >= MAX_RECEIVE_COUNT.notifications) {
        deps.logger.error('SMS still failing; going to the dead-letter queue', {
          template: message.template,
        });
        count(deps.metrics, METRIC.smsDeadLettered);
        await record(message, {
          state: 'failed',
          reason: 'provider_unavailable',
          ...(error instanceof SmsFailed && error.providerCode ? { providerCode: error.providerCode } : {}),
        });
      }
      throw error;
    }
  };

  return middy<SQSEvent, SQSBatchResponse>()
    .use(observe(deps))
    .handler((event, context) => {
      config.registerLambdaContext(context);
      return processPartialResponse(event, sendRecord, new BatchProcessor(EventType.SQS), { context });
    });
};
