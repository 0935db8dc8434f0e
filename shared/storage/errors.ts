import { ServiceUnavailable } from '../domain/errors';

const RETRYABLE = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'TransactionInProgressException',
  'InternalServerError',
  'ServiceUnavailable',
]);
const RETRYABLE_REASONS = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

export interface CancellationReason {
  Code?: string;
  /** With ReturnValuesOnConditionCheckFailure: the item as it was, in DynamoDB JSON (not unmarshalled). */
  Item?: Record<string, { S?: string; N?: string }>;
}

export const cancellationReasons = (error: unknown): CancellationReason[] | undefined =>
  error instanceof Error && error.name === 'TransactionCanceledException'
    ? ((error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [])
    : undefined;

/**
 * DynamoDB throttling and transaction conflicts that survived the SDK's own retries become a
 * ServiceUnavailable (503 with Retry-After) instead of an unexplained 500.
 */
export const mapStorageError = (error: unknown): unknown => {
  if (!(error instanceof Error)) return error;
  if (RETRYABLE.has(error.name)) return new ServiceUnavailable(2, { cause: error });
  const reasons = cancellationReasons(error);
  if (reasons?.some((r) => r.Code && RETRYABLE_REASONS.has(r.Code))) {
    return new ServiceUnavailable(1, { cause: error });
  }
  return error;
};
