import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { succeededMessages } from '../../local/sqs-poller';

const record = (messageId: string): SQSRecord => ({
  messageId,
  receiptHandle: `rh-${messageId}`,
  body: JSON.stringify({ applicationId: messageId }),
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '0',
    SenderId: '000000000000',
    ApproximateFirstReceiveTimestamp: '0',
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:review',
  awsRegion: 'us-east-1',
});
const batch = [record('m1'), record('m2'), record('m3')];
const ids = (records: SQSRecord[]) => records.map((r) => r.messageId);
const failures = (...itemIdentifiers: string[]) => ({
  batchItemFailures: itemIdentifiers.map((itemIdentifier) => ({ itemIdentifier })),
});

/** Lambda's SQS event-source mapping rules for partial batch responses (ReportBatchItemFailures). */
describe('succeededMessages: which messages the local poller deletes', () => {
  it.each<[string, Parameters<typeof succeededMessages>[1], string[]]>([
    ['the handler threw: none', { threw: true }, []],
    ['the handler threw despite a response: none', { threw: true, response: failures() }, []],
    ['no response (void): all', { threw: false }, ['m1', 'm2', 'm3']],
    ['an empty batchItemFailures list: all', { threw: false, response: failures() }, ['m1', 'm2', 'm3']],
    ['one failure: the other two', { threw: false, response: failures('m2') }, ['m1', 'm3']],
    ['two failures: the remaining one', { threw: false, response: failures('m1', 'm3') }, ['m2']],
    ['every message failed: none', { threw: false, response: failures('m1', 'm2', 'm3') }, []],
  ])('%s', (_case, outcome, expected) => {
    expect(ids(succeededMessages(batch, outcome))).toEqual(expected);
  });

  it('keeps the order of the batch', () => {
    expect(ids(succeededMessages([record('b'), record('a'), record('c')], { threw: false }))).toEqual([
      'b',
      'a',
      'c',
    ]);
  });

  // AWS: "Lambda treats a batch as a complete failure if your function returns … an empty string itemIdentifier,
  // a null itemIdentifier, … an itemIdentifier value with a message ID that doesn't exist" (Lambda developer guide,
  // SQS, "Success and failure conditions"): the local poller then deletes nothing.
  it.each<[string, Parameters<typeof succeededMessages>[1]]>([
    ['an itemIdentifier not in the batch', { threw: false, response: failures('m9') }],
    ['an empty itemIdentifier', { threw: false, response: failures('') }],
  ])('%s fails the whole batch (none deleted)', (_case, outcome) => {
    expect(ids(succeededMessages(batch, outcome))).toEqual([]);
  });
});
