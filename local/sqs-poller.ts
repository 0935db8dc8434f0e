/**
 * Lambda's SQS event-source mapping, locally: receive batches, invoke the consumer with a real SQS
 * event, delete only the records that succeeded (honouring `batchItemFailures`), leave the rest to
 * reappear after the visibility timeout; the queue's redrive policy moves them to the DLQ after
 * maxReceiveCount receives.
 */
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { QueueConsumerDeclaration } from '../shared/wiring';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  consumer: QueueConsumerDeclaration;
  handler: SqsHandler;
  context: () => Context;
  onError?: (error: unknown) => void;
}

const toRecord = (message: Message, queueArn: string): SQSRecord => ({
  messageId: message.MessageId ?? '',
  receiptHandle: message.ReceiptHandle ?? '',
  body: message.Body ?? '',
  attributes: {
    ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
    SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
    SenderId: message.Attributes?.SenderId ?? '000000000000',
    ApproximateFirstReceiveTimestamp:
      message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  },
  messageAttributes: {},
  md5OfBody: message.MD5OfBody ?? '',
  eventSource: 'aws:sqs',
  eventSourceARN: queueArn,
  awsRegion: queueArn.split(':')[3] ?? 'us-east-1',
});

/** Which messages to delete: all of them unless the handler threw or named failures. */
export const succeededMessages = (
  records: SQSRecord[],
  outcome: { response?: SQSBatchResponse | undefined; threw: boolean },
): SQSRecord[] => {
  if (outcome.threw) return [];
  const known = new Set(records.map((record) => record.messageId));
  const failed = new Set((outcome.response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
  // Lambda treats a failure naming no message of the batch as a failure of the whole batch.
  if ([...failed].some((id) => !id || !known.has(id))) return [];
  return records.filter((record) => !failed.has(record.messageId));
};

export interface Poller {
  stop(): Promise<void>;
}

export const startSqsPoller = (options: PollerOptions): Poller => {
  const { sqs, queueUrl, queueArn, consumer, handler } = options;
  const controller = new AbortController();
  let running = true;

  const pollOnce = async (): Promise<void> => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: consumer.batchSize,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['All'],
      }),
      { abortSignal: controller.signal },
    );
    if (Messages.length === 0) return;
    const records = Messages.map((message) => toRecord(message, queueArn));
    let response: SQSBatchResponse | undefined;
    let threw = false;
    try {
      response = await handler({ Records: records }, options.context());
    } catch {
      threw = true;
    }
    const done = succeededMessages(records, { response, threw });
    if (done.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
        }),
      );
    }
  };

  const loop = async (): Promise<void> => {
    while (running) {
      try {
        await pollOnce();
      } catch (error) {
        if (!running) return;
        options.onError?.(error);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  };

  const workers = Array.from({ length: consumer.maxConcurrency }, () => loop());
  return {
    stop: async () => {
      running = false;
      controller.abort();
      await Promise.allSettled(workers);
    },
  };
};
