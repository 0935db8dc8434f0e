/**
 * The rules of `POST /api/phone-verifications` (docs/architecture.md §7), shared by the API and the form: the phone
 * (the form's own rule), the solved proof-of-work payload (`altcha`, required; the handler checks what
 * it proves) and the language of the SMS.
 */
import * as z from 'zod/mini';
import type { FieldProblems } from './application-rules';
import { localeSchema, phoneSchema } from './shared-schemas';

export const VERIFICATION_REQUEST_FIELDS = ['phone', 'altcha', 'locale'] as const;
/** An ALTCHA payload is base64 JSON of a few hundred bytes. */
export const MAX_ALTCHA_LENGTH = 4096;

export interface VerificationRequestInput {
  phone: string;
  altcha: string;
  locale?: 'zh-CN' | 'en';
}

const schemas = {
  phone: phoneSchema,
  altcha: z
    .string('altcha.required')
    .check(z.minLength(1, 'altcha.required'), z.maxLength(MAX_ALTCHA_LENGTH, 'altcha.invalid')),
  locale: localeSchema,
} satisfies Record<(typeof VERIFICATION_REQUEST_FIELDS)[number], z.ZodMiniType>;

export const validateVerificationRequest = (
  input: unknown,
): { ok: true; value: VerificationRequestInput } | { ok: false; fields: FieldProblems } => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, fields: { body: 'body.object' } };
  }
  const body = input as Record<string, unknown>;
  const fields: FieldProblems = {};
  const value: Record<string, unknown> = {};
  for (const key of Object.keys(body)) {
    if (!(VERIFICATION_REQUEST_FIELDS as readonly string[]).includes(key)) {
      Object.defineProperty(fields, key, { value: 'unknown_field', enumerable: true, writable: true });
    }
  }
  for (const field of VERIFICATION_REQUEST_FIELDS) {
    const result = schemas[field].safeParse(body[field]);
    if (!result.success) {
      const issue = result.error.issues[0];
      if (field === 'altcha') {
        fields.altcha =
          body.altcha === undefined || body.altcha === '' ? 'altcha.required' : 'altcha.invalid';
        continue;
      }
      fields[field] =
        issue?.code === 'invalid_type' ? (body[field] === undefined ? 'required' : 'type') : issue?.message;
    } else if (result.data !== undefined) value[field] = result.data;
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, value: value as unknown as VerificationRequestInput };
};
