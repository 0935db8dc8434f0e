/**
 * A local Tencent Cloud SMS endpoint that checks each request as the documentation describes it: the
 * TC3-HMAC-SHA256 signature (SMS API "调用方式 → 签名方法 v3", https://cloud.tencent.com/document/api/382/52069) recomputed
 * from the raw request with the known SecretKey, the common X-TC-* headers (a timestamp within five
 * minutes), and SendSms 2021-01-11's fields (https://cloud.tencent.com/document/api/382/55981). Answers
 * in Tencent Cloud's shape: HTTP 200 with `Response.Error` for refusals, `Response.SendStatusSet` otherwise.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { type FakeRequest, type FakeResponse, type FakeServer, header, json, startFakeServer } from './http';

export const TENCENT_SMS_HOST = 'sms.tencentcloudapi.com';
const SMS_REGIONS = new Set(['ap-beijing', 'ap-guangzhou', 'ap-nanjing']);
const FIVE_MINUTES = 300;
const MAINLAND_MOBILE = /^\+861[3-9]\d{9}$/;

export interface TencentFakeOptions {
  secretId: string;
  secretKey: string;
  smsSdkAppId: string;
  signName: string;
  /** TemplateId → how many variables the registered template has. */
  templates: Readonly<Record<string, number>>;
  now?: () => Date;
}

export interface TencentAccepted {
  PhoneNumberSet: string[];
  SmsSdkAppId: string;
  SignName: string;
  TemplateId: string;
  TemplateParamSet: string[];
  region: string;
}

