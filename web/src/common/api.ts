/**
 * The public API calls the applicant pages make (ask for an SMS code, apply, check the status), and what
 * their failures mean in plain words.
 * A failure is returned as a `Problem` (a kind, not a sentence) so it can be re-worded when the
 * language changes; `problemMessage` gives the sentence.
 */
import type { Accepted, StatusView } from '../../../shared/api/applications';
import type { CodeSent } from '../../../shared/api/verification';
import type { Locale } from '../../../shared/catalog/index';
import type { ApplicationInput } from '../../../shared/domain/application-rules';
import { errorMessage } from '../../../shared/domain/messages';
import { interpolate, UI_STRINGS } from './strings';

/** What the public routes answer: the API description's types (shared/api), never a copy. */
export type { ApplicationStatus } from '../../../shared/api/common';
export type { Accepted, CodeSent, StatusView };

export type Problem =
  /** 400 validation_failed: `fields` holds the server's messages, already in the request's language. */
  | { kind: 'invalid'; fields: Record<string, string> }
  /** 422: this Idempotency-Key was used for a different body; a fresh key is needed. */
  | { kind: 'key_reused' }
  | { kind: 'not_found' }
  /**
   * 429, 502–504: try again later; the same Idempotency-Key makes that safe. `code` is the server's
   * error code when it gave one (too_many_requests, sms_failed, service_unavailable).
   */
  | { kind: 'busy'; retryAfterSeconds?: number; code?: string }
  /** No answer at all: the request may or may not have arrived. */
  | { kind: 'offline' }
  /** Anything else, by the error code the server gave (or internal_error). */
  | { kind: 'failed'; code: string };

export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem };

const REQUEST_TIMEOUT_MS = 30_000;

/** Retry-After in seconds, from either of its two forms; undefined when absent or unreadable. */
export const parseRetryAfter = (header: string | null, now: number = Date.now()): number | undefined => {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
};

interface ErrorBody {
  error?: unknown;
  fields?: unknown;
}

/** What a non-2xx answer means. Pure: status, parsed body (or undefined) and the Retry-After header. */
export const problemFromResponse = (status: number, body: unknown, retryAfter: string | null): Problem => {
  const { error, fields } = (typeof body === 'object' && body !== null ? body : {}) as ErrorBody;
  const code = typeof error === 'string' ? error : undefined;
  if (status === 400 && code === 'validation_failed' && typeof fields === 'object' && fields !== null) {
    const texts: Record<string, string> = {};
    for (const [field, text] of Object.entries(fields)) if (typeof text === 'string') texts[field] = text;
    return { kind: 'invalid', fields: texts };
  }
  if (status === 404) return { kind: 'not_found' };
  if (status === 422) return { kind: 'key_reused' };
  if (status === 429 || status === 502 || status === 503 || status === 504) {
    const seconds = parseRetryAfter(retryAfter);
    return {
      kind: 'busy',
      ...(seconds === undefined ? {} : { retryAfterSeconds: seconds }),
      ...(code ? { code } : {}),
    };
  }
  return { kind: 'failed', code: code ?? 'internal_error' };
};

/** The problem in plain words, in the page's language. */
export const problemMessage = (problem: Problem, locale: Locale): string => {
  const ui = UI_STRINGS[locale];
  switch (problem.kind) {
    case 'invalid':
      return errorMessage('validation_failed', locale);
    case 'not_found':
      return errorMessage('not_found', locale);
    case 'busy': {
      const wait = problem.retryAfterSeconds;
      const retry = wait ? ` ${interpolate(ui['form.retryAfter'], { seconds: Math.max(1, wait) })}` : '';
      return `${errorMessage('service_unavailable', locale)}${retry}`;
    }
    case 'offline':
      return ui['error.offline'];
    case 'key_reused':
    case 'failed':
      return errorMessage(problem.kind === 'failed' ? problem.code : 'internal_error', locale);
  }
};

const readJson = async (response: Response): Promise<unknown> => {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
};

const request = async <T>(path: string, init: RequestInit): Promise<Result<T>> => {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(path, { ...init, signal: abort.signal, credentials: 'same-origin' });
  } catch {
    return { ok: false, problem: { kind: 'offline' } };
  } finally {
    clearTimeout(timer);
  }
  const body = await readJson(response);
  if (response.ok && body !== undefined) return { ok: true, value: body as T };
  if (response.ok) return { ok: false, problem: { kind: 'offline' } };
  return {
    ok: false,
    problem: problemFromResponse(response.status, body, response.headers.get('retry-after')),
  };
};

/** A new proof-of-work challenge (`GET /api/challenge`), to solve before asking for a code. */
export const fetchChallenge = (locale: Locale): Promise<Result<unknown>> =>
  request<unknown>('/api/challenge', {
    method: 'GET',
    cache: 'no-store',
    headers: { accept: 'application/json', 'accept-language': locale },
  });

/**
 * Asks for a code by SMS to `phone` (already checked with the shared rule), in the page's language,
 * with a solved challenge (`altcha`, apply/altcha.ts).
 */
export const requestCode = (phone: string, altcha: string, locale: Locale): Promise<Result<CodeSent>> =>
  request<CodeSent>('/api/phone-verifications', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-language': locale },
    body: JSON.stringify({ phone, altcha, locale }),
  });

export const submitApplication = (
  body: ApplicationInput,
  idempotencyKey: string,
  locale: Locale,
): Promise<Result<Accepted>> =>
  request<Accepted>('/api/applications', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'accept-language': locale,
      'idempotency-key': idempotencyKey,
    },
    body: JSON.stringify(body),
  });

export const fetchStatus = (
  applicationId: string,
  statusToken: string,
  locale: Locale,
): Promise<Result<StatusView>> =>
  request<StatusView>(`/api/applications/${encodeURIComponent(applicationId)}`, {
    method: 'GET',
    cache: 'no-store',
    headers: { accept: 'application/json', 'accept-language': locale, 'x-status-token': statusToken },
  });

/** One key per form fill. crypto.randomUUID needs a recent browser and a secure context. */
export const newIdempotencyKey = (
  source: Pick<Crypto, 'getRandomValues'> & Partial<Crypto> = crypto,
): string => {
  if (typeof source.randomUUID === 'function') return source.randomUUID();
  const bytes = source.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
};
