/**
 * The reviewer endpoints (README, "The API, with curl"): the queue, one application in full (audited), single and bulk
 * decisions. Routed by the HTTP API route key; each route is declared in shared/wiring.ts.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type {
  BulkDecisionResults,
  ContactLogged,
  DecisionOutcome,
  FullApplication,
  QueuePage,
} from '../../shared/api/review';
import type { ApplicationRecord, ApplicationStatus } from '../../shared/domain/application';
import { countyScope } from '../../shared/domain/caller';
import { awaitingContact, validateContact } from '../../shared/domain/contact';
import { DEFAULT_DECISION_WORKING_DAYS, deadlineOf, dueDateOf } from '../../shared/domain/deadline';
import { validateBulkEnvelope, validateBulkItem, validateDecision } from '../../shared/domain/decision';
import {
  AlreadyDecided,
  DomainError,
  ServiceUnavailable,
  ValidationFailed,
} from '../../shared/domain/errors';
import { otherRecords, type PersonRecord } from '../../shared/domain/person';
import { beijingDate, calendarKnowsYear } from '../../shared/domain/working-days';
import { callerOf, type RosterReader, requireCaller } from '../../shared/http/auth';
import { listingContext, listingCursors } from '../../shared/http/cursors';
import { errorResponse, mapErrorsToHttp } from '../../shared/http/error-mapping';
import { limitBodySize, parseJsonBody, resolveRequestLocale } from '../../shared/http/middleware';
import { listQuery } from '../../shared/http/query';
import { byRouteKey } from '../../shared/http/routes';
import { type HttpEvent, type HttpResult, json } from '../../shared/http/types';
import { lazyHasher } from '../../shared/privacy/hashing';
import type { NotificationQueue } from '../../shared/queue/notifications';
import type { HashKeySource } from '../../shared/runtime/hash-key';
import { observe } from '../../shared/runtime/observability';
import type { ApplicationStore } from '../../shared/storage/applications';
import type { NotificationOutboxStore } from '../../shared/storage/notification-outbox';
import type { PersonStore } from '../../shared/storage/people';
import type { ReviewStore } from '../../shared/storage/review';
import { applicationInScope, type DecisionDeps, decideApplication } from './decisions';

export interface ReviewDeps {
  /** Who is staff, with which role and counties (cached briefly per container). */
  roster: RosterReader;
  /** Seals listing cursors (shared/http/cursors.ts). */
  hashKey: HashKeySource;
  applications: ApplicationStore;
  people: PersonStore;
  review: ReviewStore;
  /** Where the applicant's SMS about a decision goes once the decision has committed. */
  notifications: NotificationQueue;
  /** The decision's SMS waits here, written in the decision's transaction, until it is queued. */
  outbox: NotificationOutboxStore;
  logger: Logger;
  metrics?: Metrics;
  now?: () => Date;
  /** Working days to decide an application (DECISION_WORKING_DAYS); 15 when not given. */
  workingDays?: number;
}

/** How the deadlines of a response were counted: today in Beijing, and whether the calendar knows the years. */
export interface CalendarView {
  today: string;
  workingDays: number;
  /** Years around today the calendar has no State Council schedule for: only weekends are days off there. */
  unknownYears: number[];
}

export const calendarView = (now: Date, workingDays: number): CalendarView => {
  const today = beijingDate(now.toISOString());
  const year = Number(today.slice(0, 4));
  return { today, workingDays, unknownYears: [year, year + 1].filter((y) => !calendarKnowsYear(y)) };
};

/**
 * The due date of every application; while it is open, where today stands against it and whether it
 * still waits for a first successful call. A decided application shows neither: its clock has stopped.
 */
export const deadlineFields = (a: ApplicationRecord, today: string, workingDays: number) => {
  const dueDate = dueDateOf(a.submittedAt, workingDays);
  const open = a.status === 'submitted' || a.status === 'pending_review';
  return {
    dueDate,
    ...(open ? { deadline: deadlineOf(dueDate, today), awaitingContact: awaitingContact(a) } : {}),
    ...(a.contactedAt ? { contactedAt: a.contactedAt } : {}),
    contactAttempts: a.contactAttempts ?? 0,
    ...(a.lastContactAt ? { lastContactAt: a.lastContactAt, lastContactOutcome: a.lastContactOutcome } : {}),
  };
};

const MAX_BODY_BYTES = 64 * 1024;
/**
 * How deep the queue can be paged: 200 pages of up to 100, oldest first. Deep enough for a county's
 * queue on a sign-up day; beyond it, narrow by trade or platform.
 */
