/**
 * The staff roster (docs/architecture.md §9): who is a reviewer or an administrator, and for which counties, kept by
 * the app itself. A sign-in token only proves an identity — an issuer and a subject — and the roster
 * says what that identity may do; an identity not on it, or deactivated, is refused (403).
 * Browser-safe (zod/mini): the /staff page checks its form with these rules too.
 */
import * as z from 'zod/mini';
import { isCounty } from '../catalog/index';
import type { FieldProblems } from './application-rules';
import type { Caller, Role } from './caller';
import { onFirstUse } from './on-first-use';
import { normalisePhone } from './phone';
import { charLength, hasUnsafeCharacters } from './text';

export interface StaffIdentity {
  /** The token's `iss`: which provider vouched for this person. */
  issuer: string;
  /** The token's `sub`: who they are at that provider. */
  subject: string;
}

export interface StaffEntry extends StaffIdentity {
  /** An opaque id for the API and the page (`/api/staff/{id}`), derived from the identity. */
  staffId: string;
  displayName: string;
  role: Role;
  /** County codes; administrators always `'*'`. */
  counties: '*' | string[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
  /** Who made the last change (a display name), or how the entry came to be (`token CLI`, `invitation`). */
  updatedBy: string;
  /** Optimistic lock: every change is conditional on the version read. */
  version: number;
  /**
   * Where the working-day digest goes (functions/digest): a mainland mobile number (11 digits, by SMS)
   * or an e-mail address (shown in the console at sign-in; e-mail itself is not sent). None: console only.
   */
  contact?: string;
}

/**
 * A staff contact as stored: a mainland mobile number normalised to 11 digits, else undefined. Only SMS:
 * the digest must reach staff in the China Regions too, where no AWS e-mail service is documented; staff
 * without a mobile contact see the digest as a banner in the console.
 */
export const normaliseContact = (raw: unknown): string | undefined =>
  typeof raw === 'string' ? (normalisePhone(raw.trim()) ?? undefined) : undefined;

/** The mobile the digest goes to by SMS, or undefined. */
export const contactPhone = (entry: Pick<StaffEntry, 'contact'>): string | undefined => entry.contact;

/** The staff id of an identity: base64url of `issuer\nsubject`, so it names one identity and nothing else. */
export const staffIdOf = (identity: StaffIdentity): string => {
  const bytes = new TextEncoder().encode(`${identity.issuer}\n${identity.subject}`);
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
};

export const identityOfStaffId = (staffId: string): StaffIdentity | undefined => {
  try {
    const binary = atob(staffId.replace(/-/g, '+').replace(/_/g, '/'));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(binary, (c) => c.charCodeAt(0)),
    );
    const [issuer, subject, extra] = text.split('\n');
    if (!issuer || !subject || extra !== undefined) return undefined;
    return { issuer, subject };
  } catch {
    return undefined;
  }
};

/** A new, active roster entry for `identity`, written by `by` at `at` (ISO time). */
export const newStaffEntry = (
  identity: StaffIdentity,
  grant: { displayName: string; role: Role; counties: '*' | string[]; contact?: string },
  by: string,
  at: string,
): StaffEntry => ({
  ...(grant.contact ? { contact: grant.contact } : {}),
  staffId: staffIdOf(identity),
  issuer: identity.issuer,
  subject: identity.subject,
  displayName: grant.displayName,
  role: grant.role,
  counties: grant.role === 'admin' ? '*' : grant.counties,
  active: true,
  createdAt: at,
  updatedAt: at,
  updatedBy: by,
  version: 1,
});

/** What a signed-in staff member may do, from their roster entry. */
export const callerFromStaff = (entry: StaffEntry): Caller => ({
  sub: entry.subject,
  name: entry.displayName,
  role: entry.role,
  counties: entry.role === 'admin' ? '*' : entry.counties,
});

export interface StaffChange {
  displayName?: string;
  role?: Role;
  counties?: '*' | string[];
  active?: boolean;
  /** A new contact, or null to remove it. */
  contact?: string | null;
}

export const MAX_DISPLAY_NAME = 60;
export const MAX_SUBJECT = 255;

/**
 * Built on first use: the roster check on every staff request (shared/http/auth.ts) imports this module but
 * never validates input, so neither its cold start nor its bundle carries these schemas or zod.
 */
const buildSchemas = () => ({
  displayName: z
    .pipe(
      z.string('required'),
      z.transform((s: string) => s.trim()),
    )
    .check(
      z.refine((s: string) => charLength(s) >= 1 && charLength(s) <= MAX_DISPLAY_NAME, 'staff.displayName'),
      z.refine((s: string) => !hasUnsafeCharacters(s), 'text.characters'),
    ),
  role: z.enum(['reviewer', 'admin'], 'staff.role'),
  counties: z.union([
    z.literal('*'),
    z.array(z.string('staff.counties'), 'staff.counties').check(
      z.minLength(1, 'staff.counties'),
      z.refine((codes: string[]) => codes.every(isCounty), 'staff.counties'),
      z.refine((codes: string[]) => new Set(codes).size === codes.length, 'staff.counties'),
    ),
  ]),
});
const staffSchemas = onFirstUse(buildSchemas);

type Result<T> = { ok: true; value: T } | { ok: false; fields: FieldProblems };

