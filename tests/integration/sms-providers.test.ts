/**
 * Each SMS provider against a local fake that checks requests as the provider documents them
 * (tests/support/fakes): every declared template in both languages arrives exactly as documented,
 * refusals become SmsFailed with the right `retryable`, and credentials are read from their secret once.
 * The fakes' own checks are proven by sending through the providers' official SDKs too.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import * as Dysms from '@alicloud/dysmsapi20170525';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import * as $dara from '@darabonba/typescript';
import Sign from 'tencentcloud-sdk-nodejs-common/tencentcloud/common/sign';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { smsSenderFromEnv } from '../../shared/sms/config';
import { aliyunSmsSender } from '../../shared/sms/providers/aliyun';
import { acs3Authorization, canonicalQuery, sha256Hex } from '../../shared/sms/providers/aliyun-signature';
import { awsSmsSender } from '../../shared/sms/providers/aws';
import { tencentSmsSender } from '../../shared/sms/providers/tencent';
import { SmsFailed, type SmsSender, type SmsTemplateIds, templateIdFor } from '../../shared/sms/sender';
import { orderedParams, renderSms, SMS_TEMPLATES, type SmsMessage } from '../../shared/sms/templates';
import { ENV } from '../../shared/wiring';
import { type AliyunFake, startAliyunFake } from '../support/fakes/aliyun-sms';
import { type AwsSmsFake, startAwsSmsFake } from '../support/fakes/aws-sms';
import { rawRequest } from '../support/fakes/http';
import { type SecretsManagerFake, startSecretsManagerFake } from '../support/fakes/secrets-manager';
import { startTencentFake, TENCENT_SMS_HOST, type TencentFake } from '../support/fakes/tencent-sms';
import { describeMessage, sampleMessages } from '../support/sms-messages';

const SIGN_NAME = '昭通市总工会';
const MESSAGES = sampleMessages();
// SmsSender.send takes SmsMessage<all templates>, whose params type needs every template's parameters.
const verification = (to = '13912345678'): SmsMessage =>
  ({ to, template: 'verification', params: { code: '123456' }, locale: 'zh-CN' }) as SmsMessage;

/** A port on 127.0.0.1 nothing listens on. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
};

const failureOf = async (promise: Promise<unknown>): Promise<SmsFailed> => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SmsFailed);
  return error as SmsFailed;
};

/** Registrations at the provider: the declared templates, each under its configured id(s). */
const registered = <T>(ids: SmsTemplateIds, describe: (params: readonly string[]) => T): Record<string, T> =>
  Object.fromEntries(
    Object.entries(ids).flatMap(([template, entry]) =>
      (typeof entry === 'string' ? [entry] : Object.values(entry)).map((id) => [
        id,
        describe(SMS_TEMPLATES[template as keyof typeof SMS_TEMPLATES].params),
      ]),
    ),
  );

