/**
 * A local Alibaba Cloud SMS endpoint that checks each request as the documentation describes it:
 * the V3 signature (ACS3-HMAC-SHA256, https://help.aliyun.com/document_detail/2593177.html), recomputed
 * here from the raw request with the known secret; the gateway's checks (a fresh x-acs-date, a nonce never
 * seen before, the body's SHA-256); and SendSms's fields (https://help.aliyun.com/document_detail/55284.html).
 * Errors use the documented codes: gateway refusals with HTTP 400, SendSms's own with HTTP 200 and a Code
 * other than OK. Written independently of shared/sms/providers so that it can judge them; the official
 * SDK's requests must pass it too (tests/integration/sms-providers.test.ts).
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { type FakeRequest, type FakeResponse, type FakeServer, header, json, startFakeServer } from './http';

export interface AliyunFakeOptions {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  /** TemplateCode → the template's variable names, as registered with the provider. */
  templates: Readonly<Record<string, readonly string[]>>;
  now?: () => Date;
}

export interface AliyunAccepted {
  PhoneNumbers: string;
  SignName: string;
  TemplateCode: string;
  TemplateParam: Record<string, string> | undefined;
  OutId: string | undefined;
  /** Which request headers the client signed. */
  signedHeaders: string[];
}

export interface AliyunFake extends FakeServer {
  readonly accepted: AliyunAccepted[];
  /** Every refusal, in order: the documented code the fake answered. */
  readonly refused: string[];
  /** Answer the next well-formed SendSms with this Code (HTTP 200 unless a status is given). */
  answerNext(code: string, status?: number): void;
}

const FIFTEEN_MINUTES = 15 * 60 * 1000;
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const rfc3986 = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The query as sent, decoded: keys and values percent-decoded (a literal "+" stays a "+"). */
const decodeQuery = (search: string): Array<[string, string]> =>
  search
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      const [key, value] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
      return [decodeURIComponent(key), decodeURIComponent(value)];
    });

class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const startAliyunFake = async (options: AliyunFakeOptions): Promise<AliyunFake> => {
  const now = options.now ?? (() => new Date());
  const nonces = new Set<string>();
  const accepted: AliyunAccepted[] = [];
  const refused: string[] = [];
  const answers: Array<{ code: string; status: number }> = [];

