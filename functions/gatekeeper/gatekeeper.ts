/**
 * The HTTP API's Lambda REQUEST authorizer on every public route (simple responses): a request is let
 * through only when it carries the secret origin header CloudFront adds (shared/wiring.ts ORIGIN_HEADER),
 * so the public routes cannot be called past CloudFront and its WAF. API Gateway answers 401 without
 * invoking this function when the header is missing, and caches each answer by the header's value.
 *
 * The comparison takes the same time whatever is presented: both values are hashed to 32 bytes first and
 * compared with `timingSafeEqual`, so neither the length nor the first differing byte shows in the time.
 * Without a configured secret every request is denied (fail closed). Nothing presented is ever logged.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { ORIGIN_HEADER } from '../../shared/http/origin-header';
import type { ErrorLog } from './log';

/** The parts of API Gateway's authorizer event (payload format 2.0) this function reads. */
export interface OriginCheckEvent {
  readonly routeKey?: string;
  readonly headers?: Readonly<Record<string, string | undefined>> | null;
}

/** API Gateway's simple authorizer response. */
export interface OriginCheckResult {
  readonly isAuthorized: boolean;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Whether `presented` equals `expected`, in time independent of either value. */
export const sameSecret = (presented: string, expected: string): boolean =>
  timingSafeEqual(digest(presented), digest(expected));

export const createGatekeeperHandler = (deps: {
  /** The value CloudFront sends; undefined or empty when the function is not configured. */
  readonly expected: string | undefined;
  readonly logger: ErrorLog;
}) => {
  const expected = deps.expected ?? '';
  let coldStart = true;
  // No middy chain, no metrics and no Powertools here: this runs before every public request, so it stays
  // as small as it can. Its one log line (a missing secret) still carries the request id and cold start.
  return async (event: OriginCheckEvent, context?: Context): Promise<OriginCheckResult> => {
    const first = coldStart;
    coldStart = false;
    if (expected === '') {
      deps.logger.error('origin secret not configured: denying every request', {
        cold_start: first,
        function_request_id: context?.awsRequestId,
        variable: ORIGIN_HEADER.secretEnv,
        routeKey: event.routeKey,
      });
      return { isAuthorized: false };
    }
    const presented = event.headers?.[ORIGIN_HEADER.name];
    if (typeof presented !== 'string') return { isAuthorized: false };
    return { isAuthorized: sameSecret(presented, expected) };
  };
};