describe('Alibaba Cloud SMS (signed fetch, ACS3-HMAC-SHA256)', () => {
  const keys = { id: 'LTAI5tTestKeyId', secret: 'aliyun-test-secret' };
  const templateIds: SmsTemplateIds = {
    verification: { 'zh-CN': 'SMS_100001', en: 'SMS_100002' },
    idNumberUsed: 'SMS_100003',
    alreadyMember: 'SMS_100004',
    decisionApproved: 'SMS_1000041',
    decisionRejected: 'SMS_1000042',
    reviewDigest: 'SMS_1000043',
    overdueDigest: 'SMS_1000044',
  };
  let fake: AliyunFake;
  let sender: SmsSender;
  const senderWith = (overrides: Partial<Parameters<typeof aliyunSmsSender>[0]> = {}, now?: () => Date) =>
    aliyunSmsSender(
      { signName: SIGN_NAME, templateIds, credentials: async () => keys, endpoint: fake.url, ...overrides },
      now,
    );

  beforeAll(async () => {
    fake = await startAliyunFake({
      accessKeyId: keys.id,
      accessKeySecret: keys.secret,
      signName: SIGN_NAME,
      templates: registered(templateIds, (params) => params),
    });
    sender = senderWith();
  });
  afterAll(() => fake.close());

  it.each(MESSAGES.map((message) => [describeMessage(message), message] as const))(
    'sends %s as the SendSms request the documentation describes',
    async (_, message) => {
      const before = fake.accepted.length;
      await sender.send(message);
      expect(fake.accepted.slice(before)).toEqual([
        {
          PhoneNumbers: message.to,
          SignName: SIGN_NAME,
          TemplateCode: templateIdFor(templateIds, message),
          TemplateParam: SMS_TEMPLATES[message.template].params.length > 0 ? message.params : undefined,
          OutId: undefined,
          signedHeaders: [
            'host',
            'x-acs-action',
            'x-acs-content-sha256',
            'x-acs-date',
            'x-acs-signature-nonce',
            'x-acs-version',
          ],
        },
      ]);
    },
  );

  describe('the official SDK (@alicloud/dysmsapi20170525) against the same fake', () => {
    const sdkClient = (secret: string) =>
      new Dysms.default(
        new $OpenApiUtil.Config({
          accessKeyId: keys.id,
          accessKeySecret: secret,
          endpoint: new URL(fake.url).host,
          protocol: 'http',
        }),
      );
    const sdkSend = (secret: string) =>
      sdkClient(secret).sendSmsWithOptions(
        new Dysms.SendSmsRequest({
          phoneNumbers: '13800138000',
          signName: SIGN_NAME,
          templateCode: 'SMS_100001',
          templateParam: JSON.stringify({ code: "12 34~*'()!" }),
        }),
        new $dara.RuntimeOptions({ autoretry: false }),
      );

    it("passes the fake's checks with its default V3 signature", async () => {
      const response = await sdkSend(keys.secret);
      expect(response.body?.code).toBe('OK');
      expect(fake.accepted.at(-1)).toMatchObject({
        PhoneNumbers: '13800138000',
        TemplateParam: { code: "12 34~*'()!" },
        // The SDK also signs the credentials-provider header; the fake requires every x-acs-* header signed.
        signedHeaders: expect.arrayContaining(['x-acs-credentials-provider']),
      });
    });

    it('is refused with SignatureDoesNotMatch when signed with the wrong secret', async () => {
      await expect(sdkSend('not-the-secret')).rejects.toMatchObject({
        code: 'SignatureDoesNotMatch',
        statusCode: 400,
      });
    });
  });

  describe('refuses what the gateway refuses, with the documented codes', () => {
    /** A request signed exactly as the sender signs it, for tampering with before it is sent. */
    const signed = (overrides: { date?: string; nonce?: string } = {}) => {
      const host = new URL(fake.url).host;
      const query = { PhoneNumbers: '13800138000', SignName: SIGN_NAME, TemplateCode: 'SMS_100003' };
      const headers: Record<string, string> = {
        host,
        'x-acs-action': 'SendSms',
        'x-acs-version': '2017-05-25',
        'x-acs-date': overrides.date ?? `${new Date().toISOString().slice(0, 19)}Z`,
        'x-acs-signature-nonce': overrides.nonce ?? randomUUID(),
        'x-acs-content-sha256': sha256Hex(''),
      };
      const authorization = acs3Authorization(
        { method: 'POST', query, headers, body: '' },
        keys.id,
        keys.secret,
      );
      return { path: `/?${canonicalQuery(query)}`, headers: { ...headers, authorization } };
    };
    const send = (request: ReturnType<typeof signed>, body = '') =>
      rawRequest(fake.url, { method: 'POST', ...request, body }).then(({ status, body: text }) => ({
        status,
        code: (JSON.parse(text) as { Code: string }).Code,
      }));

    it('accepts the untampered request (the tampering tests start from a good one)', async () => {
      expect(await send(signed())).toEqual({ status: 200, code: 'OK' });
    });

    it('SignatureDoesNotMatch: a query parameter changed after signing', async () => {
      const request = signed();
      request.path = request.path.replace('SMS_100003', 'SMS_100004');
      expect(await send(request)).toEqual({ status: 400, code: 'SignatureDoesNotMatch' });
    });

    it('SignatureDoesNotMatch: a body added after signing', async () => {
      expect(await send(signed(), 'PhoneNumbers=13900000000')).toEqual({
        status: 400,
        code: 'SignatureDoesNotMatch',
      });
    });

    it('InvalidTimeStamp.Expired: x-acs-date more than 15 minutes old', async () => {
      const stale = `${new Date(Date.now() - 16 * 60_000).toISOString().slice(0, 19)}Z`;
      expect(await send(signed({ date: stale }))).toEqual({ status: 400, code: 'InvalidTimeStamp.Expired' });
    });

    it('SignatureNonceUsed: the same signed request replayed', async () => {
      const request = signed();
      expect(await send(request)).toEqual({ status: 200, code: 'OK' });
      expect(await send(request)).toEqual({ status: 400, code: 'SignatureNonceUsed' });
    });

    it('the sender with a clock 16 minutes slow gets InvalidTimeStamp.Expired, not retryable', async () => {
      const slow = senderWith({}, () => new Date(Date.now() - 16 * 60_000));
      const failure = await failureOf(slow.send(verification()));
      expect([failure.providerCode, failure.retryable]).toEqual(['InvalidTimeStamp.Expired', false]);
    });
  });

  it.each([
    ['isv.BUSINESS_LIMIT_CONTROL', 200, true],
    ['isv.DAY_LIMIT_CONTROL', 200, true],
    ['isp.SYSTEM_ERROR', 200, true],
    ['Throttling.User', 400, true],
    ['ServiceUnavailable', 503, true],
    ['isv.MOBILE_NUMBER_ILLEGAL', 200, false],
    ['isv.SMS_TEMPLATE_ILLEGAL', 200, false],
    ['isv.SMS_SIGNATURE_ILLEGAL', 200, false],
    ['isv.AMOUNT_NOT_ENOUGH', 200, false],
    ['isv.MONTH_LIMIT_CONTROL', 200, false],
    ['isp.RAM_PERMISSION_DENY', 200, false],
  ] as const)('Code %s (HTTP %i) becomes SmsFailed with retryable %s', async (code, status, retryable) => {
    fake.answerNext(code, status);
    const failure = await failureOf(sender.send(verification()));
    expect([failure.providerCode, failure.retryable]).toEqual([code, retryable]);
  });

  it('signs parameters holding RFC 3986 reserved characters as the gateway canonicalises them', async () => {
    const odd = { ...verification(), params: { code: "12 34*'()!~+" } } as SmsMessage;
    await sender.send(odd);
    expect(fake.accepted.at(-1)?.TemplateParam).toEqual({ code: "12 34*'()!~+" });
  });

  it('refuses an illegal number with isv.MOBILE_NUMBER_ILLEGAL (not retryable)', async () => {
    const failure = await failureOf(sender.send(verification('12345')));
    expect([failure.providerCode, failure.retryable]).toEqual(['isv.MOBILE_NUMBER_ILLEGAL', false]);
  });

  it('an unreachable endpoint is retryable', async () => {
    const unreachable = senderWith({ endpoint: `http://127.0.0.1:${await closedPort()}` });
    expect((await failureOf(unreachable.send(verification()))).retryable).toBe(true);
  });
});

