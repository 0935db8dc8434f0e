/** Event factories: the events Lambda receives, built from the parts a test cares about. */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, SQSEvent } from 'aws-lambda';
import type { HttpEvent } from '../../shared/http/types';

export interface HttpEventParts {
  method?: string;
  path?: string;
  routeKey?: string;
  body?: string | object;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string>;
  /** The verified token's claims, as the JWT authorizer hands them on. */
  claims?: Record<string, unknown>;
}

export const httpEvent = (parts: HttpEventParts = {}): HttpEvent => {
  const method = parts.method ?? 'POST';
  const path = parts.path ?? '/api/applications';
  const body = typeof parts.body === 'object' ? JSON.stringify(parts.body) : parts.body;
  const headers: Record<string, string> = {
    ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...Object.fromEntries(Object.entries(parts.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  };
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: parts.routeKey ?? `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers,
    ...(parts.pathParameters ? { pathParameters: parts.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey: parts.routeKey ?? `${method} ${path}`,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      ...(parts.claims ? { authorizer: { jwt: { claims: parts.claims, scopes: [] } } } : {}),
    } as APIGatewayProxyEventV2['requestContext'],
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  };
  return event as HttpEvent;
};

export const sqsEvent = (bodies: string[]): SQSEvent => ({
  Records: bodies.map((body) => ({
    messageId: randomUUID(),
    receiptHandle: randomUUID(),
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: '000000000000',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:review',
    awsRegion: 'us-east-1',
  })),
});
