import { describe, expect, it } from 'vitest';
import {
  type DomainError,
  IdAlreadyMember,
  IdempotencyKeyReused,
  InvalidIdempotencyKey,
  InvalidJson,
  NotFound,
  PayloadTooLarge,
  ServiceUnavailable,
  SmsUnavailable,
  TooManyRequests,
  UnknownApplication,
  UnsupportedMediaType,
  ValidationFailed,
} from '../../shared/domain/errors';
import { errorMessages, fieldMessages } from '../../shared/domain/messages';
import { errorResponse } from '../../shared/http/error-mapping';

type Locale = 'zh-CN' | 'en';
const bodyOf = (result: ReturnType<typeof errorResponse>) => JSON.parse(String(result.body));

describe('errorResponse: each domain error → its status and the §5 body', () => {
  it.each<[string, DomainError, number]>([
    ['validation_failed', new ValidationFailed({ phone: 'phone.format' }), 400],
    ['invalid_json', new InvalidJson(), 400],
    ['invalid_idempotency_key', new InvalidIdempotencyKey(), 400],
    ['not_found', new NotFound(), 404],
    ['id_already_member', new IdAlreadyMember('M261128-7K3F9QXM'), 409],
    ['payload_too_large', new PayloadTooLarge(), 413],
    ['unsupported_media_type', new UnsupportedMediaType(), 415],
    ['idempotency_key_reused', new IdempotencyKeyReused(), 422],
    ['too_many_requests', new TooManyRequests(30), 429],
    ['service_unavailable', new ServiceUnavailable(), 503],
    ['sms_failed', new SmsUnavailable(), 503],
  ])('%s → %i', (code, error, status) => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const response = errorResponse(error, locale);
      expect(response.statusCode).toBe(status);
      expect(response.headers?.['content-type']).toMatch(/^application\/json/);
      const body = bodyOf(response);
      expect(body.error).toBe(code);
      expect(body.message).toBe(errorMessages[code]?.[locale]);
      const expectedKeys =
        error instanceof ValidationFailed
          ? ['error', 'fields', 'message']
          : error instanceof IdAlreadyMember
            ? ['error', 'memberId', 'message']
            : ['error', 'message'];
      expect(Object.keys(body).sort()).toEqual(expectedKeys);
    }
  });

  it('gives a different message per locale', () => {
    expect(bodyOf(errorResponse(new TooManyRequests(5), 'zh-CN')).message).not.toBe(
      bodyOf(errorResponse(new TooManyRequests(5), 'en')).message,
    );
  });

  it.each<[Locale]>([['zh-CN'], ['en']])('localises each field problem (%s)', (locale) => {
    const body = bodyOf(
      errorResponse(
        new ValidationFailed({
          idNumber: 'idNumber.checksum',
          extra: 'unknown_field',
          phone: 'phone.format',
        }),
        locale,
      ),
    );
    expect(body.fields).toEqual({
      idNumber: fieldMessages['idNumber.checksum']?.[locale],
      extra: fieldMessages.unknown_field?.[locale],
      phone: fieldMessages['phone.format']?.[locale],
    });
  });

  it('keeps a "__proto__" field in the body (an unknown field of that name is reported, not lost)', () => {
    const response = errorResponse(new ValidationFailed(JSON.parse('{"__proto__": "unknown_field"}')), 'en');
    expect(response.body).toContain(`"__proto__":${JSON.stringify(fieldMessages.unknown_field?.en)}`);
  });

  it('shows the generic message for a field code without its own', () => {
    const body = bodyOf(errorResponse(new ValidationFailed({ phone: 'no.such.code' }), 'en'));
    expect(body.fields).toEqual({ phone: fieldMessages.invalid?.en });
  });

  it.each<[string, DomainError, number, string]>([
    ['the default', new ServiceUnavailable(), 503, '2'],
    ['an explicit delay', new ServiceUnavailable(7), 503, '7'],
    ['a limit, whole seconds rounded up', new TooManyRequests(41.2), 429, '42'],
    ['a limit about to end, never 0', new TooManyRequests(0), 429, '1'],
    ['the SMS provider down', new SmsUnavailable(), 503, '30'],
  ])('%s carries Retry-After', (_case, error, status, seconds) => {
    const response = errorResponse(error, 'en');
    expect(response.statusCode).toBe(status);
    expect(response.headers?.['retry-after']).toBe(seconds);
  });

  it.each([
    ['404', new NotFound()],
    ['400', new ValidationFailed({})],
  ])('other errors carry no Retry-After (%s)', (_case, error) => {
    expect(errorResponse(error, 'en').headers).not.toHaveProperty('retry-after');
  });

  it('never sends a domain error’s own text', () => {
    const response = errorResponse(
      new NotFound('no application A260615-01234567 for id 530602199003071235'),
      'en',
    );
    expect(response.body).not.toContain('530602199003071235');
    expect(bodyOf(response).message).toBe(errorMessages.not_found?.en);
  });
});

describe('errorResponse: anything else → 500 without details', () => {
  it.each<[string, unknown]>([
    ['an Error', new Error('ConditionalCheckFailed: secret table arn:aws:dynamodb:cn-north-1:123456789012')],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'secret')")],
    ['a thrown string', 'secret string'],
    ['undefined', undefined],
    ['a domain error no client should see (unknown_application)', new UnknownApplication('secret A260615')],
  ])('%s', (_case, error) => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const response = errorResponse(error, locale);
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toMatch(/secret|arn:aws|123456789012/);
      expect(bodyOf(response)).toEqual({
        error: 'internal_error',
        message: errorMessages.internal_error?.[locale],
      });
    }
  });
});
