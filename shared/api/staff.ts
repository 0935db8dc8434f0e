/** The staff roster (shared/domain/staff.ts): who is staff, adding and changing them, invitations. */
import * as z from 'zod';
import { MAX_DISPLAY_NAME, MAX_SUBJECT } from '../domain/staff';
import { CountyCode, countyField, day, instant, MOBILE_PATTERN, mobileNumber, text } from './common';
import { ADMIN, INTERNAL, jsonBody, STAFF, STORAGE } from './errors';
import { type Operations, pathId } from './operation';
import { named } from './registry';

export const Role = named(
  'Role',
  'An administrator sees every county and runs the roster.',
  z.enum(['reviewer', 'admin']),
);
export type Role = z.infer<typeof Role>;

export const StaffMember = named(
  'StaffMember',
  'A roster entry.',
  z.object({
    staffId: z.string().describe('Derived from the identity: base64url of `issuer\\nsubject`.'),
    issuer: z.string(),
    subject: z.string(),
    displayName: z.string(),
    role: Role,
    counties: z.union([z.literal('*'), z.array(countyField)]).describe('`*` for administrators.'),
    active: z.boolean(),
    updatedAt: instant,
    updatedBy: z.string(),
    contact: z.string().optional().describe('The mobile the working-day digest goes to by SMS.'),
  }),
);
export type StaffMember = z.infer<typeof StaffMember>;

export const StaffDigest = named(
  'StaffDigest',
  'Today’s working-day digest: what is due within 3 working days or overdue (a reviewer’s counties; an ' +
    'administrator’s is the city-wide overdue).',
  z.object({
    date: day,
    scope: z.enum(['counties', 'city_overdue']),
    dueSoon: z.int().min(0),
    overdue: z.int().min(0),
    oldest: z.array(z.string()),
    counties: z.array(
      z.object({
        county: countyField,
        dueSoon: z.int().min(0),
        overdue: z.int().min(0),
        oldest: z.array(z.string()),
        oldestOverdue: z.array(z.string()),
      }),
    ),
  }),
);
export type StaffDigest = z.infer<typeof StaffDigest>;

export const Identity = named(
  'Identity',
  'Who the token proves, on the roster or not.',
  z.object({ issuer: z.string(), subject: z.string(), displayName: z.string() }),
);
export type Identity = z.infer<typeof Identity>;

export const Me = named(
  'Me',
  'Who is signed in, and whether they are staff.',
  z.object({
    identity: Identity,
    staff: StaffMember.nullable().describe('The active roster entry, or null: signed in, but not staff.'),
    digest: StaffDigest.optional(),
  }),
);
export type Me = z.infer<typeof Me>;

export const StaffList = named(
  'StaffList',
  'The whole roster, by display name.',
  z.object({ items: z.array(StaffMember) }),
);
export type StaffList = z.infer<typeof StaffList>;

const displayName = text(
  { min: 1, max: MAX_DISPLAY_NAME },
  `1–${MAX_DISPLAY_NAME} characters, no control characters or \`<>\`.`,
);
const counties = z
  .union([z.literal('*'), z.array(CountyCode).min(1).meta({ uniqueItems: true })])
  .describe('County codes, or `*`; a reviewer needs them, an administrator always has `*`.');
const contact = z
  .union([z.string().regex(MOBILE_PATTERN), z.literal(''), z.null()])
  .describe(`${mobileNumber.description} Empty or null: none.`);

export const NewStaffRequest = named(
  'NewStaffRequest',
  'Someone added by the identity their sign-in provider gives them.',
  z.object({
    issuer: z
      .string()
      .regex(/^https?:\/\/\S+$/)
      .optional()
      .describe('Their provider (default: the deployment’s own sign-in).'),
    subject: z
      .string()
      .regex(new RegExp(`^\\s*\\S{1,${MAX_SUBJECT}}\\s*$`, 'u'))
      .describe('Their `sub` at that provider.'),
    displayName,
    role: Role,
    counties: counties.optional(),
    contact: contact.optional(),
  }),
);
export type NewStaffRequest = z.infer<typeof NewStaffRequest>;

export const StaffChangeRequest = named(
  'StaffChangeRequest',
  'Any of these; the rest stays. An administrator cannot deactivate or demote themselves.',
  z.object({
    displayName: displayName.optional(),
    role: Role.optional(),
    counties: counties.optional(),
    active: z.boolean().optional(),
    contact: contact.optional(),
  }),
);
export type StaffChangeRequest = z.infer<typeof StaffChangeRequest>;

export const InvitationRequest = named(
  'InvitationRequest',
  'The entry whoever redeems the invitation gets.',
  z.object({ displayName, role: Role, counties: counties.optional() }),
);
export type InvitationRequest = z.infer<typeof InvitationRequest>;

export const InvitationMade = named(
  'InvitationMade',
  'The code is shown once, here: only its keyed hash is kept. Good for a week, once.',
  z.object({
    code: z.string(),
    expiresAt: instant,
    path: z.string().describe('`/review#invitation=<code>`, to put after the site’s origin.'),
  }),
);
export type InvitationMade = z.infer<typeof InvitationMade>;

