/** The one place where domain errors become HTTP responses (README, "The API, with curl": the error body). */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj, Request } from '@middy/core';
import type { Locale } from '../catalog/index';
import {
  AlreadyDecided,
  DomainError,
  IdAlreadyMember,
  InvalidQuery,
  ServiceUnavailable,
  SmsUnavailable,
  TooManyRequests,
  UnionSlotTaken,
  ValidationFailed,
} from '../domain/errors';
import { DEFAULT_LOCALE, errorMessage, fieldMessage } from '../domain/messages';
import { type HttpEvent, type HttpResult, json } from './types';

/** Each error code's status; the API description (shared/api/errors.ts) lists the codes each route answers. */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  validation_failed: 400,
  invalid_json: 400,
  invalid_idempotency_key: 400,
  invalid_cursor: 400,
  listing_too_deep: 400,
  invalid_query: 400,
  unauthorized: 401,
  forbidden: 403,
  not_staff: 403,
  not_found: 404,
  already_decided: 409,
  id_already_member: 409,
  changed_meanwhile: 409,
  union_slot_taken: 409,
  union_unavailable: 409,
  member_left: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  too_many_requests: 429,
  service_unavailable: 503,
  sms_failed: 503,
};

export const errorResponse = (error: unknown, locale: Locale): HttpResult => {
  if (error instanceof DomainError && STATUS_BY_CODE[error.code]) {
    const body: {
      error: string;
      message: string;
      fields?: Record<string, string>;
      current?: object;
      memberId?: string;
      unionId?: string;
    } = {
      error: error.code,
      message: errorMessage(error.code, locale),
    };
    if (error instanceof InvalidQuery && Object.keys(error.fields).length > 0) body.fields = error.fields;
    if (error instanceof AlreadyDecided && error.current) body.current = error.current;
    if (error instanceof IdAlreadyMember) body.memberId = error.memberId;
    if (error instanceof UnionSlotTaken) body.unionId = error.unionId;
    if (error instanceof ValidationFailed) {
      body.fields = Object.fromEntries(
        Object.entries(error.fields).map(([field, code]) => [field, fieldMessage(code ?? 'invalid', locale)]),
      );
    }
    const retryable =
      error instanceof ServiceUnavailable ||
      error instanceof TooManyRequests ||
      error instanceof SmsUnavailable;
    const headers: Record<string, string> = retryable
      ? { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) }
      : {};
    return json(STATUS_BY_CODE[error.code] as number, body, headers);
  }
  return json(500, { error: 'internal_error', message: errorMessage('internal_error', locale) });
};

/** Use first (after `observe`), so that it sees every error thrown after it. Never sends an error's own text to the client. */
export const mapErrorsToHttp = (logger: Logger): MiddlewareObj<HttpEvent, HttpResult> => {
  const mapErrorsToHttpOnError = async (request: Request<HttpEvent, HttpResult>) => {
    const { error } = request;
    const locale = request.event?.locale ?? DEFAULT_LOCALE;
    if (error instanceof DomainError && STATUS_BY_CODE[error.code]) {
      if (error instanceof ServiceUnavailable) {
        logger.warn('dependency throttled or conflicting', { code: error.code, cause: String(error.cause) });
      } else {
        logger.info('request refused', { code: error.code });
      }
    } else {
      logger.error('unexpected error', error instanceof Error ? error : String(error));
    }
    request.response = errorResponse(error, locale);
  };
  return { onError: mapErrorsToHttpOnError };
};
