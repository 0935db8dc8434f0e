/** The CloudFront origin header check (functions/gatekeeper): API Gateway's authorizer on public routes. */
import * as crypto from 'node:crypto';
import type { Context } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createGatekeeperHandler, sameSecret } from '../../functions/gatekeeper/gatekeeper';
import { type ErrorLog, jsonErrorLog } from '../../functions/gatekeeper/log';
import { ORIGIN_HEADER } from '../../shared/wiring';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const SECRET = 'Zq8vN3kP0xR7tW2yB5mC9dF4gH6jK1lL0aS3eD8fG2hJ5kL7mN9pQ4rT6uV1wX3y';

const logged: unknown[][] = [];
const logger: ErrorLog = {
  error: (...args: unknown[]) => logged.push(['error', ...args]),
};

/** An authorizer event as API Gateway sends it (payload format 2.0): header names in lower case. */
const event = (headers: Record<string, string> | undefined) => ({
  version: '2.0',
  type: 'REQUEST',
  routeArn: 'arn:aws:execute-api:ap-east-1:123456789012:abc123/$default/POST/api/applications',
  routeKey: 'POST /api/applications',
  identitySource: headers?.[ORIGIN_HEADER.name] ? [headers[ORIGIN_HEADER.name]] : [],
  headers,
});

beforeEach(() => {
  logged.length = 0;
  vi.mocked(crypto.timingSafeEqual).mockClear();
});

describe('gatekeeper', () => {
  const check = createGatekeeperHandler({ expected: SECRET, logger });

  it('allows a request carrying the secret CloudFront adds', async () => {
    expect(await check(event({ [ORIGIN_HEADER.name]: SECRET, 'user-agent': 'Amazon CloudFront' }))).toEqual({
      isAuthorized: true,
    });
  });

  it.each([
    ['another value of the same length', `${SECRET.slice(0, -1)}z`],
    ['the secret with one more character', `${SECRET}0`],
    ['a prefix of the secret', SECRET.slice(0, 32)],
    ['the secret in other case', SECRET.toLowerCase()],
    ['the secret with spaces around it', ` ${SECRET} `],
    ['a single character', 'x'],
    ['an empty value', ''],
  ])('denies %s', async (_case, value) => {
    expect(await check(event({ [ORIGIN_HEADER.name]: value }))).toEqual({ isAuthorized: false });
  });

  it('denies a request without the header, or without headers at all', async () => {
    expect(await check(event({ authorization: `Bearer ${SECRET}` }))).toEqual({ isAuthorized: false });
    expect(await check(event(undefined))).toEqual({ isAuthorized: false });
    expect(await check({ headers: null })).toEqual({ isAuthorized: false });
  });

  it('never logs what was presented', async () => {
    await check(event({ [ORIGIN_HEADER.name]: 'guess-0001' }));
    await check(event({ [ORIGIN_HEADER.name]: SECRET }));
    expect(JSON.stringify(logged)).not.toContain('guess-0001');
    expect(JSON.stringify(logged)).not.toContain(SECRET);
  });

  it.each([
    ['not set', undefined],
    ['empty', ''],
  ])('denies everything, and says so, when its secret is %s (fail closed)', async (_case, expected) => {
    const unconfigured = createGatekeeperHandler({ expected, logger });
    expect(await unconfigured(event({ [ORIGIN_HEADER.name]: '' }))).toEqual({ isAuthorized: false });
    expect(await unconfigured(event({ [ORIGIN_HEADER.name]: SECRET }))).toEqual({ isAuthorized: false });
    expect(
      logged.some(([level, message]) => level === 'error' && String(message).includes('not configured')),
    ).toBe(true);
  });
});

describe('its one log line', () => {
  it('is one JSON object on stdout with the request id and cold start, and no secret', async () => {
    const lines: string[] = [];
    const unconfigured = createGatekeeperHandler({
      expected: undefined,
      logger: jsonErrorLog('gatekeeper', (line) => lines.push(line)),
    });
    const context = (awsRequestId: string) => ({ awsRequestId }) as Context;
    await unconfigured(event({ [ORIGIN_HEADER.name]: SECRET }), context('req-1'));
    await unconfigured(event({ [ORIGIN_HEADER.name]: 'guess-0001' }), context('req-2'));

    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    const [first, second] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({
      level: 'ERROR',
      service: 'gatekeeper',
      cold_start: true,
      function_request_id: 'req-1',
      variable: ORIGIN_HEADER.secretEnv,
      routeKey: 'POST /api/applications',
    });
    expect(new Date(String(first?.timestamp)).toISOString()).toBe(first?.timestamp);
    expect(second).toMatchObject({ cold_start: false, function_request_id: 'req-2' });
    expect(lines.join('')).not.toContain(SECRET);
    expect(lines.join('')).not.toContain('guess-0001');
  });
});

describe('sameSecret, in constant time', () => {
  it.each([0, 1, 63, 64, 65, 1000])(
    'compares two 32-byte digests with timingSafeEqual whatever the presented length (%i)',
    (length) => {
      const presented = 'a'.repeat(length);
      expect(sameSecret(presented, SECRET)).toBe(false);
      const timingSafeEqual = vi.mocked(crypto.timingSafeEqual);
      expect(timingSafeEqual).toHaveBeenCalledTimes(1);
      const [a, b] = timingSafeEqual.mock.calls[0] as [Buffer, Buffer];
      expect([a.length, b.length]).toEqual([32, 32]);
    },
  );

  it('goes through timingSafeEqual on the right value too, and only through it', () => {
    expect(sameSecret(SECRET, SECRET)).toBe(true);
    expect(vi.mocked(crypto.timingSafeEqual)).toHaveBeenCalledTimes(1);
  });

  it('answers by value: equal strings are the same secret, any difference is not', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('', '')).toBe(true);
  });
});