export const RedeemRequest = named(
  'RedeemRequest',
  'An invitation code, redeemed by whoever is signed in.',
  z.looseObject({ code: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) }),
);
export type RedeemRequest = z.infer<typeof RedeemRequest>;

const staffMemberExample = {
  staffId: 'aHR0cDovL2xvY2FsaG9zdDozMDAwL29pZGMKbGktc2hlbmhl',
  issuer: 'http://localhost:3000/oidc',
  subject: 'li-shenhe',
  displayName: '李审核',
  role: 'reviewer',
  counties: ['zhaoyang'],
  active: true,
  updatedAt: '2026-11-30T03:00:00.000Z',
  updatedBy: '张管理',
};
const staffIdParameter = pathId('The staff id.', z.string(), staffMemberExample.staffId);
const staffAnswer = (description: string) => ({
  description,
  body: StaffMember,
  example: staffMemberExample,
});

export const staffOperations: Operations = {
  'GET /api/staff/me': {
    operationId: 'getMe',
    tag: 'staff',
    summary: 'Who am I',
    description: 'For anyone signed in, on the roster or not.',
    answers: {
      200: {
        description: 'The identity, and the roster entry if active.',
        body: Me,
        headers: { 'Cache-Control': 'no-store' },
        example: {
          identity: { issuer: staffMemberExample.issuer, subject: 'li-shenhe', displayName: '李审核' },
          staff: staffMemberExample,
        },
      },
    },
    errors: [{ 401: STAFF[401] ?? {} }, STORAGE, INTERNAL],
  },
  'GET /api/staff': {
    operationId: 'listStaff',
    tag: 'staff',
    summary: 'The roster (administrators)',
    answers: {
      200: {
        description: 'Every entry.',
        body: StaffList,
        headers: { 'Cache-Control': 'no-store' },
        example: { items: [staffMemberExample] },
      },
    },
    errors: [ADMIN, STORAGE, INTERNAL],
  },
  'POST /api/staff': {
    operationId: 'addStaff',
    tag: 'staff',
    summary: 'Add someone (administrators)',
    requestBody: {
      schema: NewStaffRequest,
      example: { subject: 'li-shenhe', displayName: '李审核', role: 'reviewer', counties: ['zhaoyang'] },
    },
    answers: { 201: staffAnswer('Added (audited).') },
    errors: [
      ADMIN,
      jsonBody(8),
      {
        400: {
          validation_failed: 'a field is wrong, missing or unknown, or the identity is on the roster already',
        },
      },
      STORAGE,
      INTERNAL,
    ],
  },
  'POST /api/staff/invitations': {
    operationId: 'invite',
    tag: 'staff',
    summary: 'Make an invitation (administrators)',
    requestBody: {
      schema: InvitationRequest,
      example: { displayName: '李审核', role: 'reviewer', counties: ['zhaoyang'] },
    },
    answers: {
      201: {
        description: 'The invitation (audited).',
        body: InvitationMade,
        example: {
          code: 'Qm9vZ2llLWJvb2dpZS0xMjM0',
          expiresAt: '2026-12-07T03:00:00.000Z',
          path: '/review#invitation=Qm9vZ2llLWJvb2dpZS0xMjM0',
        },
      },
    },
    errors: [
      ADMIN,
      jsonBody(8),
      { 400: { validation_failed: 'a field is wrong, missing or unknown' } },
      STORAGE,
      INTERNAL,
    ],
  },
  'POST /api/staff/invitations/redeem': {
    operationId: 'redeemInvitation',
    tag: 'staff',
    summary: 'Redeem an invitation',
    description: 'For anyone signed in: puts their identity on the roster as the invitation says.',
    requestBody: { schema: RedeemRequest, example: { code: 'Qm9vZ2llLWJvb2dpZS0xMjM0' } },
    answers: { 201: staffAnswer('On the roster now (audited).') },
    errors: [
      { 401: STAFF[401] ?? {} },
      jsonBody(8),
      {
        400: {
          validation_failed: '`code` unknown, expired or used; or the identity is on the roster already',
        },
      },
      STORAGE,
      INTERNAL,
    ],
  },
  'POST /api/staff/{id}': {
    operationId: 'changeStaff',
    tag: 'staff',
    summary: 'Change an entry (administrators)',
    parameters: [staffIdParameter],
    requestBody: { schema: StaffChangeRequest, example: { active: false } },
    answers: { 200: staffAnswer('Changed (audited).') },
    errors: [
      ADMIN,
      jsonBody(8),
      {
        400: { validation_failed: 'a field is wrong or unknown; or locking oneself out' },
        404: { not_found: 'no such entry' },
        409: { changed_meanwhile: 'someone changed the entry since it was read: read it again' },
      },
      STORAGE,
      INTERNAL,
    ],
  },
};
