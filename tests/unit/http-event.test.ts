import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { matchPath, toHttpApiEvent } from '../../local/http-event';

describe('matchPath', () => {
  it.each<[string, string, string, Record<string, string> | undefined]>([
    ['a literal path', '/api/challenge', '/api/challenge', {}],
    ['a literal path, another path', '/api/challenge', '/api/challenges', undefined],
    [
      'a parameter',
      '/api/applications/{id}',
      '/api/applications/A260615-01234567',
      { id: 'A260615-01234567' },
    ],
    ['a percent-encoded parameter', '/api/applications/{id}', '/api/applications/A%20B', { id: 'A B' }],
    ['an encoded UTF-8 parameter', '/api/applications/{id}', '/api/applications/%E7%8E%8B', { id: '王' }],
    ['a malformed escape', '/api/applications/{id}', '/api/applications/%E0%A4%A', undefined],
    ['a missing parameter', '/api/applications/{id}', '/api/applications/', undefined],
    ['the collection path', '/api/applications/{id}', '/api/applications', undefined],
    ['an extra segment', '/api/applications/{id}', '/api/applications/A1/decision', undefined],
    ['a trailing slash', '/api/applications/{id}', '/api/applications/A1/', undefined],
    ['a prefix', '/api/applications/{id}', '/x/api/applications/A1', undefined],
    [
      'two parameters',
      '/api/review/{county}/applications/{id}',
      '/api/review/zhaoyang/applications/A1',
      { county: 'zhaoyang', id: 'A1' },
    ],
  ])('%s: %s vs %s', (_case, template, path, expected) => {
    expect(matchPath(template, path)).toEqual(expected);
  });
});

const request = (method: string, headers: Record<string, string | string[]>): IncomingMessage => {
  const message = new IncomingMessage(new Socket());
  message.method = method;
  message.httpVersion = '1.1';
  message.headers = headers;
  return message;
};

describe('toHttpApiEvent (API Gateway HTTP API payload 2.0)', () => {
  it('builds the event of a JSON POST', () => {
    const body = Buffer.from(JSON.stringify({ fullName: '王小明' }));
    const event = toHttpApiEvent(
      request('POST', { host: 'localhost:3000', 'content-type': 'application/json', 'user-agent': 'test' }),
      new URL('http://localhost:3000/api/applications'),
      body,
      { routeKey: 'POST /api/applications' },
    );
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /api/applications',
      rawPath: '/api/applications',
      rawQueryString: '',
      body: '{"fullName":"王小明"}',
      isBase64Encoded: false,
      requestContext: {
        routeKey: 'POST /api/applications',
        stage: '$default',
        domainName: 'localhost:3000',
        http: { method: 'POST', path: '/api/applications', protocol: 'HTTP/1.1', userAgent: 'test' },
      },
    });
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('pathParameters');
    expect(event.requestContext.requestId).not.toBe('');
  });

  it('passes path parameters and joins repeated query parameters with commas', () => {
    const event = toHttpApiEvent(
      request('GET', {}),
      new URL('http://localhost/api/applications/A1?x=1&x=2&y=%E7%8E%8B'),
      Buffer.alloc(0),
      { routeKey: 'GET /api/applications/{id}', pathParameters: { id: 'A1' } },
    );
    expect(event.pathParameters).toEqual({ id: 'A1' });
    expect(event.queryStringParameters).toEqual({ x: '1,2', y: '王' });
    expect(event.rawQueryString).toBe('x=1&x=2&y=%E7%8E%8B');
    expect(event).not.toHaveProperty('body');
    expect(event.isBase64Encoded).toBe(false);
  });

  it('lower-cases header names and joins repeated values', () => {
    const event = toHttpApiEvent(
      request('GET', { 'X-Status-Token': 'tok', 'x-forwarded-for': ['1.1.1.1', '2.2.2.2'] }),
      new URL('http://localhost/api/challenge'),
      Buffer.alloc(0),
      { routeKey: 'GET /api/challenge' },
    );
    expect(event.headers).toEqual({ 'x-status-token': 'tok', 'x-forwarded-for': '1.1.1.1,2.2.2.2' });
  });

  it.each([
    ['application/json; charset=utf-8', false],
    ['application/problem+json', false],
    ['text/plain', false],
    ['application/x-www-form-urlencoded', false],
    ['application/octet-stream', true],
    ['image/png', true],
    ['', true],
  ])('content type %j → base64: %s', (contentType, base64) => {
    const bytes = Buffer.from([0x7b, 0x7d, 0xff]);
    const event = toHttpApiEvent(
      request('POST', contentType ? { 'content-type': contentType } : {}),
      new URL('http://localhost/api/applications'),
      bytes,
      { routeKey: 'POST /api/applications' },
    );
    expect(event.isBase64Encoded).toBe(base64);
    expect(event.body).toBe(base64 ? bytes.toString('base64') : bytes.toString('utf8'));
  });
});
