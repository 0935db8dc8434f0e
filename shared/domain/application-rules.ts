/**
 * The application form's rules, written once: the intake API and the browser form both use them.
 * Browser-safe (zod/mini only). Each problem is a message code that `messages.ts` localises.
 */
import * as z from 'zod/mini';
import { isCounty, isPlatform, isTrade, OTHER_PLATFORM, platformServesTrade } from '../catalog/index';
import { idNumberProblem, normaliseIdNumber } from './id-number';
import { localeSchema, phoneSchema } from './shared-schemas';
import { charLength, hasUnsafeCharacters, nameProblem } from './text';
import { VERIFICATION_CODE_PATTERN, VERIFICATION_ID_PATTERN } from './verification';

export const APPLICATION_FIELDS = [
  'fullName',
  'phone',
  'idNumber',
  'trade',
  'platforms',
  'platformOther',
  'county',
  'workplace',
  'source',
  'consent',
  'locale',
  'verificationId',
  'verificationCode',
] as const;
export type ApplicationField = (typeof APPLICATION_FIELDS)[number];
export const MAX_PLATFORMS = 5;

export interface ApplicationInput {
  fullName: string;
  phone: string;
  idNumber: string;
  trade: string;
  platforms: string[];
  platformOther?: string;
  county: string;
  workplace?: string;
  source?: string;
  consent: true;
  locale?: 'zh-CN' | 'en';
  /** From `POST /api/phone-verifications`: the phone is proven by the code sent to it (docs/architecture.md §7). */
  verificationId: string;
  verificationCode: string;
}

export type FieldProblems = Partial<Record<string, string>>;
export type ValidationResult = { ok: true; value: ApplicationInput } | { ok: false; fields: FieldProblems };

const requiredString = z.string('required');
const trimmed = (schema: z.ZodMiniString<string>) =>
  z.pipe(
    schema,
    z.transform((s: string) => s.trim()),
  );
const optionalText = z.optional(trimmed(z.string('type')));

const nameSchema = trimmed(requiredString).check(
  z.refine((n: string) => nameProblem(n) !== 'length', 'fullName.length'),
  z.refine((n: string) => nameProblem(n) !== 'characters', 'fullName.characters'),
);

/** `now` decides the applicant's age, so the schema is made per request. */
const idNumberSchema = (now: () => Date) =>
  z.pipe(
    requiredString,
    z.transform((raw: string, ctx) => {
      const id = normaliseIdNumber(raw);
      const problem = idNumberProblem(id, now());
      if (problem !== null) {
        ctx.issues.push({ code: 'custom', message: `idNumber.${problem}`, input: raw });
        return z.NEVER;
      }
      return id;
    }),
  );

const codeSchema = (field: string, known: (code: string) => boolean) =>
  z.string('required').check(z.refine(known, `${field}.unknown`));

const platformsSchema = z.array(z.string('platforms.unknown'), 'required').check(
  z.minLength(1, 'platforms.count'),
  z.maxLength(MAX_PLATFORMS, 'platforms.count'),
  z.refine((codes: string[]) => codes.every(isPlatform), 'platforms.unknown'),
  z.refine((codes: string[]) => new Set(codes).size === codes.length, 'platforms.duplicate'),
);

const platformOtherSchema = optionalText.check(
  z.refine(
    (text: string | undefined) => text === undefined || text === '' || charLength(text) >= 2,
    'platformOther.length',
  ),
  z.refine(
    (text: string | undefined) => text === undefined || charLength(text) <= 40,
    'platformOther.length',
  ),
  z.refine((text: string | undefined) => text === undefined || !hasUnsafeCharacters(text), 'text.characters'),
);

const workplaceSchema = optionalText.check(
  z.refine((text: string | undefined) => text === undefined || charLength(text) <= 80, 'workplace.length'),
  z.refine((text: string | undefined) => text === undefined || !hasUnsafeCharacters(text), 'text.characters'),
);

