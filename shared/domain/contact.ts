/**
 * The contact log (issue 12 item 4): a reviewer records each attempt to reach an applicant by phone.
 * The request rules, shared by the API and the console. Pure: no AWS imports.
 */
import * as z from 'zod/mini';
import type { FieldProblems } from './application-rules';
import { onFirstUse } from './on-first-use';
import { charLength, hasUnsafeCharacters } from './text';

export const CONTACT_OUTCOMES = ['reached', 'no_answer', 'wrong_number'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];
export const MAX_CONTACT_NOTE_LENGTH = 200;

export interface ContactInput {
  outcome: ContactOutcome;
  note?: string;
}

/** One recorded attempt, as stored under the application and as the API returns it. */
export interface ContactEntry {
  outcome: ContactOutcome;
  note?: string;
  at: string;
  by: string;
}

/** Built on first use, not at cold start: of the review function's routes only the contact log needs them. */
const buildSchemas = () => ({
  outcome: z.enum(CONTACT_OUTCOMES),
  note: z.optional(
    z.pipe(
      z.string('type'),
      z.transform((s: string) => s.trim()),
    ),
  ),
});
const contactSchemas = onFirstUse(buildSchemas);

type Result<T> = { ok: true; value: T } | { ok: false; fields: FieldProblems };

export const validateContact = (input: unknown): Result<ContactInput> => {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, fields: { body: 'body.object' } };
  const body = input as Record<string, unknown>;
  const { outcome: outcomeSchema, note: noteSchema } = contactSchemas();
  const fields: FieldProblems = {};
  for (const key of Object.keys(body)) {
    if (key !== 'outcome' && key !== 'note')
      Object.defineProperty(fields, key, { value: 'unknown_field', enumerable: true });
  }
  const outcome = outcomeSchema.safeParse(body.outcome);
  if (!outcome.success) fields.outcome = body.outcome === undefined ? 'required' : 'contact.outcome';
  const note = noteSchema.safeParse(body.note);
  const text = note.success ? note.data : undefined;
  if (!note.success) fields.note = 'type';
  else if (text !== undefined && charLength(text) > MAX_CONTACT_NOTE_LENGTH)
    fields.note = 'contact.note.length';
  else if (text !== undefined && hasUnsafeCharacters(text.replace(/[\n\r\t]/g, ' ')))
    fields.note = 'text.characters';
  if (Object.keys(fields).length > 0 || !outcome.success) return { ok: false, fields };
  return { ok: true, value: { outcome: outcome.data, ...(text ? { note: text } : {}) } };
};

/**
 * Whether the queue still shows "not contacted yet": an open application nobody has reached by phone.
 * A decision ends it, whatever the contact log says.
 */
export const awaitingContact = (application: { status: string; contactedAt?: string }): boolean =>
  (application.status === 'submitted' || application.status === 'pending_review') && !application.contactedAt;
