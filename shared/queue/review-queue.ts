/** The review queue: what intake and the sweeper send, and what screening receives. */
import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface ReviewMessage {
  applicationId: string;
}

export const parseReviewMessage = (body: string): ReviewMessage => {
  const parsed: unknown = JSON.parse(body);
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof (parsed as ReviewMessage).applicationId !== 'string'
  ) {
    throw new Error('review message without an applicationId');
  }
  return { applicationId: (parsed as ReviewMessage).applicationId };
};

export type ReviewQueue = ReturnType<typeof reviewQueue>;

export const reviewQueue = (sqs: SQSClient, queueUrl: string) => ({
  async send(message: ReviewMessage): Promise<void> {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
  },

  /** Sends in batches of ten; returns how many were accepted. Throws only when nothing could be sent. */
  async sendMany(messages: ReviewMessage[]): Promise<number> {
    let sent = 0;
    for (let start = 0; start < messages.length; start += 10) {
      const batch = messages.slice(start, start + 10);
      const result = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((message, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify(message),
          })),
        }),
      );
      sent += result.Successful?.length ?? 0;
    }
    return sent;
  },
});
