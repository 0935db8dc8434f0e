/**
 * A local AWS End User Messaging SMS endpoint for `SendTextMessage` (JSON 1.0 protocol,
 * X-Amz-Target PinpointSMSVoiceV2.SendTextMessage). Each request's SigV4 signature is recomputed with
 * @smithy/signature-v4 from the headers the client says it signed and compared; the request's fields are
 * checked against the API reference (https://docs.aws.amazon.com/pinpoint/latest/apireference_smsvoicev2/API_SendTextMessage.html).
 * Errors come back as the service sends them: `{"__type": …, "Message": …}` with the modelled status.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { type FakeRequest, type FakeResponse, type FakeServer, header, json, startFakeServer } from './http';

export interface AwsSmsFakeOptions {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** When set, every message must name this origination identity. */
  originationIdentity?: string;
  now?: () => Date;
}

export interface AwsSmsAccepted {
  DestinationPhoneNumber: string;
  MessageBody: string;
  MessageType: string;
  OriginationIdentity: string | undefined;
}

export interface AwsSmsFake extends FakeServer {
  readonly accepted: AwsSmsAccepted[];
  readonly refused: string[];
  /** Answer the next well-formed request with this error type and HTTP status. */
  answerNext(type: string, status: number): void;
}

const TARGET = 'PinpointSMSVoiceV2.SendTextMessage';
const JSON_1_0 = 'application/x-amz-json-1.0';
const FIVE_MINUTES = 5 * 60 * 1000;
const MAINLAND_MOBILE_E164 = /^\+861[3-9]\d{9}$/;

const toBuffer = (data: SourceData): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/** A SHA-256 (or HMAC-SHA-256 with a secret) for SignatureV4, from node:crypto. */
class NodeSha256 {
  private hash;
  private readonly secret: Buffer | undefined;
  constructor(secret?: SourceData) {
    this.secret = secret === undefined ? undefined : toBuffer(secret);
    this.hash = this.secret ? createHmac('sha256', this.secret) : createHash('sha256');
  }
  update(data: SourceData) {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset() {
    this.hash = this.secret ? createHmac('sha256', this.secret) : createHash('sha256');
  }
}

class Refusal extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const amzDate = (value: string): Date =>
  new Date(value.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));

export const startAwsSmsFake = async (options: AwsSmsFakeOptions): Promise<AwsSmsFake> => {
  const now = options.now ?? (() => new Date());
  const accepted: AwsSmsAccepted[] = [];
  const refused: string[] = [];
  const answers: Array<{ type: string; status: number }> = [];
  const signer = new SignatureV4({
    service: 'sms-voice',
    region: options.region,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    sha256: NodeSha256,
  });

  const verifySignature = async (request: FakeRequest): Promise<void> => {
    const authorization = header(request.headers, 'authorization') ?? '';
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$/.exec(
        authorization,
      );
    if (!match)
      throw new Refusal('IncompleteSignatureException', 'Authorization header is not a SigV4 signature');
    const [, accessKeyId, , region, service, signedList] = match as unknown as string[] as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (accessKeyId !== options.accessKeyId) {
      throw new Refusal(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    }
    if (region !== options.region || service !== 'sms-voice') {
      throw new Refusal(
        'InvalidSignatureException',
        `Credential should be scoped to ${options.region}/sms-voice`,
        403,
      );
    }
    const dateHeader = header(request.headers, 'x-amz-date') ?? '';
    const signingDate = amzDate(dateHeader);
    if (
      Number.isNaN(signingDate.getTime()) ||
      Math.abs(now().getTime() - signingDate.getTime()) > FIVE_MINUTES
    ) {
      throw new Refusal(
        'InvalidSignatureException',
        'Signature expired: the request time is not within 5 minutes of the server time.',
        403,
      );
    }
    const signed = signedList.split(';');
    if (!signed.includes('host') || !signed.includes('x-amz-date')) {
      throw new Refusal('InvalidSignatureException', 'host and x-amz-date must be signed', 403);
    }
    // SignatureV4 takes a signed x-amz-content-sha256 as the payload's hash, so hold it to the body.
    const contentHash = header(request.headers, 'x-amz-content-sha256');
    if (
      contentHash !== undefined &&
      contentHash !== createHash('sha256').update(request.body, 'utf8').digest('hex')
    ) {
      throw new Refusal(
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided.',
        403,
      );
    }
    const [hostname, port] = (header(request.headers, 'host') ?? '').split(':');
    const resigned = await signer.sign(
      {
        method: request.method,
        protocol: 'http:',
        hostname: hostname ?? '',
        ...(port ? { port: Number(port) } : {}),
        path: request.url,
        query: {},
        headers: Object.fromEntries(signed.map((name) => [name, header(request.headers, name) ?? ''])),
        body: request.body,
      },
      { signingDate },
    );
    if (resigned.headers.authorization !== authorization) {
      throw new Refusal(
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided.',
        403,
      );
    }
  };

  const checkFields = (body: string): AwsSmsAccepted => {
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body) as Record<string, unknown>;
    } catch {
      throw new Refusal('SerializationException', 'the body is not JSON');
    }
    const { DestinationPhoneNumber, MessageBody, MessageType, OriginationIdentity } = input;
    const invalid = (field: string) => new Refusal('ValidationException', `${field} is not valid`);
    if (typeof DestinationPhoneNumber !== 'string' || !MAINLAND_MOBILE_E164.test(DestinationPhoneNumber)) {
      throw invalid('DestinationPhoneNumber');
    }
    if (typeof MessageBody !== 'string' || MessageBody.length === 0 || MessageBody.length > 1600)
      throw invalid('MessageBody');
    if (MessageType !== 'TRANSACTIONAL') throw invalid('MessageType');
    if (options.originationIdentity !== undefined && OriginationIdentity !== options.originationIdentity) {
      throw new Refusal(
        'ResourceNotFoundException',
        `origination identity ${String(OriginationIdentity)} not found`,
        404,
      );
    }
    return {
      DestinationPhoneNumber,
      MessageBody,
      MessageType,
      OriginationIdentity: typeof OriginationIdentity === 'string' ? OriginationIdentity : undefined,
    };
  };

  const handle = async (request: FakeRequest): Promise<FakeResponse> => {
    const requestId = randomUUID();
    try {
      if (request.method !== 'POST' || request.url !== '/')
        throw new Refusal('UnknownOperationException', 'POST / only');
      if (header(request.headers, 'x-amz-target') !== TARGET)
        throw new Refusal('UnknownOperationException', 'unknown X-Amz-Target');
      if (header(request.headers, 'content-type') !== JSON_1_0)
        throw new Refusal('SerializationException', `Content-Type must be ${JSON_1_0}`);
      await verifySignature(request);
      const message = checkFields(request.body);
      const answer = answers.shift();
      if (answer) throw new Refusal(answer.type, `answered ${answer.type} as told`, answer.status);
      accepted.push(message);
      return json(
        200,
        { MessageId: randomUUID() },
        { 'content-type': JSON_1_0, 'x-amzn-requestid': requestId },
      );
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      refused.push(error.type);
      return json(
        error.status,
        { __type: error.type, Message: error.message },
        { 'content-type': JSON_1_0, 'x-amzn-requestid': requestId, 'x-amzn-errortype': error.type },
      );
    }
  };

  const server = await startFakeServer(handle);
  return { ...server, accepted, refused, answerNext: (type, status) => void answers.push({ type, status }) };
};