describe('Tencent Cloud SMS (official SDK, TC3-HMAC-SHA256)', () => {
  const keys = { id: 'AKIDTencentTestSecretId', secret: 'tencent-test-secret-key' };
  const appId = '1400123456';
  const templateIds: SmsTemplateIds = {
    verification: { 'zh-CN': '2000001', en: '2000002' },
    idNumberUsed: '2000003',
    alreadyMember: '2000004',
    decisionApproved: '20000041',
    decisionRejected: '20000042',
    reviewDigest: '20000043',
    overdueDigest: '20000044',
  };
  let fake: TencentFake;
  let sender: SmsSender;
  const senderWith = (secret = keys.secret) =>
    tencentSmsSender({
      signName: SIGN_NAME,
      appId,
      templateIds,
      region: 'ap-guangzhou',
      credentials: async () => ({ id: keys.id, secret }),
      endpoint: fake.url,
    });

  beforeAll(async () => {
    fake = await startTencentFake({
      secretId: keys.id,
      secretKey: keys.secret,
      smsSdkAppId: appId,
      signName: SIGN_NAME,
      templates: registered(templateIds, (params) => params.length),
    });
    sender = senderWith();
  });
  afterAll(() => fake.close());

  it.each(MESSAGES.map((message) => [describeMessage(message), message] as const))(
    'sends %s as the SendSms request the documentation describes',
    async (_, message) => {
      const before = fake.accepted.length;
      await sender.send(message);
      expect(fake.accepted.slice(before)).toEqual([
        {
          PhoneNumberSet: [`+86${message.to}`],
          SmsSdkAppId: appId,
          SignName: SIGN_NAME,
          TemplateId: templateIdFor(templateIds, message),
          TemplateParamSet: orderedParams(message),
          region: 'ap-guangzhou',
        },
      ]);
    },
  );

  describe('refuses what the API refuses, with the documented codes', () => {
    const body = {
      PhoneNumberSet: ['+8613800138000'],
      SmsSdkAppId: appId,
      SignName: SIGN_NAME,
      TemplateId: '2000003',
      TemplateParamSet: [],
    };
    /** Headers as the SDK sends them, signed by the SDK's own signer. */
    const signed = (options: { secretKey?: string; timestamp?: number } = {}) => {
      const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = {
        host: TENCENT_SMS_HOST,
        'content-type': 'application/json',
        'x-tc-action': 'SendSms',
        'x-tc-version': '2021-01-11',
        'x-tc-region': 'ap-guangzhou',
        'x-tc-timestamp': String(timestamp),
      };
      const authorization = Sign.sign3({
        method: 'POST',
        url: `https://${TENCENT_SMS_HOST}/`,
        payload: body,
        timestamp,
        service: 'sms',
        secretId: keys.id,
        secretKey: options.secretKey ?? keys.secret,
        multipart: false,
        boundary: '',
        headers: { 'Content-Type': 'application/json' },
      });
      return { ...headers, authorization };
    };
    const send = async (headers: Record<string, string>, text = JSON.stringify(body)) => {
      const response = await rawRequest(fake.url, { method: 'POST', path: '/', headers, body: text });
      const parsed = JSON.parse(response.body) as {
        Response: { Error?: { Code: string }; SendStatusSet?: Array<{ Code: string }> };
      };
      return parsed.Response.Error?.Code ?? parsed.Response.SendStatusSet?.[0]?.Code;
    };

    it('accepts the untampered request (the tampering tests start from a good one)', async () => {
      expect(await send(signed())).toBe('Ok');
    });

    it('AuthFailure.SignatureFailure: the body changed after signing', async () => {
      expect(await send(signed(), JSON.stringify({ ...body, PhoneNumberSet: ['+8613900000000'] }))).toBe(
        'AuthFailure.SignatureFailure',
      );
    });

    it('AuthFailure.SignatureFailure: signed with the wrong SecretKey', async () => {
      expect(await send(signed({ secretKey: 'not-the-key' }))).toBe('AuthFailure.SignatureFailure');
    });

    it('AuthFailure.SignatureExpire: X-TC-Timestamp more than five minutes old', async () => {
      expect(await send(signed({ timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }))).toBe(
        'AuthFailure.SignatureExpire',
      );
    });

    it('the sender with the wrong SecretKey fails for good', async () => {
      const failure = await failureOf(senderWith('not-the-key').send(verification()));
      expect([failure.providerCode, failure.retryable]).toEqual(['AuthFailure.SignatureFailure', false]);
    });
  });

  it.each([
    ['LimitExceeded.PhoneNumberDailyLimit', 'number', true],
    ['LimitExceeded.DeliveryFrequencyLimit', 'number', true],
    ['RequestLimitExceeded', 'request', true],
    ['InternalError.Timeout', 'request', true],
    ['InternalError', 'request', true],
    ['FailedOperation.PhoneNumberInBlacklist', 'number', false],
    ['FailedOperation.InsufficientBalanceInSmsPackage', 'request', false],
    ['FailedOperation.TemplateIncorrectOrUnapproved', 'request', false],
    ['UnauthorizedOperation.SmsSdkAppIdVerifyFail', 'request', false],
  ] as const)('%s (in the %s) becomes SmsFailed with retryable %s', async (code, where, retryable) => {
    fake.answerNext(code, where);
    const failure = await failureOf(sender.send(verification()));
    expect([failure.providerCode, failure.retryable]).toEqual([code, retryable]);
  });

  it('an unreachable endpoint is retryable', async () => {
    const unreachable = tencentSmsSender({
      signName: SIGN_NAME,
      appId,
      templateIds,
      credentials: async () => keys,
      endpoint: `http://127.0.0.1:${await closedPort()}`,
    });
    expect((await failureOf(unreachable.send(verification()))).retryable).toBe(true);
  });
});