const sourceSchema = z.optional(z.string('type').check(z.regex(/^[a-z0-9-]{1,40}$/, 'source.format')));
const consentSchema = z.literal(true, 'consent.required');
const verificationIdSchema = z
  .string('verificationCode.request')
  .check(z.regex(VERIFICATION_ID_PATTERN, 'verificationCode.request'));
/** Six digits; spaces a phone may put in a pasted code are dropped. */
const verificationCodeSchema = z.pipe(
  requiredString,
  z.transform((raw: string, ctx) => {
    const code = raw.replace(/\s/g, '');
    if (!VERIFICATION_CODE_PATTERN.test(code)) {
      ctx.issues.push({ code: 'custom', message: 'verificationCode.format', input: raw });
      return z.NEVER;
    }
    return code;
  }),
);

/** One schema per field, so the browser can check a single field when the user leaves it. */
export const fieldSchemas = (now: () => Date = () => new Date()) =>
  ({
    fullName: nameSchema,
    phone: phoneSchema,
    idNumber: idNumberSchema(now),
    trade: codeSchema('trade', isTrade),
    platforms: platformsSchema,
    platformOther: platformOtherSchema,
    county: codeSchema('county', isCounty),
    workplace: workplaceSchema,
    source: sourceSchema,
    consent: consentSchema,
    locale: localeSchema,
    verificationId: verificationIdSchema,
    verificationCode: verificationCodeSchema,
  }) satisfies Record<ApplicationField, z.ZodMiniType>;

/** `given` is the field's value in the body: zod leaves `input` out of its issues, so it cannot tell. */
const firstProblem = (error: z.core.$ZodError, given: unknown, field: string): string => {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  // Without a verification there is nothing to check a code against: the worker has to ask for one.
  if (field === 'verificationId') return 'verificationCode.request';
  if (issue.code === 'invalid_type') return given === undefined ? 'required' : 'type';
  return issue.message;
};

/** Rules that relate fields to each other: platforms must serve the trade; `other` needs a description. */
const crossFieldProblems = (value: Partial<ApplicationInput>, fields: FieldProblems): void => {
  const { trade, platforms, platformOther } = value;
  if (trade !== undefined && platforms !== undefined && !fields.trade && !fields.platforms) {
    if (!platforms.every((p) => platformServesTrade(p, trade))) fields.platforms = 'platforms.trade';
  }
  if (platforms !== undefined && !fields.platforms && !fields.platformOther) {
    const hasOther = platforms.includes(OTHER_PLATFORM);
    const described = platformOther !== undefined && platformOther !== '';
    if (hasOther && !described) fields.platformOther = 'platformOther.required';
    if (!hasOther && described) fields.platformOther = 'platformOther.unexpected';
  }
};

const isPlainObject = (input: unknown): input is Record<string, unknown> =>
  typeof input === 'object' && input !== null && !Array.isArray(input);

export const validateApplication = (input: unknown, now: () => Date = () => new Date()): ValidationResult => {
  if (!isPlainObject(input)) return { ok: false, fields: { body: 'body.object' } };
  const schemas = fieldSchemas(now);
  const fields: FieldProblems = {};
  const value: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    // defineProperty, not assignment: a JSON key "__proto__" would otherwise hit the prototype setter and vanish.
    if (!(APPLICATION_FIELDS as readonly string[]).includes(key)) {
      Object.defineProperty(fields, key, {
        value: 'unknown_field',
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  for (const field of APPLICATION_FIELDS) {
    const result = schemas[field].safeParse(input[field]);
    if (result.success) {
      if (result.data !== undefined && result.data !== '') value[field] = result.data;
    } else {
      fields[field] = firstProblem(result.error, input[field], field);
    }
  }
  // The form has no control for the verification id: its problem is shown at the code, and it comes
  // first there (without a code requested, there is nothing to type).
  if (fields.verificationId) {
    fields.verificationCode = fields.verificationId;
    delete fields.verificationId;
  }
  crossFieldProblems(value as Partial<ApplicationInput>, fields);
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, value: value as unknown as ApplicationInput };
};