export const MAX_QUEUE_PAGES = 200;
/** Time kept back per bulk item: a throttled decision can take seconds of SDK retries. */
const BULK_ITEM_TIME_RESERVE_MS = 4000;

/**
 * What a list shows: masked ID and phone, never the full values. `conflictsWith` are the other records
 * with this ID number (open applications, the member's application), read from the person when the list
 * is made, so a conflict shows on both sides and goes away once one of them is rejected. An approved
 * application has handed its personal data to the member record, so it lists without them.
 */
export const queueItem = (a: ApplicationRecord, conflictsWith: string[] = []) => ({
  applicationId: a.applicationId,
  status: a.status,
  submittedAt: a.submittedAt,
  fullName: a.fullName,
  phoneMasked: a.phoneMasked,
  idNumberMasked: a.idNumberMasked,
  trade: a.trade,
  platforms: a.platforms,
  ...(a.platformOther ? { platformOther: a.platformOther } : {}),
  county: a.county,
  ...(a.workplace ? { workplace: a.workplace } : {}),
  ...(a.source ? { source: a.source } : {}),
  flags: [...(a.flags ?? []), ...(conflictsWith.length > 0 ? (['id_conflict'] as const) : [])],
  ...(conflictsWith.length > 0 ? { conflictsWith } : {}),
  ...(a.decidedAt ? { decidedAt: a.decidedAt, decidedBy: a.decidedBy } : {}),
  ...(a.rejectionReason ? { rejectionReason: a.rejectionReason } : {}),
  ...(a.memberId ? { memberId: a.memberId } : {}),
  ...(a.smsOutcome ? { smsOutcome: a.smsOutcome } : {}),
});

const awaitingContactPossible = (status: ApplicationStatus) =>
  status === 'submitted' || status === 'pending_review';

/** Conflicts are only worth showing while an application can still be decided. */
const conflictsOf = (a: ApplicationRecord, person: PersonRecord | undefined) =>
  person && (a.status === 'submitted' || a.status === 'pending_review')
    ? otherRecords(person, a.applicationId)
    : [];

/** The full view adds the phone number (reviewers call applicants) and consent details. */
const fullView = (a: ApplicationRecord, conflictsWith: string[]) => ({
  ...queueItem(a, conflictsWith),
  phone: a.phone,
  consentVersion: a.consentVersion,
  consentAt: a.consentAt,
  locale: a.locale,
  ...(a.screenedAt ? { screenedAt: a.screenedAt } : {}),
});