  const verifySignature = (request: FakeRequest, search: string): string[] => {
    const authorization = header(request.headers, 'authorization');
    const match = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(
      authorization ?? '',
    );
    if (!match)
      throw new Refusal(
        'IncompleteSignature',
        'Authorization is not "ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…"',
      );
    const [, accessKeyId, signedList, signature] = match as unknown as [string, string, string, string];
    if (accessKeyId !== options.accessKeyId)
      throw new Refusal('InvalidAccessKeyId.NotFound', 'Specified access key is not found.');

    const date = header(request.headers, 'x-acs-date') ?? '';
    if (!ISO_SECONDS.test(date))
      throw new Refusal('InvalidTimeStamp.Format', 'x-acs-date is not yyyy-MM-ddTHH:mm:ssZ');
    if (Math.abs(now().getTime() - Date.parse(date)) > FIFTEEN_MINUTES) {
      throw new Refusal('InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    }
    const nonce = header(request.headers, 'x-acs-signature-nonce');
    if (!nonce) throw new Refusal('IncompleteSignature', 'x-acs-signature-nonce is missing');
    if (nonces.has(nonce))
      throw new Refusal('SignatureNonceUsed', 'Specified signature nonce was used already.');

    // Every present host, content-type and x-acs-* header must be signed (the doc: all common headers).
    const mustSign = Object.keys(request.headers)
      .filter((name) => name === 'host' || name === 'content-type' || name.startsWith('x-acs-'))
      .sort();
    const signed = signedList.split(';');
    if (signed.join(';') !== mustSign.join(';')) {
      throw new Refusal(
        'IncompleteSignature',
        `SignedHeaders must be ${mustSign.join(';')}, got ${signedList}`,
      );
    }
    const payloadHash = sha256(request.body);
    if (header(request.headers, 'x-acs-content-sha256') !== payloadHash) {
      throw new Refusal('SignatureDoesNotMatch', 'x-acs-content-sha256 is not the SHA-256 of the body');
    }
    const canonicalQuery = decodeQuery(search)
      .map(([key, value]) => [rfc3986(key), rfc3986(value)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => `${key}=${value}`)
      .join('&');
    const canonicalHeaders = signed
      .map((name) => `${name}:${(header(request.headers, name) ?? '').trim()}\n`)
      .join('');
    const canonicalRequest = [
      request.method,
      '/',
      canonicalQuery,
      canonicalHeaders,
      signedList,
      payloadHash,
    ].join('\n');
    const expected = createHmac('sha256', options.accessKeySecret)
      .update(`ACS3-HMAC-SHA256\n${sha256(canonicalRequest)}`)
      .digest('hex');
    if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
      throw new Refusal('SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
    }
    nonces.add(nonce);
    return signed;
  };

  const checkFields = (fields: Map<string, string>): Omit<AliyunAccepted, 'signedHeaders'> => {
    for (const name of ['PhoneNumbers', 'SignName', 'TemplateCode']) {
      if (!fields.get(name)) throw new Refusal(`Missing${name}`, `${name} is mandatory for this action.`);
    }
    const phone = fields.get('PhoneNumbers') as string;
    const signName = fields.get('SignName') as string;
    const templateCode = fields.get('TemplateCode') as string;
    if (!MAINLAND_MOBILE.test(phone)) throw new Refusal('isv.MOBILE_NUMBER_ILLEGAL', '非法手机号', 200);
    if (signName !== options.signName)
      throw new Refusal('isv.SMS_SIGNATURE_ILLEGAL', '该账号下找不到对应签名', 200);
    const variables = options.templates[templateCode];
    if (!variables) throw new Refusal('isv.SMS_TEMPLATE_ILLEGAL', '该账号下找不到对应模板', 200);

    const raw = fields.get('TemplateParam');
    let params: Record<string, string> | undefined;
    if (raw !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new Refusal('isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值', 200);
      }
      const isStringRecord =
        typeof parsed === 'object' &&
        parsed !== null &&
        !Array.isArray(parsed) &&
        Object.values(parsed).every((value) => typeof value === 'string');
      if (!isStringRecord) throw new Refusal('isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值', 200);
      params = parsed as Record<string, string>;
    }
    const given = Object.keys(params ?? {}).sort();
    if (given.join(',') !== [...variables].sort().join(',')) {
      throw new Refusal(
        'isv.TEMPLATE_MISSING_PARAMETERS',
        `模板变量应为 ${variables.join(',') || '无'}，收到 ${given.join(',') || '无'}`,
        200,
      );
    }
    return {
      PhoneNumbers: phone,
      SignName: signName,
      TemplateCode: templateCode,
      TemplateParam: params,
      OutId: fields.get('OutId'),
    };
  };

  const handle = (request: FakeRequest): FakeResponse => {
    const requestId = randomUUID().toUpperCase();
    try {
      if (request.method !== 'POST' && request.method !== 'GET')
        throw new Refusal('InvalidApi.NotFound', 'Specified api is not found', 404);
      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
      const signedHeaders = verifySignature(request, search);
      if (
        header(request.headers, 'x-acs-action') !== 'SendSms' ||
        header(request.headers, 'x-acs-version') !== '2017-05-25'
      ) {
        throw new Refusal(
          'InvalidApi.NotFound',
          'Specified api is not found, please check your url and method.',
          404,
        );
      }
      const fields = new Map(decodeQuery(search));
      if (header(request.headers, 'content-type')?.startsWith('application/x-www-form-urlencoded')) {
        for (const [key, value] of new URLSearchParams(request.body)) fields.set(key, value);
      }
      const message = checkFields(fields);
      const answer = answers.shift();
      if (answer) throw new Refusal(answer.code, `answered ${answer.code} as told`, answer.status);
      accepted.push({ ...message, signedHeaders });
      return json(200, { Code: 'OK', Message: 'OK', BizId: `${Date.now()}^0`, RequestId: requestId });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      refused.push(error.code);
      return json(error.status, {
        RequestId: requestId,
        Code: error.code,
        Message: error.message,
        HostId: header(request.headers, 'host'),
      });
    }
  };

  const server = await startFakeServer(handle);
  return {
    ...server,
    accepted,
    refused,
    answerNext: (code, status = 200) => void answers.push({ code, status }),
  };
};
