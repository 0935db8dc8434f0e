/**
 * Bulk decisions: the selection (at most 25 at a time, the API's limit) and the summary of a
 * `POST /api/review/decisions` answer. Pure, so it is unit-tested on its own.
 */

/** The API's limit per request (shared/domain/decision.ts MAX_BULK_DECISIONS; a unit test keeps them equal). */
export const MAX_BULK = 25;
/** The longest reason (shared/domain/decision.ts MAX_REASON_LENGTH), in characters (code points). */
export const MAX_REASON = 500;

export type Decision = 'approve' | 'reject';

export interface BulkItem {
  applicationId: string;
  decision: Decision;
  reason?: string;
}

export const reasonLength = (text: string): number => Array.from(text.trim()).length;

export const bulkItems = (ids: readonly string[], decision: Decision, reason?: string): BulkItem[] =>
  ids.map((applicationId) =>
    decision === 'reject'
      ? { applicationId, decision, reason: (reason ?? '').trim() }
      : { applicationId, decision },
  );

export interface BulkSuccess {
  applicationId: string;
  status: 'approved' | 'rejected';
  memberId?: string;
  decidedAt?: string;
  decidedBy?: string;
}

export interface BulkFailure {
  applicationId: string;
  /** The API's error code; `missing` when the answer said nothing about this application. */
  code: string;
  /** The API's message (in the request's language), if it gave one. */
  message?: string;
  /** With id_already_member: the member who holds this ID number. */
  memberId?: string;
}

export interface BulkSummary {
  succeeded: BulkSuccess[];
  failed: BulkFailure[];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/**
 * Matches each requested application with its result. Results are matched by id, in order; whatever the
 * answer leaves out (or cannot be read) is reported as failed, never silently dropped.
 */
export const summariseBulk = (requested: readonly string[], body: unknown): BulkSummary => {
  const results = (body as { results?: unknown } | null)?.results;
  const list: unknown[] = Array.isArray(results) ? results : [];
  const succeeded: BulkSuccess[] = [];
  const failed: BulkFailure[] = [];
  const used = new Set<number>();
  for (const applicationId of requested) {
    const index = list.findIndex(
      (r, i) => !used.has(i) && (r as { applicationId?: unknown } | null)?.applicationId === applicationId,
    );
    if (index < 0) {
      failed.push({ applicationId, code: 'missing' });
      continue;
    }
    used.add(index);
    const result = list[index] as Record<string, unknown>;
    const status = result.status;
    if (result.ok === true && (status === 'approved' || status === 'rejected')) {
      const memberId = text(result.memberId);
      const decidedAt = text(result.decidedAt);
      const decidedBy = text(result.decidedBy);
      succeeded.push({
        applicationId,
        status,
        ...(memberId ? { memberId } : {}),
        ...(decidedAt ? { decidedAt } : {}),
        ...(decidedBy ? { decidedBy } : {}),
      });
    } else {
      const message = text(result.message);
      const memberId = text(result.memberId);
      failed.push({
        applicationId,
        code: text(result.error) ?? 'internal_error',
        ...(message ? { message } : {}),
        ...(memberId ? { memberId } : {}),
      });
    }
  }
  return { succeeded, failed };
};

/** Ticks or unticks one application; refuses a tick beyond `limit`. */
export const toggleSelection = (
  selected: ReadonlySet<string>,
  id: string,
  limit: number = MAX_BULK,
): { selected: Set<string>; refused: boolean } => {
  const next = new Set(selected);
  if (next.has(id)) {
    next.delete(id);
    return { selected: next, refused: false };
  }
  if (next.size >= limit) return { selected: next, refused: true };
  next.add(id);
  return { selected: next, refused: false };
};

/**
 * "Select all on this page": when every selectable row is ticked, unticks them; otherwise ticks rows in
 * page order up to `limit` in all and says how many were left out.
 */
export const selectPage = (
  selected: ReadonlySet<string>,
  selectable: readonly string[],
  limit: number = MAX_BULK,
): { selected: Set<string>; leftOut: number } => {
  const next = new Set(selected);
  if (selectable.length > 0 && selectable.every((id) => next.has(id))) {
    for (const id of selectable) next.delete(id);
    return { selected: next, leftOut: 0 };
  }
  let leftOut = 0;
  for (const id of selectable) {
    if (next.has(id)) continue;
    if (next.size < limit) next.add(id);
    else leftOut++;
  }
  return { selected: next, leftOut };
};
