/** smsSenderFromEnv: fails at once naming what is missing for the configured provider. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseTemplateIds, smsSenderFromEnv } from '../../shared/sms/config';
import type { SmsMessage } from '../../shared/sms/templates';
import { ENV } from '../../shared/wiring';

const SMS_VARIABLES = Object.values(ENV).filter((name) => name.startsWith('SMS_'));
const TEMPLATE_IDS = JSON.stringify({
  verification: 'SMS_1',
  idNumberUsed: 'SMS_2',
  alreadyMember: 'SMS_3',
  decisionApproved: 'SMS_31',
  decisionRejected: 'SMS_32',
  reviewDigest: 'SMS_33',
  overdueDigest: 'SMS_34',
});

const configure = (variables: Record<string, string>) => {
  for (const name of SMS_VARIABLES) vi.stubEnv(name, undefined);
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
};
afterEach(() => vi.unstubAllEnvs());

describe('smsSenderFromEnv', () => {
  it.each([
    [{}, /SMS_PROVIDER must be one of outbox, aws, aliyun, tencent, got ""/],
    [{ SMS_PROVIDER: 'sns' }, /got "sns"/],
    [{ SMS_PROVIDER: 'outbox' }, /missing environment variables for outbox SMS: SMS_OUTBOX_FILE$/],
    [
      { SMS_PROVIDER: 'aliyun' },
      /missing environment variables for aliyun SMS: SMS_SIGN_NAME, SMS_TEMPLATE_IDS, SMS_CREDENTIALS_SECRET_ARN$/,
    ],
    [
      {
        SMS_PROVIDER: 'tencent',
        SMS_SIGN_NAME: '总工会',
        SMS_TEMPLATE_IDS: TEMPLATE_IDS,
        SMS_CREDENTIALS_SECRET_ARN: 'arn',
      },
      /missing environment variables for tencent SMS: SMS_APP_ID$/,
    ],
    [
      {
        SMS_PROVIDER: 'aliyun',
        SMS_SIGN_NAME: '总工会',
        SMS_TEMPLATE_IDS: '{"verification":"SMS_1"}',
        SMS_CREDENTIALS_SECRET_ARN: 'arn',
      },
      /SMS_TEMPLATE_IDS has no usable id for: idNumberUsed, alreadyMember/,
    ],
  ])('refuses %j', (variables, message) => {
    configure(variables);
    expect(() => smsSenderFromEnv()).toThrow(message);
  });

  it('needs nothing for AWS (the Region and credentials come from the Lambda environment)', () => {
    configure({ SMS_PROVIDER: 'aws' });
    expect(smsSenderFromEnv().provider).toBe('aws');
  });

  it('sends through the local outbox, loading it on the first send', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sms-outbox-')), 'sms-outbox.jsonl');
    configure({ SMS_PROVIDER: 'outbox', SMS_OUTBOX_FILE: file });
    const sender = smsSenderFromEnv();
    const write = vi.spyOn(process.stdout, 'write').mockReturnValue(true);
    try {
      await sender.send({
        to: '13800138000',
        template: 'idNumberUsed',
        params: {},
        locale: 'zh-CN',
      } as SmsMessage);
    } finally {
      write.mockRestore();
    }
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      to: '13800138000',
      template: 'idNumberUsed',
    });
  });
});

describe('parseTemplateIds', () => {
  it('accepts one id per template, or one per language with zh-CN as the fallback', () => {
    const ids = {
      verification: { 'zh-CN': 'SMS_1', en: 'SMS_2' },
      idNumberUsed: 'SMS_3',
      alreadyMember: { 'zh-CN': 'SMS_4' },
      decisionApproved: 'SMS_41',
      decisionRejected: 'SMS_42',
      reviewDigest: 'SMS_43',
      overdueDigest: 'SMS_44',
    };
    expect(parseTemplateIds(JSON.stringify(ids))).toEqual(ids);
  });

  it.each([
    ['not JSON', 'SMS_1', /is not JSON/],
    ['an array', '["SMS_1"]', /must be a JSON object/],
    [
      'a language map without zh-CN',
      '{"verification":{"en":"SMS_2"},"idNumberUsed":"SMS_3","alreadyMember":"SMS_4","decisionApproved":"SMS_41","decisionRejected":"SMS_42","reviewDigest":"SMS_43","overdueDigest":"SMS_44"}',
      /no usable id for: verification/,
    ],
    [
      'an empty id',
      '{"verification":"","idNumberUsed":"SMS_3","alreadyMember":"SMS_4","decisionApproved":"SMS_41","decisionRejected":"SMS_42","reviewDigest":"SMS_43","overdueDigest":"SMS_44"}',
      /no usable id for: verification/,
    ],
  ])('refuses %s', (_, json, message) => {
    expect(() => parseTemplateIds(json)).toThrow(message);
  });
});
