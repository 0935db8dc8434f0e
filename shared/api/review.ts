/** The reviewer console's API: the queue, one application in full, the contact log, decisions. */
import * as z from 'zod';
import { APPLICATION_FLAGS } from '../domain/application';
import { CONTACT_OUTCOMES, MAX_CONTACT_NOTE_LENGTH } from '../domain/contact';
import { MAX_BULK_DECISIONS, MAX_REASON_LENGTH } from '../domain/decision';
import {
  APPLICATION_ID,
  ApplicationStatus,
  applicationId,
  countyField,
  day,
  instant,
  Locale,
  nextCursor,
  platformField,
  text,
  tradeField,
} from './common';
import { ErrorBody, INTERNAL, jsonBody, LISTING, STAFF, STORAGE } from './errors';
import { countyParameter, pageParameters, platformParameter, tradeParameter } from './listing';
import { type Operations, pathId } from './operation';
import { named } from './registry';

export const ContactOutcome = named(
  'ContactOutcome',
  'How a call to the applicant went.',
  z.enum(CONTACT_OUTCOMES),
);
export type ContactOutcome = z.infer<typeof ContactOutcome>;

const contactNote = text(
  { min: 1, max: MAX_CONTACT_NOTE_LENGTH, lineBreaks: true, orEmpty: 'blank' },
  `Up to ${MAX_CONTACT_NOTE_LENGTH} characters; no control characters (but line breaks) or \`<>\`.`,
);

export const ContactEntry = named(
  'ContactEntry',
  'One attempt to reach the applicant by phone.',
  z.object({ outcome: ContactOutcome, note: z.string().optional(), at: instant, by: z.string() }),
);
export type ContactEntry = z.infer<typeof ContactEntry>;

export const ContactRequest = named(
  'ContactRequest',
  'A call to the applicant, logged.',
  z.object({ outcome: ContactOutcome, note: contactNote.optional() }),
);
export type ContactRequest = z.infer<typeof ContactRequest>;

export const ContactLogged = named(
  'ContactLogged',
  'The logged attempt.',
  z.object({
    applicationId,
    outcome: ContactOutcome,
    note: z.string().optional(),
    at: instant,
    by: z.string(),
  }),
);
export type ContactLogged = z.infer<typeof ContactLogged>;

export const CalendarView = named(
  'CalendarView',
  'How deadlines were counted: today in Beijing, the working days to decide, and years around today the ' +
    'working-day calendar has no State Council schedule for (only weekends are days off there).',
  z.object({ today: day, workingDays: z.int().min(1), unknownYears: z.array(z.int()) }),
);
export type CalendarView = z.infer<typeof CalendarView>;

export const SmsOutcome = named(
  'SmsOutcome',
  'How the applicant’s SMS about the decision went: no phone number in it.',
  z.object({
    template: z.string(),
    state: z.enum(['sent', 'failed']),
    at: instant,
    reason: z.enum(['refused', 'provider_unavailable', 'no_recipient']).optional(),
    providerCode: z.string().optional(),
  }),
);
export type SmsOutcome = z.infer<typeof SmsOutcome>;

export const QueueItem = named(
  'QueueItem',
  'An application as listed: masked ID number and phone. An approved application has handed its personal ' +
    'data to the member record, so it lists without name, masks, workplace and platformOther.',
  z.object({
    applicationId,
    status: ApplicationStatus,
    submittedAt: instant,
    fullName: z.string().optional(),
    phoneMasked: z.string().optional(),
    idNumberMasked: z.string().optional(),
    trade: tradeField,
    platforms: z.array(platformField),
    platformOther: z.string().optional(),
    county: countyField,
    workplace: z.string().optional(),
    source: z.string().optional(),
    flags: z
      .array(z.enum(APPLICATION_FLAGS))
      .describe('phone_reused: another person’s record has this phone; id_conflict: see conflictsWith.'),
    conflictsWith: z
      .array(z.string())
      .optional()
      .describe('The other open applications or member application with this ID number.'),
    decidedAt: instant.optional(),
    decidedBy: z.string().optional(),
    rejectionReason: z.string().optional(),
    memberId: z.string().optional(),
    smsOutcome: SmsOutcome.optional(),
    dueDate: day.describe('The decision deadline (Beijing).'),
    deadline: z
      .object({ state: z.enum(['due', 'due_today', 'overdue']), workingDays: z.int().min(0) })
      .optional()
      .describe('While open: where today stands against the due date.'),
    awaitingContact: z
      .boolean()
      .optional()
      .describe('While open: nobody has reached the applicant by phone.'),
    contactedAt: instant.optional(),
    contactAttempts: z.int().min(0),
    lastContactAt: instant.optional(),
    lastContactOutcome: ContactOutcome.optional(),
  }),
);
export type QueueItem = z.infer<typeof QueueItem>;

