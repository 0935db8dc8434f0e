import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local/lambda-context';
import { QUEUES } from '../../shared/wiring';
import { validApplicationBody } from '../support/applications';
import { sqsEvent } from '../support/events';
import { createHarness, eventually, type Harness } from './support/harness';
import { newPerson } from './support/people';

const context = () => lambdaContext('screening', 20);

describe('screening consumer', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness();
  });
  afterAll(() => harness.close());

  const submitted = async (overrides = {}) => {
    const response = await harness.submit(validApplicationBody({ ...newPerson(), ...overrides }));
    expect(response.statusCode).toBe(202);
    return String(response.body.applicationId);
  };

  it('moves submitted → pending_review, and a redelivered message changes nothing', async () => {
    const applicationId = await submitted();
    const message = JSON.stringify({ applicationId });
    const first = await harness.screening(sqsEvent([message]), context());
    expect(first.batchItemFailures).toEqual([]);
    const screened = await harness.store.get(applicationId);
    expect(screened).toMatchObject({ status: 'pending_review', flags: [] });
    expect(screened?.screenedAt).toBeDefined();

    const again = await harness.screening(sqsEvent([message, message]), context());
    expect(again.batchItemFailures).toEqual([]);
    expect(await harness.store.get(applicationId)).toEqual(screened);
  });

  it("flags phone_reused when the phone belongs to another person's application", async () => {
    const shared = newPerson().phone;
    const first = await submitted({ phone: shared });
    const second = await submitted({ phone: shared });
    const loner = await submitted();
    await harness.screening(
      sqsEvent([first, second, loner].map((applicationId) => JSON.stringify({ applicationId }))),
      context(),
    );
    expect((await harness.store.get(first))?.flags).toEqual(['phone_reused']);
    expect((await harness.store.get(second))?.flags).toEqual(['phone_reused']);
    expect((await harness.store.get(loner))?.flags).toEqual([]);
  });

  it('reports only the poison records as batch item failures; the good one is screened', async () => {
    const good = await submitted();
    const event = sqsEvent([
      'not json',
      JSON.stringify({ applicationId: 'A000000-NOTHERE0' }),
      JSON.stringify({ applicationId: good }),
    ]);
    const response = await harness.screening(event, context());
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      [event.Records[0]?.messageId, event.Records[1]?.messageId].sort(),
    );
    expect((await harness.store.get(good))?.status).toBe('pending_review');
  });
});

describe('screening through the queue', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness({ queue: { visibilityTimeoutSeconds: 1 } });
  });
  afterAll(() => harness.close());

  it(`sends a poison message to the DLQ after ${QUEUES.review.maxReceiveCount} receives without blocking its batch`, async () => {
    harness.startPoller();
    await harness.sqs.send(
      new SendMessageCommand({ QueueUrl: harness.queue.url, MessageBody: '{"applicationId": 42}' }),
    );
    const response = await harness.submit(validApplicationBody(newPerson()));
    const applicationId = String(response.body.applicationId);

    await eventually(
      () => harness.store.get(applicationId),
      (record) => record?.status === 'pending_review',
      5_000,
    );
    const dead = await eventually(
      async () =>
        (
          await harness.sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: harness.queue.deadLetterUrl,
              WaitTimeSeconds: 1,
              MessageSystemAttributeNames: ['ApproximateReceiveCount'],
            }),
          )
        ).Messages ?? [],
      (messages) => messages.length > 0,
      30_000,
    );
    expect(dead[0]?.Body).toBe('{"applicationId": 42}');
  });
});
