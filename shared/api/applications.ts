/**
 * Applying and following an application: the rules of shared/domain/application-rules.ts (which stay
 * the authority, with their localised messages) as a schema, and the two answers an applicant sees.
 */
import * as z from 'zod';
import { MAX_PLATFORMS } from '../domain/application-rules';
import {
  ApplicationStatus,
  applicationId,
  CountyCode,
  instant,
  Locale,
  mobileNumber,
  PlatformCode,
  TradeCode,
  text,
} from './common';
import { INTERNAL, jsonBody, STORAGE } from './errors';
import { type Operations, pathId } from './operation';
import { named } from './registry';

export const ApplicationRequest = named(
  'ApplicationRequest',
  'An application. Besides these rules: the ID number’s region, check digit and birth date (applicant at ' +
    'least 16); each platform must serve the trade; `other` among the platforms needs `platformOther`, and ' +
    '`platformOther` needs `other`; the code must be the one sent to this phone, unused and unexpired.',
  z.object({
    fullName: text(
      { min: 2, max: 40, noDigits: true },
      '2–40 characters, no digits, control characters or `<>`.',
    ),
    phone: mobileNumber,
    idNumber: z
      .string()
      .regex(/^\s*\d{17}[\dXx]\s*$/)
      .describe(
        'A mainland resident ID number (GB 11643): 17 digits and a check character; its first two digits a ' +
          'province code of GB/T 2260 (or 83).',
      ),
    trade: TradeCode,
    platforms: z
      .array(PlatformCode)
      .min(1)
      .max(MAX_PLATFORMS)
      .meta({ uniqueItems: true })
      .describe(`1–${MAX_PLATFORMS} distinct platforms that serve the trade.`),
    platformOther: text(
      { min: 2, max: 40, orEmpty: 'blank' },
      'With `other` among the platforms: which platform, 2–40 characters.',
    ).optional(),
    county: CountyCode,
    workplace: text(
      { min: 1, max: 80, orEmpty: 'blank' },
      'Where they usually work, up to 80 characters.',
    ).optional(),
    source: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/)
      .optional()
      .describe('Where the form was opened from: the QR code or event.'),
    consent: z
      .literal(true)
      .describe('Consent to the processing of their data (the consent text’s version).'),
    locale: Locale.optional().describe(
      'The language of answers and SMS (default: Accept-Language, else zh-CN).',
    ),
    verificationId: z
      .string()
      .regex(/^V[A-Za-z0-9_-]{22}$/)
      .describe('From `POST /api/phone-verifications`.'),
    verificationCode: z
      .string()
      .regex(/^\s*(?:\d\s*){6}$/)
      .describe('The 6 digits of the SMS; spaces are dropped.'),
  }),
);
export type ApplicationRequest = z.infer<typeof ApplicationRequest>;

export const Accepted = named(
  'Accepted',
  'Accepted and stored. The same person again (the same ID number with the same proven phone) gets their ' +
    'existing application back, which may be `pending_review` or `approved`.',
  z.object({
    applicationId,
    status: ApplicationStatus,
    statusToken: z.string().describe('With the application number, what `GET /api/applications/{id}` needs.'),
    submittedAt: instant,
  }),
);
export type Accepted = z.infer<typeof Accepted>;

export const StatusView = named(
  'StatusView',
  'What the applicant sees of their application: no personal data at all.',
  z.object({
    applicationId,
    status: ApplicationStatus,
    submittedAt: instant,
    decidedAt: instant.optional(),
    rejectionReason: z.string().optional(),
    memberId: z.string().optional().describe('Once approved: their member number.'),
  }),
);
export type StatusView = z.infer<typeof StatusView>;

const APPLICATION_EXAMPLE = 'A261128-7K3F9QXM';

export const applicationOperations: Operations = {
  'POST /api/applications': {
    operationId: 'submitApplication',
    tag: 'applicants',
    summary: 'Apply',
    description:
      'Nothing in the answer depends on whether the ID number or phone is known already: the same ID number ' +
      'from another proven phone is a new application like any other, which reviewers see flagged.',
    parameters: [
      {
        name: 'Idempotency-Key',
        in: 'header',
        description:
          'Makes retrying safe: the same key with the same body answers the first answer again for 24 hours.',
        schema: z.string().regex(/^[\x21-\x7e]{1,64}$/),
        example: 'my-form-fill-1',
      },
    ],
    requestBody: {
      schema: ApplicationRequest,
      example: {
        fullName: '王小明',
        phone: '+86 138-1234-5678',
        idNumber: '11010519491231002X',
        trade: 'delivery_rider',
        platforms: ['meituan', 'eleme'],
        county: 'zhaoyang',
        consent: true,
        verificationId: 'VpX2cQ9rT4mZ8bN1kL6hJ3w',
        verificationCode: '482913',
      },
    },
    answers: {
      202: {
        description: 'Accepted and durably stored (even if the queue is down: it is picked up later).',
        body: Accepted,
        headers: { Location: 'The application’s status: `GET` it with `X-Status-Token`.' },
        example: {
          applicationId: APPLICATION_EXAMPLE,
          status: 'submitted',
          statusToken: 'sT0k3n-Xy7…',
          submittedAt: '2026-11-28T02:00:00.000Z',
        },
      },
    },
    errors: [
      jsonBody(8),
      {
        400: {
          validation_failed:
            'a field is wrong, missing or unknown (a wrong, expired, spent or used-up code is `fields.verificationCode`)',
          invalid_idempotency_key: 'Idempotency-Key is not 1–64 visible ASCII characters',
        },
        422: { idempotency_key_reused: 'this Idempotency-Key came with a different body' },
        429: { too_many_requests: 'too many applications with this ID number from this address' },
      },
      STORAGE,
      INTERNAL,
    ],
  },
  'GET /api/applications/{id}': {
    operationId: 'getApplicationStatus',
    tag: 'applicants',
    summary: 'An application’s status',
    parameters: [
      pathId('The application number.', z.string(), APPLICATION_EXAMPLE),
      {
        name: 'X-Status-Token',
        in: 'header',
        required: true,
        description: 'The `statusToken` of the application’s answer.',
        schema: z.string(),
      },
    ],
    answers: {
      200: {
        description: 'The status.',
        body: StatusView,
        headers: { 'Cache-Control': 'no-store' },
        example: {
          applicationId: APPLICATION_EXAMPLE,
          status: 'pending_review',
          submittedAt: '2026-11-28T02:00:00.000Z',
        },
      },
    },
    errors: [
      {
        404: {
          not_found: 'unknown or malformed application number, missing or wrong token: all look alike',
        },
      },
      STORAGE,
      INTERNAL,
    ],
  },
};