const unknownFields = (body: Record<string, unknown>, allowed: readonly string[], fields: FieldProblems) => {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key))
      Object.defineProperty(fields, key, { value: 'unknown_field', enumerable: true });
  }
};

const isObject = (input: unknown): input is Record<string, unknown> =>
  typeof input === 'object' && input !== null && !Array.isArray(input);

/** A role and counties together: a reviewer needs counties; an administrator sees every county. */
const scopeProblems = (role: Role | undefined, counties: unknown, fields: FieldProblems) => {
  if (role === 'reviewer' && counties === undefined) fields.counties = 'staff.counties';
};

/** `PATCH`-like change of an entry: any of displayName, role, counties, active. */
export const validateStaffChange = (input: unknown): Result<StaffChange> => {
  if (!isObject(input)) return { ok: false, fields: { body: 'body.object' } };
  const fields: FieldProblems = {};
  unknownFields(input, ['displayName', 'role', 'counties', 'active', 'contact'], fields);
  const value: StaffChange = {};
  const { displayName: displayNameSchema, role: roleSchema, counties: countiesSchema } = staffSchemas();
  if (input.displayName !== undefined) {
    const name = displayNameSchema.safeParse(input.displayName);
    if (name.success) value.displayName = name.data;
    else fields.displayName = name.error.issues[0]?.message ?? 'invalid';
  }
  if (input.role !== undefined) {
    const role = roleSchema.safeParse(input.role);
    if (role.success) value.role = role.data;
    else fields.role = 'staff.role';
  }
  if (input.counties !== undefined) {
    const counties = countiesSchema.safeParse(input.counties);
    if (counties.success) value.counties = counties.data;
    else fields.counties = 'staff.counties';
  }
  if (input.active !== undefined) {
    if (typeof input.active === 'boolean') value.active = input.active;
    else fields.active = 'type';
  }
  if (input.contact !== undefined) {
    const contact = input.contact === null || input.contact === '' ? null : normaliseContact(input.contact);
    if (contact === undefined) fields.contact = 'staff.contact';
    else value.contact = contact;
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, value };
};

export interface NewStaff {
  /** @default the deployment's own issuer */
  issuer?: string;
  subject: string;
  displayName: string;
  role: Role;
  counties: '*' | string[];
  contact?: string;
}

/** Adding someone by the identity their provider gives them. */
export const validateNewStaff = (input: unknown): Result<NewStaff> => {
  if (!isObject(input)) return { ok: false, fields: { body: 'body.object' } };
  const fields: FieldProblems = {};
  unknownFields(input, ['issuer', 'subject', 'displayName', 'role', 'counties', 'contact'], fields);
  const subject = typeof input.subject === 'string' ? input.subject.trim() : '';
  if (!subject || subject.length > MAX_SUBJECT || /[\s\n]/.test(subject)) fields.subject = 'staff.subject';
  const issuer = input.issuer;
  if (issuer !== undefined && (typeof issuer !== 'string' || !/^https?:\/\/\S+$/.test(issuer)))
    fields.issuer = 'staff.issuer';
  const change = validateStaffChange({
    displayName: input.displayName,
    role: input.role,
    ...(input.counties !== undefined ? { counties: input.counties } : {}),
    ...(input.contact !== undefined ? { contact: input.contact } : {}),
  });
  if (!change.ok) Object.assign(fields, change.fields);
  if (input.displayName === undefined) fields.displayName = 'required';
  if (input.role === undefined) fields.role = 'required';
  const role = change.ok ? change.value.role : undefined;
  scopeProblems(role, input.counties, fields);
  if (Object.keys(fields).length > 0 || !change.ok) return { ok: false, fields };
  return {
    ok: true,
    value: {
      ...(typeof issuer === 'string' ? { issuer } : {}),
      subject,
      displayName: change.value.displayName as string,
      role: change.value.role as Role,
      counties: role === 'admin' ? '*' : (change.value.counties as '*' | string[]),
      ...(change.value.contact ? { contact: change.value.contact } : {}),
    },
  };
};

/** An invitation: the entry its redeemer gets. */
export type Invitation = Omit<NewStaff, 'issuer' | 'subject'>;

export const validateInvitation = (input: unknown): Result<Invitation> => {
  if (!isObject(input)) return { ok: false, fields: { body: 'body.object' } };
  const fields: FieldProblems = {};
  unknownFields(input, ['displayName', 'role', 'counties'], fields);
  const checked = validateNewStaff({ ...input, subject: 'invitation' });
  if (!checked.ok) Object.assign(fields, checked.fields);
  if (Object.keys(fields).length > 0 || !checked.ok) return { ok: false, fields };
  const { displayName, role, counties } = checked.value;
  return { ok: true, value: { displayName, role, counties } };
};

/** The name staff are shown under, from the token's usual claims, else the subject. */
export const displayNameFromClaims = (claims: Record<string, unknown>): string => {
  for (const claim of ['name', 'preferred_username', 'cognito:username', 'email']) {
    const value = claims[claim];
    if (typeof value === 'string' && value.trim()) return value.trim().slice(0, MAX_DISPLAY_NAME);
  }
  return String(claims.sub ?? '').slice(0, MAX_DISPLAY_NAME);
};
