/**
 * The rules for staff input (docs/architecture.md §9), written once for the staff API and the /staff page's
 * form. Browser-safe (zod/mini). Kept apart from staff.ts: the roster check on every staff request imports
 * that module, and only the staff function and the page validate.
 */
import * as z from 'zod/mini';
import { isCounty } from '../catalog/index';
import type { FieldProblems } from './application-rules';
import type { Role } from './caller';
import { onFirstUse } from './on-first-use';
import {
  type Invitation,
  MAX_DISPLAY_NAME,
  MAX_SUBJECT,
  type NewStaff,
  normaliseContact,
  type StaffChange,
} from './staff';
import { charLength, hasUnsafeCharacters } from './text';

/** Built on first use: most staff routes (the roster, an entry) take no body. */
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
