/**
 * The senders as a Lambda runs them: bundled like a function (esbuild, minified ESM with the require
 * shim, `process.env.SMS_PROVIDER` defined), loaded by Node and sending to the local fakes. Catches what
 * running the TypeScript sources cannot: a provider module or SDK that breaks once bundled.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SmsSender } from '../../shared/sms/sender';
import type { SmsMessage } from '../../shared/sms/templates';
import { ENV } from '../../shared/wiring';
import { type AliyunFake, startAliyunFake } from '../support/fakes/aliyun-sms';
import { type AwsSmsFake, startAwsSmsFake } from '../support/fakes/aws-sms';
import { type SecretsManagerFake, startSecretsManagerFake } from '../support/fakes/secrets-manager';
import { startTencentFake, type TencentFake } from '../support/fakes/tencent-sms';
import { bundleForProvider } from '../support/sms-bundle';

const SIGN_NAME = '昭通市总工会';
const TEMPLATE_IDS = JSON.stringify({
  verification: 'T1',
  idNumberUsed: 'T2',
  alreadyMember: 'T3',
  decisionApproved: 'T31',
  decisionRejected: 'T32',
  reviewDigest: 'T33',
  overdueDigest: 'T34',
});
const message = {
  to: '13912345678',
  template: 'verification',
  params: { code: '654321' },
  locale: 'zh-CN',
} as SmsMessage;

/** Bundles an entry that creates the sender at load, writes it to disk and imports it. */
const bundledSender = async (provider: 'aws' | 'aliyun' | 'tencent'): Promise<SmsSender> => {
  const code = await bundleForProvider(provider, "export { smsSenderFromEnv } from './shared/sms/config';");
  const file = join(mkdtempSync(join(tmpdir(), `sms-bundle-${provider}-`)), 'index.mjs');
  writeFileSync(file, code);
  const bundled = (await import(pathToFileURL(file).href)) as { smsSenderFromEnv: () => SmsSender };
  return bundled.smsSenderFromEnv();
};

describe('bundled senders', () => {
  let secrets: SecretsManagerFake;
  let aliyun: AliyunFake;
  let tencent: TencentFake;
  let aws: AwsSmsFake;

  beforeAll(async () => {
    [secrets, aliyun, tencent, aws] = await Promise.all([
      startSecretsManagerFake({
        aliyun: JSON.stringify({ id: 'LTAIBundled', secret: 'aliyun-bundled' }),
        tencent: JSON.stringify({ id: 'AKIDBundled', secret: 'tencent-bundled' }),
      }),
      startAliyunFake({
        accessKeyId: 'LTAIBundled',
        accessKeySecret: 'aliyun-bundled',
        signName: SIGN_NAME,
        templates: { T1: ['code'], T2: [], T3: ['memberId'] },
      }),
      startTencentFake({
        secretId: 'AKIDBundled',
        secretKey: 'tencent-bundled',
        smsSdkAppId: '1400000002',
        signName: SIGN_NAME,
        templates: { T1: 1, T2: 0, T3: 1 },
      }),
      startAwsSmsFake({ accessKeyId: 'test', secretAccessKey: 'test', region: 'ap-southeast-1' }),
    ]);
    for (const [name, value] of Object.entries({
      AWS_REGION: 'cn-north-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      [ENV.smsSignName]: SIGN_NAME,
      [ENV.smsTemplateIds]: TEMPLATE_IDS,
      [ENV.smsAppId]: '1400000002',
    })) {
      vi.stubEnv(name, value);
    }
  });
  afterEach(() => {
    vi.stubEnv(ENV.smsEndpoint, undefined);
    vi.stubEnv(ENV.smsCredentialsSecretArn, undefined);
    vi.stubEnv(ENV.smsRegion, undefined);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await Promise.all([secrets.close(), aliyun.close(), tencent.close(), aws.close()]);
  });

  it('aliyun', async () => {
    vi.stubEnv(ENV.smsProvider, 'aliyun');
    vi.stubEnv(ENV.smsCredentialsSecretArn, 'aliyun');
    vi.stubEnv(ENV.smsEndpoint, aliyun.url);
    await (await bundledSender('aliyun')).send(message);
    expect(aliyun.accepted).toEqual([
      expect.objectContaining({ TemplateCode: 'T1', TemplateParam: { code: '654321' } }),
    ]);
  });

  it('tencent', async () => {
    vi.stubEnv(ENV.smsProvider, 'tencent');
    vi.stubEnv(ENV.smsCredentialsSecretArn, 'tencent');
    vi.stubEnv(ENV.smsEndpoint, tencent.url);
    await (await bundledSender('tencent')).send(message);
    expect(tencent.accepted).toEqual([
      expect.objectContaining({ TemplateId: 'T1', TemplateParamSet: ['654321'] }),
    ]);
  });

  it('aws', async () => {
    vi.stubEnv(ENV.smsProvider, 'aws');
    vi.stubEnv(ENV.smsRegion, 'ap-southeast-1');
    vi.stubEnv(ENV.smsEndpoint, aws.url);
    await (await bundledSender('aws')).send(message);
    expect(aws.accepted).toEqual([expect.objectContaining({ DestinationPhoneNumber: '+8613912345678' })]);
  });
});