export const QueuePage = named(
  'QueuePage',
  'A page of the queue, oldest first.',
  z.object({ items: z.array(QueueItem), nextCursor, calendar: CalendarView }),
);
export type QueuePage = z.infer<typeof QueuePage>;

export const FullApplication = named(
  'FullApplication',
  'One application in full (the view is audited): adds the phone number (absent once approved), consent and contacts.',
  QueueItem.extend({
    phone: z.string().optional(),
    consentVersion: z.string(),
    consentAt: instant,
    locale: Locale,
    screenedAt: instant.optional(),
    contacts: z.array(ContactEntry),
    calendar: CalendarView,
  }),
);
export type FullApplication = z.infer<typeof FullApplication>;

const reason = (rule: { orEmpty?: 'blank' }) =>
  text(
    { min: 1, max: MAX_REASON_LENGTH, lineBreaks: true, ...rule },
    `Up to ${MAX_REASON_LENGTH} characters; no control characters (but line breaks) or \`<>\`.`,
  );
const approval = z.object({
  decision: z.literal('approve'),
  reason: reason({ orEmpty: 'blank' }).optional(),
});
const rejection = z.object({
  decision: z.literal('reject'),
  reason: reason({}).describe('Why, told to the applicant (required to reject).'),
});

export const DecisionRequest = named(
  'DecisionRequest',
  'Approve (makes them a member, placed in a union), or reject with a reason.',
  z.discriminatedUnion('decision', [approval, rejection]),
);
export type DecisionRequest = z.infer<typeof DecisionRequest>;

export const DecisionOutcome = named(
  'DecisionOutcome',
  'The decision, committed.',
  z.object({
    applicationId,
    status: z.enum(['approved', 'rejected']),
    decidedAt: instant,
    decidedBy: z.string(),
    memberId: z.string().optional().describe('Approved: the new member number.'),
  }),
);
export type DecisionOutcome = z.infer<typeof DecisionOutcome>;

const bulkApplicationId = z.string().regex(APPLICATION_ID);
export const BulkDecisionRequest = named(
  'BulkDecisionRequest',
  `Up to ${MAX_BULK_DECISIONS} decisions; each succeeds or fails on its own (a faulty item is a failed result, not a 400).`,
  z.object({
    items: z
      .array(
        z.discriminatedUnion('decision', [
          approval.extend({ applicationId: bulkApplicationId }),
          rejection.extend({ applicationId: bulkApplicationId }),
        ]),
      )
      .min(1)
      .max(MAX_BULK_DECISIONS),
  }),
);
export type BulkDecisionRequest = z.infer<typeof BulkDecisionRequest>;

export const BulkDecisionResults = named(
  'BulkDecisionResults',
  'One result per item, in order: the decision, or the error it would have had alone (with its status).',
  z.object({
    results: z.array(
      z.union([
        DecisionOutcome.extend({ ok: z.literal(true) }),
        ErrorBody.extend({
          ok: z.literal(false),
          applicationId: z.string().nullable(),
          statusCode: z.int().min(400).max(599),
        }),
      ]),
    ),
  }),
);
export type BulkDecisionResults = z.infer<typeof BulkDecisionResults>;

const applicationParameter = pathId('The application number.', z.string(), 'A261128-7K3F9QXM');

const queueItemExample = {
  applicationId: 'A261128-7K3F9QXM',
  status: 'pending_review',
  submittedAt: '2026-11-28T02:00:00.000Z',
  fullName: '王小明',
  phoneMasked: '138****5678',
  idNumberMasked: '110105********002X',
  trade: 'delivery_rider',
  platforms: ['meituan', 'eleme'],
  county: 'zhaoyang',
  flags: [],
  dueDate: '2026-12-18',
  deadline: { state: 'due', workingDays: 14 },
  awaitingContact: true,
  contactAttempts: 0,
};
const calendarExample = { today: '2026-11-30', workingDays: 15, unknownYears: [2027] };

