/**
 * The reviewer and administrator API calls (README, "The API, with curl"), each with the bearer token. A 401 (missing,
 * invalid or expired token) calls the handler set with `onUnauthorized`, which returns to the sign-in
 * form; every failure comes back as a `ReviewProblem` (a kind, re-worded when the language changes).
 */
import type { AuditEntry as AuditItem } from '../../shared/api/audit';
import type { ListedMember as MemberItem } from '../../shared/api/members';
import type {
  CalendarView,
  ContactEntry,
  ContactOutcome,
  DecisionOutcome,
  FullApplication,
  QueueItem,
} from '../../shared/api/review';
import type { Locale } from '../../shared/catalog/index';
import { errorMessage } from '../../shared/domain/messages';
import { parseRetryAfter } from './api';
import type { BulkItem, Decision } from './review-bulk';
import { STAFF_STRINGS } from './staff-strings';
import { interpolate, UI_STRINGS } from './strings';

/** What the staff routes answer: the API description's types (shared/api), never a copy. */
export type { ApplicationStatus } from '../../shared/api/common';
export type { SmsOutcome } from '../../shared/api/review';
export type {
  AuditItem,
  CalendarView,
  ContactEntry,
  ContactOutcome,
  DecisionOutcome,
  FullApplication,
  MemberItem,
  QueueItem,
};

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** The review queue only. */
  calendar?: CalendarView;
}

export type ReviewProblem =
  | { kind: 'unauthorized' }
  /** 403: `notStaff` when the roster does not (or no longer) have this identity as active staff. */
  | { kind: 'forbidden'; notStaff?: true }
  | { kind: 'not_found' }
  | { kind: 'already_decided' }
  /** 409 on a roster change: another administrator changed the entry since it was read. */
  | { kind: 'changed_meanwhile' }
  /** 409 on approve: someone with this ID number is already a member (their member number). */
  | { kind: 'id_already_member'; memberId?: string }
  /** 409 on setting up a union: an active union of the county already covers that platform or trade. */
  | { kind: 'union_slot_taken'; unionId?: string }
  | { kind: 'invalid'; fields: Record<string, string> }
  | { kind: 'busy'; retryAfterSeconds?: number }
  | { kind: 'offline' }
  | { kind: 'failed'; code: string };

export type Result<T> = { ok: true; value: T } | { ok: false; problem: ReviewProblem };

/** What a non-2xx answer means. Pure: status, parsed body (or undefined), Retry-After header. */
export const reviewProblemFrom = (
  status: number,
  body: unknown,
  retryAfter: string | null,
): ReviewProblem => {
  const { error, fields, memberId, unionId } = (typeof body === 'object' && body !== null ? body : {}) as {
    error?: unknown;
    fields?: unknown;
    memberId?: unknown;
    unionId?: unknown;
  };
  const code = typeof error === 'string' ? error : undefined;
  if (status === 401) return { kind: 'unauthorized' };
  if (status === 403)
    return code === 'not_staff' ? { kind: 'forbidden', notStaff: true } : { kind: 'forbidden' };
  if (status === 404) return { kind: 'not_found' };
  if (status === 409 && code === 'already_decided') return { kind: 'already_decided' };
  if (status === 409 && code === 'changed_meanwhile') return { kind: 'changed_meanwhile' };
  if (status === 409 && code === 'id_already_member') {
    return typeof memberId === 'string' && memberId !== ''
      ? { kind: 'id_already_member', memberId }
      : { kind: 'id_already_member' };
  }
  if (status === 409 && code === 'union_slot_taken') {
    return typeof unionId === 'string' && unionId !== ''
      ? { kind: 'union_slot_taken', unionId }
      : { kind: 'union_slot_taken' };
  }
  if (status === 400 && typeof fields === 'object' && fields !== null) {
    const texts: Record<string, string> = {};
    for (const [field, text] of Object.entries(fields)) if (typeof text === 'string') texts[field] = text;
    if (Object.keys(texts).length > 0) return { kind: 'invalid', fields: texts };
  }
  if (status === 429 || status === 502 || status === 503 || status === 504) {
    const seconds = parseRetryAfter(retryAfter);
    return seconds === undefined ? { kind: 'busy' } : { kind: 'busy', retryAfterSeconds: seconds };
  }
  return { kind: 'failed', code: code ?? 'internal_error' };
};

/** The problem in plain words for union staff, in the page's language. */
export const reviewProblemMessage = (problem: ReviewProblem, locale: Locale): string => {
  const ui = STAFF_STRINGS[locale];
  switch (problem.kind) {
    case 'unauthorized':
      return ui['review.problem.unauthorized'];
    case 'forbidden':
      return problem.notStaff ? errorMessage('not_staff', locale) : ui['review.problem.forbidden'];
    case 'not_found':
      return ui['review.problem.notFound'];
    case 'already_decided':
      return ui['review.problem.alreadyDecided'];
    case 'changed_meanwhile':
      return errorMessage('changed_meanwhile', locale);
    case 'id_already_member':
      return problem.memberId
        ? interpolate(ui['review.problem.idAlreadyMember'], { memberId: problem.memberId })
        : errorMessage('id_already_member', locale);
    case 'union_slot_taken':
      return errorMessage('union_slot_taken', locale);
    case 'invalid':
      return Object.values(problem.fields).join(' ') || errorMessage('validation_failed', locale);
    case 'busy':
      return problem.retryAfterSeconds
        ? `${ui['review.problem.busy']} ${interpolate(ui['review.problem.retryAfter'], { seconds: Math.max(1, problem.retryAfterSeconds) })}`
        : ui['review.problem.busy'];
    case 'offline':
      return UI_STRINGS[locale]['error.offline'];
    case 'failed':
      return errorMessage(problem.code, locale);
  }
};