export interface TencentFake extends FakeServer {
  readonly accepted: TencentAccepted[];
  readonly refused: string[];
  /** Answer the next well-formed SendSms with this code: for the request as a whole, or in its SendStatusSet. */
  answerNext(code: string, where?: 'request' | 'number'): void;
}

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const startTencentFake = async (options: TencentFakeOptions): Promise<TencentFake> => {
  const now = options.now ?? (() => new Date());
  const accepted: TencentAccepted[] = [];
  const refused: string[] = [];
  const answers: Array<{ code: string; where: 'request' | 'number' }> = [];

  const verifySignature = (request: FakeRequest): void => {
    const match =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        header(request.headers, 'authorization') ?? '',
      );
    if (!match)
      throw new Refusal('AuthFailure.InvalidAuthorization', '请求头部的 Authorization 不符合腾讯云标准。');
    const [, secretId, date, service, signedList, signature] = match as unknown as string[] as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (secretId !== options.secretId) throw new Refusal('AuthFailure.SecretIdNotFound', '密钥不存在。');

    const timestamp = Number(header(request.headers, 'x-tc-timestamp'));
    if (!Number.isInteger(timestamp)) throw new Refusal('MissingParameter', 'X-TC-Timestamp is missing');
    if (Math.abs(now().getTime() / 1000 - timestamp) > FIVE_MINUTES) {
      throw new Refusal(
        'AuthFailure.SignatureExpire',
        '签名过期。Timestamp 和服务器时间相差不得超过五分钟。',
      );
    }
    const signed = signedList.split(';');
    if (!signed.includes('content-type') || !signed.includes('host')) {
      throw new Refusal(
        'AuthFailure.InvalidAuthorization',
        'SignedHeaders must include content-type and host',
      );
    }
    const dateOfTimestamp = new Date(timestamp * 1000).toISOString().slice(0, 10);
    const canonicalHeaders = signed
      .map((name) => `${name}:${(header(request.headers, name) ?? '').trim().toLowerCase()}\n`)
      .join('');
    const canonicalRequest = [
      request.method,
      '/',
      '',
      canonicalHeaders,
      signedList,
      sha256(request.body),
    ].join('\n');
    // The scope is signed with the date of X-TC-Timestamp and the service "sms", whatever the client claims.
    const scope = `${dateOfTimestamp}/sms/tc3_request`;
    const stringToSign = ['TC3-HMAC-SHA256', String(timestamp), scope, sha256(canonicalRequest)].join('\n');
    const key = hmac(hmac(hmac(`TC3${options.secretKey}`, dateOfTimestamp), 'sms'), 'tc3_request');
    const expected = hmac(key, stringToSign).toString('hex');
    const claimedScopeOk = date === dateOfTimestamp && service === 'sms';
    if (!claimedScopeOk || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
      throw new Refusal(
        'AuthFailure.SignatureFailure',
        '签名错误。签名计算错误，请对照调用方式中的签名方法文档检查签名计算过程。',
      );
    }
  };

  const checkRequest = (request: FakeRequest): TencentAccepted => {
    if (request.method !== 'POST')
      throw new Refusal('InvalidParameter', 'only POST with JSON is checked here');
    if (!header(request.headers, 'content-type')?.startsWith('application/json')) {
      throw new Refusal('InvalidParameter', 'Content-Type must be application/json');
    }
    if (header(request.headers, 'host') !== TENCENT_SMS_HOST)
      throw new Refusal('InvalidParameter', `Host must be ${TENCENT_SMS_HOST}`);
    verifySignature(request);
    if (header(request.headers, 'x-tc-action') !== 'SendSms')
      throw new Refusal('InvalidAction', '接口不存在。');
    if (header(request.headers, 'x-tc-version') !== '2021-01-11')
      throw new Refusal('NoSuchVersion', '接口版本不存在。');
    const region = header(request.headers, 'x-tc-region');
    if (!region) throw new Refusal('MissingParameter', 'X-TC-Region is required for 2021-01-11');
    if (!SMS_REGIONS.has(region)) throw new Refusal('UnsupportedRegion', `SMS is not offered in ${region}`);

    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      throw new Refusal('FailedOperation.FailResolvePacket', '请求包解析失败。');
    }
    const { PhoneNumberSet, SmsSdkAppId, SignName, TemplateId, TemplateParamSet = [] } = body;
    const isStrings = (value: unknown): value is string[] =>
      Array.isArray(value) && value.every((item) => typeof item === 'string');
    if (!isStrings(PhoneNumberSet) || PhoneNumberSet.length === 0)
      throw new Refusal('MissingParameter', 'PhoneNumberSet');
    if (SmsSdkAppId !== options.smsSdkAppId)
      throw new Refusal('InvalidParameterValue.SdkAppIdNotExist', 'SdkAppId 不存在。');
    if (SignName !== options.signName)
      throw new Refusal('FailedOperation.SignatureIncorrectOrUnapproved', '签名未审批或格式错误。');
    if (typeof TemplateId !== 'string' || !(TemplateId in options.templates)) {
      throw new Refusal('FailedOperation.TemplateIncorrectOrUnapproved', '模板未审批或内容不匹配。');
    }
    if (!isStrings(TemplateParamSet) || TemplateParamSet.length !== options.templates[TemplateId]) {
      throw new Refusal(
        'FailedOperation.TemplateParamSetNotMatchApprovedTemplate',
        '请求内容与审核通过的模板内容不匹配。',
      );
    }
    return { PhoneNumberSet, SmsSdkAppId, SignName, TemplateId, TemplateParamSet, region };
  };

  const handle = (request: FakeRequest): FakeResponse => {
    const RequestId = randomUUID();
    try {
      const message = checkRequest(request);
      const answer = answers.shift();
      if (answer?.where === 'request') throw new Refusal(answer.code, `answered ${answer.code} as told`);
      const status = (phone: string) => {
        const code = !MAINLAND_MOBILE.test(phone)
          ? 'InvalidParameterValue.IncorrectPhoneNumber'
          : (answer?.code ?? 'Ok');
        return {
          SerialNo: code === 'Ok' ? randomUUID() : '',
          PhoneNumber: phone,
          Fee: code === 'Ok' ? 1 : 0,
          SessionContext: '',
          Code: code,
          Message: code === 'Ok' ? 'send success' : code,
          IsoCode: 'CN',
        };
      };
      const SendStatusSet = message.PhoneNumberSet.map(status);
      if (SendStatusSet.every((item) => item.Code === 'Ok')) accepted.push(message);
      else refused.push(...SendStatusSet.filter((item) => item.Code !== 'Ok').map((item) => item.Code));
      return json(200, { Response: { SendStatusSet, RequestId } });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      refused.push(error.code);
      return json(200, { Response: { Error: { Code: error.code, Message: error.message }, RequestId } });
    }
  };

  const server = await startFakeServer(handle);
  return {
    ...server,
    accepted,
    refused,
    answerNext: (code, where = 'number') => void answers.push({ code, where }),
  };
};