export const reviewOperations: Operations = {
  'GET /api/review/applications': {
    operationId: 'listQueue',
    tag: 'review',
    summary: 'The review queue',
    description: 'The caller’s counties only (administrators: all), oldest first, 200 pages deep at most.',
    parameters: [
      {
        name: 'status',
        in: 'query',
        description: 'Which applications (default pending_review).',
        schema: ApplicationStatus,
      },
      countyParameter,
      tradeParameter,
      platformParameter,
      ...pageParameters,
    ],
    answers: {
      200: {
        description: 'A page of the queue.',
        body: QueuePage,
        headers: { 'Cache-Control': 'no-store' },
        example: { items: [queueItemExample], nextCursor: null, calendar: calendarExample },
      },
    },
    errors: [STAFF, LISTING, STORAGE, INTERNAL],
  },
  'GET /api/review/applications/{id}': {
    operationId: 'getApplication',
    tag: 'review',
    summary: 'One application in full (audited)',
    parameters: [applicationParameter],
    answers: {
      200: {
        description: 'The application, its contact log and how its deadline was counted.',
        body: FullApplication,
        headers: { 'Cache-Control': 'no-store' },
        example: {
          ...queueItemExample,
          phone: '13812345678',
          consentVersion: '2026-11-01',
          consentAt: '2026-11-28T02:00:00.000Z',
          locale: 'zh-CN',
          contacts: [],
          calendar: calendarExample,
        },
      },
    },
    errors: [
      STAFF,
      { 404: { not_found: 'no such application in the caller’s counties' } },
      STORAGE,
      INTERNAL,
    ],
  },
  'POST /api/review/applications/{id}/decision': {
    operationId: 'decideApplication',
    tag: 'review',
    summary: 'Approve or reject one application',
    description:
      'Exactly once: a retried or racing decision answers 409 already_decided with what it became.',
    parameters: [applicationParameter],
    requestBody: { schema: DecisionRequest, example: { decision: 'reject', reason: '身份证照片无法辨认' } },
    answers: {
      200: {
        description: 'Decided; the applicant is told by SMS.',
        body: DecisionOutcome,
        example: {
          applicationId: 'A261128-7K3F9QXM',
          status: 'approved',
          decidedAt: '2026-11-30T03:00:00.000Z',
          decidedBy: '李审核',
          memberId: 'M261128-7K3F9QXM',
        },
      },
    },
    errors: [
      STAFF,
      jsonBody(64),
      {
        400: {
          validation_failed: 'no decision, an unknown one, a reject without reason, or an unknown field',
        },
        404: { not_found: 'no such application in the caller’s counties' },
        409: {
          already_decided: 'not pending review (any more): `current` says what it became',
          id_already_member: 'approving would give the ID number a second member: `memberId` holds it',
        },
      },
      STORAGE,
      INTERNAL,
    ],
  },
  'POST /api/review/applications/{id}/contacts': {
    operationId: 'logContact',
    tag: 'review',
    summary: 'Log a call to the applicant',
    parameters: [applicationParameter],
    requestBody: { schema: ContactRequest, example: { outcome: 'no_answer', note: '关机' } },
    answers: {
      201: {
        description: 'Logged (audited, outcome only).',
        body: ContactLogged,
        example: {
          applicationId: 'A261128-7K3F9QXM',
          outcome: 'no_answer',
          note: '关机',
          at: '2026-11-30T03:00:00.000Z',
          by: '李审核',
        },
      },
    },
    errors: [
      STAFF,
      jsonBody(64),
      {
        400: { validation_failed: 'no outcome, an unknown one, a note too long, or an unknown field' },
        404: { not_found: 'no such application in the caller’s counties' },
        409: { already_decided: 'decided already: nobody needs to call' },
      },
      STORAGE,
      INTERNAL,
    ],
  },
  'POST /api/review/decisions': {
    operationId: 'decideMany',
    tag: 'review',
    summary: 'Decide several applications',
    description: 'Items the function has no time left for are answered 503 in their result: retry those.',
    requestBody: {
      schema: BulkDecisionRequest,
      example: {
        items: [
          { applicationId: 'A261128-7K3F9QXM', decision: 'approve' },
          { applicationId: 'A261128-2B5D8FHJ', decision: 'reject', reason: '非本市从业' },
        ],
      },
    },
    answers: {
      200: {
        description: 'Each item’s result.',
        body: BulkDecisionResults,
        example: {
          results: [
            {
              ok: true,
              applicationId: 'A261128-7K3F9QXM',
              status: 'approved',
              decidedAt: '2026-11-30T03:00:00.000Z',
              decidedBy: '李审核',
              memberId: 'M261128-7K3F9QXM',
            },
            {
              ok: false,
              applicationId: 'A261128-2B5D8FHJ',
              statusCode: 409,
              error: 'already_decided',
              message: '该申请已经处理过了（可能是其他审核员刚刚处理）。',
              current: { status: 'approved' },
            },
          ],
        },
      },
    },
    errors: [
      STAFF,
      jsonBody(64),
      { 400: { validation_failed: `no items, more than ${MAX_BULK_DECISIONS}, or an unknown field` } },
      STORAGE,
      INTERNAL,
    ],
  },
};
