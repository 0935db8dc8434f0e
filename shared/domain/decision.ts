/** Reviewers' decisions: the request rules (shared by the API and the console) and the member they create. */
import * as z from 'zod/mini';
import { APPLICATION_ID_PATTERN } from './application';
import type { FieldProblems } from './application-rules';
import { onFirstUse } from './on-first-use';
import { charLength, hasUnsafeCharacters } from './text';

export type Decision = 'approve' | 'reject';
export const MAX_BULK_DECISIONS = 25;
export const MAX_REASON_LENGTH = 500;

export interface DecisionInput {
  decision: Decision;
  reason?: string;
}
export interface BulkItemInput extends DecisionInput {
  applicationId: string;
}

/** Built on first use, not at cold start: the review function's listing and reading routes never need it. */
const reasonSchema = onFirstUse(() =>
  z.optional(
    z.pipe(
      z.string('type'),
      z.transform((s: string) => s.trim()),
    ),
  ),
);

type Result<T> = { ok: true; value: T } | { ok: false; fields: FieldProblems };

const isObject = (input: unknown): input is Record<string, unknown> =>
  typeof input === 'object' && input !== null && !Array.isArray(input);

const checkDecision = (
  input: unknown,
  allowed: readonly string[],
): Result<DecisionInput & Record<string, unknown>> => {
  if (!isObject(input)) return { ok: false, fields: { body: 'body.object' } };
  const fields: FieldProblems = {};
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key))
      Object.defineProperty(fields, key, { value: 'unknown_field', enumerable: true });
  }
  const decision = input.decision;
  if (decision !== 'approve' && decision !== 'reject') {
    fields.decision = decision === undefined ? 'required' : 'decision.unknown';
  }
  const reason = reasonSchema().safeParse(input.reason);
  const text = reason.success ? reason.data : undefined;
  if (!reason.success) fields.reason = 'type';
  else if (text !== undefined && charLength(text) > MAX_REASON_LENGTH) fields.reason = 'reason.length';
  else if (text !== undefined && hasUnsafeCharacters(text.replace(/[\n\r\t]/g, ' ')))
    fields.reason = 'text.characters';
  else if (decision === 'reject' && !text) fields.reason = 'reason.required';
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, value: { ...input, decision: decision as Decision, ...(text ? { reason: text } : {}) } };
};

export const validateDecision = (input: unknown): Result<DecisionInput> => {
  const result = checkDecision(input, ['decision', 'reason']);
  return result.ok
    ? { ok: true, value: { decision: result.value.decision, ...pickReason(result.value) } }
    : result;
};

const pickReason = (value: DecisionInput) => (value.reason ? { reason: value.reason } : {});

/** The bulk body; each item's own problems are reported per item, not as a whole-request failure. */
export const validateBulkEnvelope = (input: unknown): Result<{ items: unknown[] }> => {
  if (!isObject(input)) return { ok: false, fields: { body: 'body.object' } };
  const fields: FieldProblems = {};
  for (const key of Object.keys(input)) {
    if (key !== 'items') Object.defineProperty(fields, key, { value: 'unknown_field', enumerable: true });
  }
  const items = input.items;
  if (!Array.isArray(items)) fields.items = items === undefined ? 'required' : 'type';
  else if (items.length < 1 || items.length > MAX_BULK_DECISIONS) fields.items = 'items.count';
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, value: { items: items as unknown[] } };
};

export const validateBulkItem = (input: unknown): Result<BulkItemInput> => {
  const result = checkDecision(input, ['applicationId', 'decision', 'reason']);
  const applicationId = isObject(input) ? input.applicationId : undefined;
  const idOk = typeof applicationId === 'string' && APPLICATION_ID_PATTERN.test(applicationId);
  if (!result.ok || !idOk) {
    const fields = result.ok ? {} : result.fields;
    if (!idOk) fields.applicationId = applicationId === undefined ? 'required' : 'applicationId.format';
    return { ok: false, fields };
  }
  return {
    ok: true,
    value: {
      applicationId: applicationId as string,
      decision: result.value.decision,
      ...pickReason(result.value),
    },
  };
};