describe('AWS End User Messaging SMS (SendTextMessage, SigV4)', () => {
  const credentials = { accessKeyId: 'AKIDAWSTEST', secretAccessKey: 'aws-test-secret' };
  const region = 'ap-southeast-1';
  const originationIdentity = 'pool-0123456789abcdef0123456789abcdef';
  let fake: AwsSmsFake;
  let sender: SmsSender;
  const client = (endpoint: string, secretAccessKey = credentials.secretAccessKey) =>
    new PinpointSMSVoiceV2Client({
      endpoint,
      region,
      credentials: { ...credentials, secretAccessKey },
      maxAttempts: 1,
    });

  beforeAll(async () => {
    fake = await startAwsSmsFake({ ...credentials, region, originationIdentity });
    sender = awsSmsSender({ signName: SIGN_NAME, templateIds: {}, originationIdentity }, client(fake.url));
  });
  afterAll(() => fake.close());

  it.each(MESSAGES.map((message) => [describeMessage(message), message] as const))(
    'sends %s as the SendTextMessage request the API reference describes',
    async (_, message) => {
      const before = fake.accepted.length;
      await sender.send(message);
      expect(fake.accepted.slice(before)).toEqual([
        {
          DestinationPhoneNumber: `+86${message.to}`,
          MessageBody: `【${SIGN_NAME}】${renderSms(message)}`,
          MessageType: 'TRANSACTIONAL',
          OriginationIdentity: originationIdentity,
        },
      ]);
    },
  );

  it('a request signed with the wrong secret is refused (InvalidSignatureException) and not retryable', async () => {
    const wrong = awsSmsSender(
      { signName: SIGN_NAME, templateIds: {}, originationIdentity },
      client(fake.url, 'not-the-secret'),
    );
    const failure = await failureOf(wrong.send(verification()));
    expect([failure.providerCode, failure.retryable]).toEqual(['InvalidSignatureException', false]);
  });

  it('a body changed after signing is refused (InvalidSignatureException)', async () => {
    const tampering = client(fake.url);
    // The deserialize step runs after signing (finalizeRequest), just before the request is sent.
    tampering.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body: string | Uint8Array };
        const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
        request.body = body.replace('+8613912345678', '+8613900000000');
        return next(args);
      },
      { step: 'deserialize', name: 'tamperAfterSigning' },
    );
    const tampered = awsSmsSender({ signName: SIGN_NAME, templateIds: {}, originationIdentity }, tampering);
    const failure = await failureOf(tampered.send(verification()));
    expect([failure.providerCode, failure.retryable]).toEqual(['InvalidSignatureException', false]);
  });

  it('a request dated more than five minutes from the server clock is refused', async () => {
    const ahead = await startAwsSmsFake({
      ...credentials,
      region,
      now: () => new Date(Date.now() + 6 * 60_000),
    });
    try {
      const failure = await failureOf(
        awsSmsSender({ templateIds: {} }, client(ahead.url)).send(verification()),
      );
      expect(failure.providerCode).toBe('InvalidSignatureException');
      expect(ahead.refused).toEqual(['InvalidSignatureException']);
    } finally {
      await ahead.close();
    }
  });

  it.each([
    ['ThrottlingException', 400, true],
    ['InternalServerException', 500, true],
    ['ServiceUnavailableException', 503, true],
    ['ValidationException', 400, false],
    ['AccessDeniedException', 400, false],
    ['ResourceNotFoundException', 404, false],
    ['ServiceQuotaExceededException', 400, false],
    ['ConflictException', 400, false],
  ] as const)('%s (HTTP %i) becomes SmsFailed with retryable %s', async (type, status, retryable) => {
    fake.answerNext(type, status);
    const failure = await failureOf(sender.send(verification()));
    expect([failure.providerCode, failure.retryable]).toEqual([type, retryable]);
  });

  it('an unreachable endpoint is retryable', async () => {
    const unreachable = awsSmsSender({ templateIds: {} }, client(`http://127.0.0.1:${await closedPort()}`));
    expect((await failureOf(unreachable.send(verification()))).retryable).toBe(true);
  });
});

