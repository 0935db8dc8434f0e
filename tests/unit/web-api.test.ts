import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../shared/domain/messages';
import {
  newIdempotencyKey,
  type Problem,
  parseRetryAfter,
  problemFromResponse,
  problemMessage,
} from '../../web/src/common/api';

describe('API failures in plain words', () => {
  it('maps the API’s error answers to what they mean for the applicant', () => {
    const fields = { phone: '请填写 11 位中国大陆手机号' };
    expect(problemFromResponse(400, { error: 'validation_failed', message: 'x', fields }, null)).toEqual({
      kind: 'invalid',
      fields,
    });
    expect(problemFromResponse(400, { error: 'invalid_json' }, null)).toEqual({
      kind: 'failed',
      code: 'invalid_json',
    });
    expect(problemFromResponse(404, { error: 'not_found' }, null)).toEqual({ kind: 'not_found' });
    // No applicant endpoint answers 409 any more (it told who was already a member): a plain failure.
    expect(problemFromResponse(409, { error: 'conflict' }, null)).toEqual({
      kind: 'failed',
      code: 'conflict',
    });
    expect(problemFromResponse(413, { error: 'payload_too_large' }, null)).toEqual({
      kind: 'failed',
      code: 'payload_too_large',
    });
    expect(problemFromResponse(422, { error: 'idempotency_key_reused' }, null)).toEqual({
      kind: 'key_reused',
    });
    expect(problemFromResponse(503, { error: 'service_unavailable' }, '3')).toEqual({
      kind: 'busy',
      retryAfterSeconds: 3,
      code: 'service_unavailable',
    });
    expect(problemFromResponse(429, { error: 'too_many_requests' }, '42')).toEqual({
      kind: 'busy',
      retryAfterSeconds: 42,
      code: 'too_many_requests',
    });
    expect(problemFromResponse(503, { error: 'sms_failed' }, '30')).toEqual({
      kind: 'busy',
      retryAfterSeconds: 30,
      code: 'sms_failed',
    });
    expect(problemFromResponse(429, { message: 'Too Many Requests' }, null)).toEqual({ kind: 'busy' });
    expect(problemFromResponse(504, undefined, null)).toEqual({ kind: 'busy' });
    expect(problemFromResponse(500, undefined, null)).toEqual({ kind: 'failed', code: 'internal_error' });
  });

  it('keeps only text field messages from a 400', () => {
    const body = { error: 'validation_failed', fields: { phone: 'bad', idNumber: 7 } };
    expect(problemFromResponse(400, body, null)).toEqual({ kind: 'invalid', fields: { phone: 'bad' } });
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('5')).toBe(5);
    expect(parseRetryAfter(' 12 ')).toBe(12);
    const now = Date.parse('2026-11-28T10:00:00Z');
    expect(parseRetryAfter('Sat, 28 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Sat, 28 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('words every problem in both languages, reusing the API’s messages', () => {
    const problems: Problem[] = [
      { kind: 'invalid', fields: {} },
      { kind: 'key_reused' },
      { kind: 'not_found' },
      { kind: 'busy' },
      { kind: 'busy', retryAfterSeconds: 9 },
      { kind: 'offline' },
      { kind: 'failed', code: 'internal_error' },
    ];
    for (const problem of problems) {
      expect(problemMessage(problem, 'zh-CN')).toMatch(/\p{Script=Han}/u);
      expect(problemMessage(problem, 'en')).not.toMatch(/\p{Script=Han}/u);
    }
    expect(problemMessage({ kind: 'not_found' }, 'zh-CN')).toBe(errorMessage('not_found', 'zh-CN'));
    expect(problemMessage({ kind: 'busy', retryAfterSeconds: 9 }, 'en')).toContain('9 seconds');
  });

  it('makes idempotency keys the API accepts, with or without crypto.randomUUID', () => {
    const modern = newIdempotencyKey();
    const fallback = newIdempotencyKey({ getRandomValues: (array) => crypto.getRandomValues(array) });
    for (const key of [modern, fallback]) expect(key).toMatch(/^[\x21-\x7e]{1,64}$/);
    expect(fallback).toMatch(/^[0-9a-f]{32}$/);
    expect(newIdempotencyKey()).not.toBe(modern);
  });
});
