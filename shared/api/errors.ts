/**
 * The error body every refusal and failure has (shared/http/error-mapping.ts), and the answers that
 * many routes share. Each route lists, per status, the error codes it can answer with.
 */
import * as z from 'zod';
import { ApplicationStatus, instant } from './common';
import type { ErrorAnswers } from './operation';
import { named } from './registry';

export type ErrorCode =
  | 'validation_failed'
  | 'invalid_json'
  | 'invalid_idempotency_key'
  | 'invalid_cursor'
  | 'listing_too_deep'
  | 'invalid_query'
  | 'unauthorized'
  | 'forbidden'
  | 'not_staff'
  | 'not_found'
  | 'already_decided'
  | 'id_already_member'
  | 'changed_meanwhile'
  | 'union_slot_taken'
  | 'union_unavailable'
  | 'member_left'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'idempotency_key_reused'
  | 'too_many_requests'
  | 'service_unavailable'
  | 'sms_failed'
  | 'internal_error';

export const ErrorBody = named(
  'Error',
  'Every refusal and failure: a stable code and the same in words, in the language asked for.',
  z.object({
    error: z.string().describe('A stable code (each answer lists the codes it can carry).'),
    message: z
      .string()
      .describe(
        'The code in words: Chinese by default, English with `Accept-Language: en` or `"locale": "en"`.',
      ),
    fields: z
      .record(z.string(), z.string())
      .optional()
      .describe('validation_failed: each faulty field’s problem, in words; invalid_query: each parameter’s.'),
    current: z
      .object({ status: ApplicationStatus, decidedAt: instant.optional(), decidedBy: z.string().optional() })
      .optional()
      .describe('already_decided: what the application became, when known.'),
    memberId: z.string().optional().describe('id_already_member: the member who holds this ID number.'),
    unionId: z.string().optional().describe('union_slot_taken: the active union that covers it already.'),
  }),
  [
    {
      error: 'validation_failed',
      message: '请检查标出的项目后重新提交。',
      fields: { phone: '请填写 11 位中国大陆手机号，例如 138 1234 5678。' },
    },
  ],
);
export type ErrorBody = z.infer<typeof ErrorBody>;

/** What API Gateway answers by itself on AWS (its route throttle, its JWT authorizer): no code, a message. */
export const GatewayMessage = named(
  'GatewayMessage',
  'An answer of API Gateway itself (AWS only): `{"message": "Too Many Requests"}`, `{"message": "Unauthorized"}`.',
  z.object({ message: z.string() }),
);
export type GatewayMessage = z.infer<typeof GatewayMessage>;

/** Every route: the function failed in a way it does not explain (never with the error's own text). */
export const INTERNAL: ErrorAnswers = { 500: { internal_error: 'something unexpected went wrong' } };

/** Routes that read or write the table: DynamoDB throttled or a transaction stayed in conflict. */
export const STORAGE: ErrorAnswers = {
  503: { service_unavailable: 'the database is busy; retry after Retry-After seconds' },
};

/** Staff routes: who the token proves, and whether the roster has them. */
export const STAFF: ErrorAnswers = {
  401: { unauthorized: 'no bearer token, or one that is invalid or expired' },
  403: { not_staff: 'signed in, but not active on the staff roster' },
};

/** Staff routes for administrators only. */
export const ADMIN: ErrorAnswers = {
  401: STAFF[401] ?? {},
  403: { ...STAFF[403], forbidden: 'a reviewer: administrators only' },
};

/** Routes with a JSON body: what the body's size, media type and syntax can get wrong. */
export const jsonBody = (maxKiB: number): ErrorAnswers => ({
  400: { invalid_json: 'the body is not JSON' },
  413: { payload_too_large: `the body is over ${maxKiB} KiB` },
  415: { unsupported_media_type: 'not `Content-Type: application/json`' },
});

export const LISTING: ErrorAnswers = {
  400: {
    invalid_query: 'an unknown parameter, or a bad value; `fields` names each',
    invalid_cursor: 'a cursor made up, altered, or from another listing',
    listing_too_deep: 'paged as deep as this listing goes: narrow the filters',
  },
};