/** A query string of the non-empty parameters, in the given order ('' when there are none). */
export const queryString = (params: Record<string, string | number | undefined | null>): string => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};

interface Session {
  token: () => string | undefined;
  locale: () => Locale;
  onUnauthorized: () => void;
}

let session: Session = { token: () => undefined, locale: () => 'zh-CN', onUnauthorized: () => undefined };

export const configureApi = (next: Session): void => {
  session = next;
};

const REQUEST_TIMEOUT_MS = 30_000;

const send = async (
  path: string,
  init: RequestInit = {},
  accept = 'application/json',
): Promise<Result<Response>> => {
  const token = session.token();
  if (!token) {
    session.onUnauthorized();
    return { ok: false, problem: { kind: 'unauthorized' } };
  }
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      cache: 'no-store',
      credentials: 'omit',
      signal: abort.signal,
      headers: {
        accept,
        'accept-language': session.locale(),
        authorization: `Bearer ${token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });
  } catch {
    return { ok: false, problem: { kind: 'offline' } };
  } finally {
    clearTimeout(timer);
  }
  if (response.ok) return { ok: true, value: response };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const problem = reviewProblemFrom(response.status, body, response.headers.get('retry-after'));
  if (problem.kind === 'unauthorized') session.onUnauthorized();
  return { ok: false, problem };
};

/** A JSON answer from the API, with the bearer token (the reports dashboard uses it too). */
export const getJson = async <T>(path: string, init?: RequestInit): Promise<Result<T>> => {
  const sent = await send(path, init);
  if (!sent.ok) return sent;
  try {
    return { ok: true, value: (await sent.value.json()) as T };
  } catch {
    return { ok: false, problem: { kind: 'offline' } };
  }
};

export const postJson = <T>(path: string, body: unknown) =>
  getJson<T>(path, { method: 'POST', body: JSON.stringify(body) });

export interface QueueFilters {
  status?: string;
  county?: string;
  trade?: string;
  platform?: string;
}

export interface MemberFilters {
  county?: string;
  trade?: string;
  platform?: string;
}

export const PAGE_SIZE = 25;

const idPath = (id: string) => `/api/review/applications/${encodeURIComponent(id)}`;

export const listApplications = (filters: QueueFilters, cursor?: string) =>
  getJson<Page<QueueItem>>(
    `/api/review/applications${queryString({ ...filters, limit: PAGE_SIZE, cursor })}`,
  );

/** The full record: only when a reviewer opens it (each view is written to the audit trail). */
export const getApplication = (id: string) => getJson<FullApplication>(idPath(id));

export const decide = (id: string, decision: Decision, reason?: string) =>
  postJson<DecisionOutcome>(`${idPath(id)}/decision`, reason ? { decision, reason } : { decision });

export const logContact = (id: string, outcome: ContactOutcome, note?: string) =>
  postJson<ContactEntry & { applicationId: string }>(`${idPath(id)}/contacts`, {
    outcome,
    ...(note ? { note } : {}),
  });

export const decideMany = (items: BulkItem[]) => postJson<unknown>('/api/review/decisions', { items });

export const listMembers = (filters: MemberFilters, cursor?: string) =>
  getJson<Page<MemberItem>>(`/api/members${queryString({ ...filters, limit: PAGE_SIZE, cursor })}`);

export const listAudit = (cursor?: string) =>
  getJson<Page<AuditItem>>(`/api/audit${queryString({ limit: PAGE_SIZE, cursor })}`);

/** The file name from Content-Disposition (`attachment; filename="members-2026-11-28.csv"`). */
export const fileNameFrom = (disposition: string | null, fallback: string): string => {
  const name = /filename="?([^";]+)"?/i.exec(disposition ?? '')?.[1]?.trim() ?? '';
  return /^\w[\w-]*(?:\.\w+)*$/.test(name) ? name : fallback;
};

/** A CSV from the API, with the bearer token, as a Blob to save under the name the server gives. */
export const getCsv = async (
  path: string,
  fallbackName: string,
): Promise<Result<{ blob: Blob; fileName: string }>> => {
  const sent = await send(path, {}, 'text/csv');
  if (!sent.ok) return sent;
  try {
    const blob = await sent.value.blob();
    const fileName = fileNameFrom(sent.value.headers.get('content-disposition'), fallbackName);
    return { ok: true, value: { blob, fileName } };
  } catch {
    return { ok: false, problem: { kind: 'offline' } };
  }
};

/** The members CSV (administrators only), as a Blob to save. */
export const exportMembers = (filters: MemberFilters) =>
  getCsv(`/api/members/export${queryString({ ...filters })}`, 'members.csv');
