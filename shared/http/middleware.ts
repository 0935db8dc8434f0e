/** Request middleware shared by the HTTP handlers. Named functions read well in stack traces. */
import type { MiddlewareObj, Request } from '@middy/core';
import type { FieldProblems } from '../domain/application-rules';
import { InvalidJson, PayloadTooLarge, UnsupportedMediaType, ValidationFailed } from '../domain/errors';
import { resolveLocale } from '../domain/messages';
import type { HttpEvent, HttpResult } from './types';

type HttpRequest = Request<HttpEvent, HttpResult>;

/** Locale from `Accept-Language` (a valid body `locale` overrides it once parsed); zh-CN by default. */
export const resolveRequestLocale = (): MiddlewareObj<HttpEvent, HttpResult> => {
  const resolveRequestLocaleBefore = async (request: HttpRequest) => {
    request.event.locale = resolveLocale(request.event.headers?.['accept-language']);
  };
  return { before: resolveRequestLocaleBefore };
};

const rawBody = (event: HttpEvent): Buffer =>
  Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');

export const limitBodySize = (maxBytes: number): MiddlewareObj<HttpEvent, HttpResult> => {
  const limitBodySizeBefore = async (request: HttpRequest) => {
    if (rawBody(request.event).byteLength > maxBytes) throw new PayloadTooLarge();
  };
  return { before: limitBodySizeBefore };
};

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export interface JsonBodyOptions {
  /** Only POST requests are parsed: a function that also serves GET routes (they carry no body). */
  postsOnly?: boolean;
  /** A POST without any body is let through with no `jsonBody` (a request whose fields all have defaults). */
  optional?: boolean;
}

/** 415 unless the request says it is JSON; 400 when it says so but is not. */
export const parseJsonBody = (options: JsonBodyOptions = {}): MiddlewareObj<HttpEvent, HttpResult> => {
  const parseJsonBodyBefore = async (request: HttpRequest) => {
    if (options.postsOnly && request.event.requestContext?.http?.method !== 'POST') return;
    if (options.optional && !request.event.body) return;
    const contentType = request.event.headers?.['content-type'] ?? '';
    if (!JSON_MEDIA_TYPE.test(contentType)) throw new UnsupportedMediaType();
    const text = rawBody(request.event).toString('utf8');
    try {
      request.event.jsonBody = JSON.parse(text);
    } catch {
      throw new InvalidJson();
    }
    const bodyLocale = (request.event.jsonBody as { locale?: unknown } | null)?.locale;
    if (bodyLocale === 'en' || bodyLocale === 'zh-CN') request.event.locale = bodyLocale;
  };
  return { before: parseJsonBodyBefore };
};

export type Validator<T> = (input: unknown) => { ok: true; value: T } | { ok: false; fields: FieldProblems };

/** Runs the shared rules on the parsed body: 400 with every field's problem, or `event.input` typed. */
export const validateBody = <T>(validate: Validator<T>): MiddlewareObj<HttpEvent, HttpResult> => {
  const validateBodyBefore = async (request: HttpRequest) => {
    const result = validate(request.event.jsonBody);
    if (!result.ok) throw new ValidationFailed(result.fields);
    request.event.input = result.value;
  };
  return { before: validateBodyBefore };
};
