/** Typed domain errors. `shared/http/error-mapping.ts` is the one place that turns them into HTTP responses. */
import type { FieldProblems } from './application-rules';

export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message?: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailed extends DomainError {
  readonly code = 'validation_failed';
  constructor(readonly fields: FieldProblems) {
    super('validation failed');
  }
}
export class InvalidJson extends DomainError {
  readonly code = 'invalid_json';
}
export class PayloadTooLarge extends DomainError {
  readonly code = 'payload_too_large';
}
export class UnsupportedMediaType extends DomainError {
  readonly code = 'unsupported_media_type';
}
export class InvalidIdempotencyKey extends DomainError {
  readonly code = 'invalid_idempotency_key';
}
export class IdempotencyKeyReused extends DomainError {
  readonly code = 'idempotency_key_reused';
}
/** Past a limit (docs/architecture.md §8): 429 with Retry-After. */
export class TooManyRequests extends DomainError {
  readonly code = 'too_many_requests';
  constructor(readonly retryAfterSeconds: number) {
    super('too many requests');
  }
}
/** The SMS provider could not take the message now: 503 with Retry-After. */
export class SmsUnavailable extends DomainError {
  readonly code = 'sms_failed';
  constructor(readonly retryAfterSeconds = 30) {
    super('sms provider unavailable');
  }
}
/** Approving would give one ID number a second member. */
export class IdAlreadyMember extends DomainError {
  readonly code = 'id_already_member';
  constructor(readonly memberId: string) {
    super('id number already has a member');
  }
}
export class NotFound extends DomainError {
  readonly code = 'not_found';
}
/** A dependency is throttling or conflicting; the client should retry after `retryAfterSeconds`. */
export class ServiceUnavailable extends DomainError {
  readonly code = 'service_unavailable';
  /** What failed underneath (logged, never sent); declared here for the browser's ES2019 library. */
  declare cause?: unknown;
  constructor(
    readonly retryAfterSeconds = 2,
    options?: { cause?: unknown },
  ) {
    super('service unavailable');
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
/** A queued message names an application that does not exist: it can never succeed (goes to the DLQ). */
export class UnknownApplication extends DomainError {
  readonly code = 'unknown_application';
}
export class InvalidCursor extends DomainError {
  readonly code = 'invalid_cursor';
}
/** A listing paged deeper than its bound (shared/http/cursors.ts). */
export class ListingTooDeep extends DomainError {
  readonly code = 'listing_too_deep';
  constructor(readonly maxPages: number) {
    super('listing too deep');
  }
}
export class Unauthorized extends DomainError {
  readonly code = 'unauthorized';
}
export class Forbidden extends DomainError {
  readonly code = 'forbidden';
}
/** Signed in, but not an active member of the staff roster. */
export class NotStaff extends DomainError {
  readonly code = 'not_staff';
}
/** Not pending review any more; `current` says what it became (when known) so a console can show it. */
export class AlreadyDecided extends DomainError {
  readonly code = 'already_decided';
  constructor(readonly current?: { status: string; decidedAt?: string; decidedBy?: string }) {
    super('already decided');
  }
}
/** The record changed since it was read (another administrator): read it again and redo the change. */
export class ChangedMeanwhile extends DomainError {
  readonly code = 'changed_meanwhile';
}
export class InvalidQuery extends DomainError {
  readonly code = 'invalid_query';
  constructor(readonly fields: Record<string, string> = {}) {
    super('invalid query');
  }
}
/** Another active union already covers this platform or trade in the county (one per slot). */
export class UnionSlotTaken extends DomainError {
  readonly code = 'union_slot_taken';
  constructor(readonly unionId: string) {
    super('another active union covers this');
  }
}
/** The union cannot do this: dissolved, the county's fallback (never dissolved), or another county's. */
export class UnionUnavailable extends DomainError {
  readonly code = 'union_unavailable';
}
/** The member has left (退会): no transfer, no second leave. */
export class MemberLeft extends DomainError {
  readonly code = 'member_left';
}
