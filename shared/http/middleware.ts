/** Request middleware shared by the HTTP handlers. Named functions read well in stack traces. */
import type { MiddlewareObj, Request } from '@middy/core';
import { InvalidJson, PayloadTooLarge, UnsupportedMediaType } from '../domain/errors';
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

/** 415 unless the request says it is JSON; 400 when it says so but is not. */
export const parseJsonBody = (): MiddlewareObj<HttpEvent, HttpResult> => {
  const parseJsonBodyBefore = async (request: HttpRequest) => {
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