export const createReviewHandler = (deps: ReviewDeps) => {
  const now = deps.now ?? (() => new Date());
  const decisionDeps: DecisionDeps = {
    applications: deps.applications,
    people: deps.people,
    review: deps.review,
    notifications: deps.notifications,
    outbox: deps.outbox,
    logger: deps.logger,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    now,
    ...(deps.workingDays ? { workingDays: deps.workingDays } : {}),
  };

  const cursors = listingCursors(lazyHasher(deps.hashKey), MAX_QUEUE_PAGES);
  const workingDays = deps.workingDays ?? DEFAULT_DECISION_WORKING_DAYS;
  let warnedYears = '';
  /** Today's calendar; logs a warning (once per container and set of years) when it lacks a year. */
  const calendar = (): CalendarView => {
    const view = calendarView(now(), workingDays);
    const key = view.unknownYears.join(',');
    if (key && key !== warnedYears) {
      warnedYears = key;
      deps.logger.warn('working-day calendar does not know these years: only weekends count as days off', {
        unknownYears: view.unknownYears,
        fix: 'add the State Council schedule to shared/catalog/working-calendar.json or update chinese-days',
      });
    }
    return view;
  };

  const listQueue = async (event: HttpEvent) => {
    const caller = callerOf(event);
    const query = listQuery(event, ['status', 'county', 'trade', 'platform']);
    const context = listingContext(event.routeKey, caller.sub, query);
    const { cursor, depth } = await cursors.open(query.cursor, context);
    const page = await deps.review.listApplications({
      status: (query.status as ApplicationStatus | undefined) ?? 'pending_review',
      counties: countyScope(caller, query.county),
      ...(query.trade ? { trade: query.trade } : {}),
      ...(query.platform ? { platform: query.platform } : {}),
      limit: query.limit,
      ...(cursor ? { cursor } : {}),
    });
    const people = await deps.people.getMany(page.items.flatMap((a) => (a.idHash ? [a.idHash] : [])));
    const view = calendar();
    const items = page.items.map((a) => ({
      ...queueItem(a, conflictsOf(a, a.idHash ? people.get(a.idHash) : undefined)),
      ...deadlineFields(a, view.today, workingDays),
    }));
    const nextCursor = await cursors.seal(page.nextCursor, depth, context);
    return json(200, { items, nextCursor, calendar: view } satisfies QueuePage, {
      'cache-control': 'no-store',
    });
  };

  const showApplication = async (event: HttpEvent) => {
    const caller = callerOf(event);
    const application = await applicationInScope(deps.applications, caller, event.pathParameters?.id ?? '');
    await deps.review.recordView(
      {
        actor: caller.name,
        actorRole: caller.role,
        action: 'application.view',
        target: application.applicationId,
      },
      now(),
    );
    const [person, contacts] = await Promise.all([
      application.idHash ? deps.people.get(application.idHash) : undefined,
      deps.review.listContacts(application.applicationId),
    ]);
    const view = calendar();
    return json(
      200,
      {
        ...fullView(application, conflictsOf(application, person)),
        ...deadlineFields(application, view.today, workingDays),
        contacts,
        calendar: view,
      } satisfies FullApplication,
      { 'cache-control': 'no-store' },
    );
  };

  /** Logs one contact attempt (audited); same scoping as the other routes: 404 outside the counties. */
  const logContact = async (event: HttpEvent) => {
    const caller = callerOf(event);
    const input = validateContact(event.jsonBody);
    if (!input.ok) throw new ValidationFailed(input.fields);
    const application = await applicationInScope(deps.applications, caller, event.pathParameters?.id ?? '');
    if (!awaitingContactPossible(application.status)) {
      throw new AlreadyDecided({
        status: application.status,
        ...(application.decidedAt ? { decidedAt: application.decidedAt } : {}),
        ...(application.decidedBy ? { decidedBy: application.decidedBy } : {}),
      });
    }
    const entry = await deps.review.recordContact(application, caller, input.value, now());
    deps.logger.info('contact logged', { applicationId: application.applicationId, outcome: entry.outcome });
    return json(201, { applicationId: application.applicationId, ...entry } satisfies ContactLogged);
  };

  const decideOne = async (event: HttpEvent) => {
    const caller = callerOf(event);
    const input = validateDecision(event.jsonBody);
    if (!input.ok) throw new ValidationFailed(input.fields);
    const result = await decideApplication(decisionDeps, caller, event.pathParameters?.id ?? '', input.value);
    deps.logger.info('application decided', { applicationId: result.applicationId, status: result.status });
    return json(200, result satisfies DecisionOutcome);
  };

  /**
   * Each item succeeds or fails on its own; one failure never undoes the others. Items the function has
   * no time left for are answered 503 (retry them), never left to a timeout's 500.
   */
  const decideMany = async (event: HttpEvent, context?: Context) => {
    const caller = callerOf(event);
    const envelope = validateBulkEnvelope(event.jsonBody);
    if (!envelope.ok) throw new ValidationFailed(envelope.fields);
    const results = [];
    for (const raw of envelope.value.items) {
      const item = validateBulkItem(raw);
      const applicationId =
        typeof (raw as { applicationId?: unknown })?.applicationId === 'string'
          ? (raw as { applicationId: string }).applicationId
          : null;
      try {
        if (!item.ok) throw new ValidationFailed(item.fields);
        if ((context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY) < BULK_ITEM_TIME_RESERVE_MS) {
          throw new ServiceUnavailable(2);
        }
        const result = await decideApplication(decisionDeps, caller, item.value.applicationId, item.value);
        results.push({ ok: true, ...result });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const response = errorResponse(error, event.locale);
        results.push({
          applicationId,
          ok: false,
          statusCode: response.statusCode,
          ...JSON.parse(response.body ?? '{}'),
        });
      }
    }
    deps.logger.info('bulk decisions', {
      count: results.length,
      succeeded: results.filter((r) => r.ok).length,
    });
    return json(200, { results } satisfies BulkDecisionResults);
  };

  const routes: Record<string, (event: HttpEvent, context?: Context) => Promise<HttpResult>> = {
    'GET /api/review/applications': listQueue,
    'GET /api/review/applications/{id}': showApplication,
    'POST /api/review/applications/{id}/decision': decideOne,
    'POST /api/review/decisions': decideMany,
    'POST /api/review/applications/{id}/contacts': logContact,
  };

  return middy<HttpEvent, HttpResult>()
    .use(observe(deps))
    .use(mapErrorsToHttp(deps.logger))
    .use(resolveRequestLocale())
    .use(requireCaller(deps.roster))
    .use(limitBodySize(MAX_BODY_BYTES))
    .use(parseJsonBody({ postsOnly: true }))
    .handler(byRouteKey(routes));
};