describe('smsSenderFromEnv, credentials from a Secrets Manager secret', () => {
  const secretArn = 'arn:aws:secretsmanager:cn-north-1:123456789012:secret:sms-credentials-AbCdEf';
  let secrets: SecretsManagerFake;
  let aliyun: AliyunFake;
  let tencent: TencentFake;
  const saved = { ...process.env };

  beforeAll(async () => {
    secrets = await startSecretsManagerFake({
      [secretArn]: JSON.stringify({ accessKeyId: 'LTAIFromSecret', accessKeySecret: 'secret-from-secret' }),
      tencent: JSON.stringify({ secretId: 'AKIDFromSecret', secretKey: 'key-from-secret' }),
    });
    aliyun = await startAliyunFake({
      accessKeyId: 'LTAIFromSecret',
      accessKeySecret: 'secret-from-secret',
      signName: SIGN_NAME,
      templates: {
        SMS_1: ['code'],
        SMS_2: [],
        SMS_3: ['memberId'],
        SMS_31: ['memberId'],
        SMS_32: ['reason'],
        SMS_33: ['dueSoon', 'overdue', 'oldest'],
        SMS_34: ['overdue', 'counties', 'oldest'],
      },
    });
    tencent = await startTencentFake({
      secretId: 'AKIDFromSecret',
      secretKey: 'key-from-secret',
      smsSdkAppId: '1400000001',
      signName: SIGN_NAME,
      templates: { '1': 1, '2': 0, '3': 1, '31': 1, '32': 1, '33': 3, '34': 3 },
    });
  });
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });
  afterAll(() => Promise.all([secrets.close(), aliyun.close(), tencent.close()]));

  const totalReads = () => [...secrets.reads.values()].reduce((sum, count) => sum + count, 0);
  const configure = (variables: Record<string, string>) =>
    Object.assign(process.env, {
      AWS_REGION: 'cn-north-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      [ENV.smsSignName]: SIGN_NAME,
      ...variables,
    });

  it('aliyun: reads the secret once for many messages, in Alibaba Cloud key names', async () => {
    configure({
      [ENV.smsProvider]: 'aliyun',
      [ENV.smsTemplateIds]: JSON.stringify({
        verification: 'SMS_1',
        idNumberUsed: 'SMS_2',
        alreadyMember: 'SMS_3',
        decisionApproved: 'SMS_31',
        decisionRejected: 'SMS_32',
        reviewDigest: 'SMS_33',
        overdueDigest: 'SMS_34',
      }),
      [ENV.smsCredentialsSecretArn]: secretArn,
      [ENV.smsEndpoint]: aliyun.url,
    });
    const sender = smsSenderFromEnv();
    expect(sender.provider).toBe('aliyun');
    for (const message of MESSAGES) await sender.send(message);
    expect(aliyun.accepted).toHaveLength(MESSAGES.length);
    expect(secrets.reads.get(secretArn)).toBe(1);
  });

  it('tencent: reads the secret once for many messages, in Tencent Cloud key names', async () => {
    configure({
      [ENV.smsProvider]: 'tencent',
      [ENV.smsTemplateIds]: JSON.stringify({
        verification: '1',
        idNumberUsed: '2',
        alreadyMember: '3',
        decisionApproved: '31',
        decisionRejected: '32',
        reviewDigest: '33',
        overdueDigest: '34',
      }),
      [ENV.smsCredentialsSecretArn]: 'tencent',
      [ENV.smsAppId]: '1400000001',
      [ENV.smsEndpoint]: tencent.url,
    });
    const sender = smsSenderFromEnv();
    for (const message of MESSAGES) await sender.send(message);
    expect(tencent.accepted).toHaveLength(MESSAGES.length);
    expect(secrets.reads.get('tencent')).toBe(1);
  });

  it("aws: signs with the environment's credentials for the configured Region, no secret involved", async () => {
    const aws = await startAwsSmsFake({
      accessKeyId: 'test',
      secretAccessKey: 'test',
      region: 'ap-southeast-1',
    });
    const readsBefore = totalReads();
    try {
      configure({
        [ENV.smsProvider]: 'aws',
        [ENV.smsRegion]: 'ap-southeast-1',
        [ENV.smsEndpoint]: aws.url,
      });
      await smsSenderFromEnv().send(verification());
      expect(aws.accepted).toEqual([
        expect.objectContaining({ MessageBody: `【${SIGN_NAME}】${renderSms(verification())}` }),
      ]);
      expect(totalReads()).toBe(readsBefore);
    } finally {
      await aws.close();
    }
  });

  it('a secret that does not exist fails the send for good, naming the cause', async () => {
    configure({
      [ENV.smsProvider]: 'aliyun',
      [ENV.smsTemplateIds]: JSON.stringify({
        verification: 'SMS_1',
        idNumberUsed: 'SMS_2',
        alreadyMember: 'SMS_3',
        decisionApproved: 'SMS_31',
        decisionRejected: 'SMS_32',
        reviewDigest: 'SMS_33',
        overdueDigest: 'SMS_34',
      }),
      [ENV.smsCredentialsSecretArn]: 'no-such-secret',
      [ENV.smsEndpoint]: aliyun.url,
    });
    const failure = await failureOf(smsSenderFromEnv().send(verification()));
    expect([failure.providerCode, failure.retryable]).toEqual(['CredentialsUnavailable', false]);
  });
});
