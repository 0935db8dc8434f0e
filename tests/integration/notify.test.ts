/**
 * The notify function on its own, as the notifications queue delivers to it: the phone is looked up
 * when the SMS is sent — an application's while it holds one, else its member's — and a provider outage
 * leaves the message to be delivered again (Powertools releases its key), sent once when the provider is
 * back. These are the paths on which notify reads applications and deletes an in-progress record, so
 * they prove those grants too (the harness checks every call against notify's grants).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local/lambda-context';
import { outboxSender } from '../../shared/sms/outbox';
import { SmsFailed, type SmsSender } from '../../shared/sms/sender';
import { applicationKey, memberKey, NOTIFICATIONS_SENT_PARTITION } from '../../shared/storage/keys';
import { sqsEvent } from '../support/events';
import { outboxReader } from '../support/sms-outbox';
import { createHarness, type Harness } from './support/harness';

const outboxFile = join(mkdtempSync(join(tmpdir(), 'notify-')), 'sms-outbox.jsonl');
const outbox = outboxReader(outboxFile);
const toOutbox = outboxSender(outboxFile, () => undefined);
let providerDown = false;
/** The outbox, unless the provider is down (an outage: retryable). */
const sms: SmsSender = {
  provider: 'outbox',
  async send(message) {
    if (providerDown) throw new SmsFailed('provider down (test)', true, 'ServiceUnavailable');
    await toOutbox.send(message);
  },
};

let harness: Harness;
beforeAll(async () => {
  harness = await createHarness({ sms });
});
afterAll(() => harness.close());

const put = (item: Record<string, unknown>) =>
  harness.db.send(new PutCommand({ TableName: harness.tableName, Item: item }));

const deliver = async (...messages: object[]) =>
  (await harness.notify(
    sqsEvent(messages.map((message) => JSON.stringify(message))),
    lambdaContext('notify', 20),
  )) as SQSBatchResponse;

const sentTo = (phone: string) => outbox.all().filter((entry) => entry.to === phone);

describe('notify', () => {
  it("sends to an application's phone while it holds one, in the application's language", async () => {
    await put({
      ...applicationKey('A261201-NOTIFY01'),
      entity: 'application',
      applicationId: 'A261201-NOTIFY01',
      status: 'pending_review',
      phone: '13912340001',
      locale: 'en',
    });
    const response = await deliver({
      template: 'idNumberUsed',
      recipient: { applicationId: 'A261201-NOTIFY01' },
      dedupeKey: 'test:application-phone',
    });
    expect(response.batchItemFailures).toEqual([]);
    expect(sentTo('13912340001')).toEqual([
      expect.objectContaining({ template: 'idNumberUsed', locale: 'en' }),
    ]);
  });

  it("sends to the member's phone once the approved application has handed it over", async () => {
    await put({
      ...applicationKey('A261201-NOTIFY02'),
      entity: 'application',
      applicationId: 'A261201-NOTIFY02',
      status: 'approved',
      memberId: 'M261201-NOTIFY02',
    });
    await put({ ...memberKey('M261201-NOTIFY02'), entity: 'member', phone: '13912340002', locale: 'zh-CN' });
    const response = await deliver({
      template: 'alreadyMember',
      recipient: { applicationId: 'A261201-NOTIFY02' },
      params: { memberId: 'M261201-NOTIFY02' },
      dedupeKey: 'test:member-phone',
    });
    expect(response.batchItemFailures).toEqual([]);
    expect(sentTo('13912340002')).toHaveLength(1);
  });

  it('leaves a message the provider could not take to be delivered again, and sends it once when it can', async () => {
    await put({ ...memberKey('M261201-NOTIFY03'), entity: 'member', phone: '13912340003', locale: 'zh-CN' });
    const message = {
      template: 'idNumberUsed',
      recipient: { memberId: 'M261201-NOTIFY03' },
      dedupeKey: 'test:outage',
    };
    const sentRecords = async () =>
      (await harness.scan()).filter((item) => item.pk === NOTIFICATIONS_SENT_PARTITION);

    providerDown = true;
    // A batch whose every record failed is thrown whole (Powertools), so SQS delivers it all again.
    await expect(deliver(message)).rejects.toThrow(/All records failed/);
    // Its key released: the next delivery is not taken for one already in progress.
    const before = (await sentRecords()).length;

    providerDown = false;
    expect((await deliver(message)).batchItemFailures).toEqual([]);
    expect((await deliver(message)).batchItemFailures).toEqual([]);
    expect(sentTo('13912340003')).toHaveLength(1);
    expect((await sentRecords()).length).toBe(before + 1);
  });
});
