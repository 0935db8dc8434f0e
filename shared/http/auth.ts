/**
 * Authorisation in the handler (the HTTP API authorizer only authenticates): the caller's group and
 * counties come from the verified JWT claims.
 */
import type { MiddlewareObj, Request } from '@middy/core';
import { type Caller, callerFromClaims } from '../domain/caller';
import { Forbidden, Unauthorized } from '../domain/errors';
import type { HttpEvent, HttpResult } from './types';

type JwtContext = { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };

export const claimsOf = (event: HttpEvent): Record<string, unknown> | undefined =>
  (event.requestContext as unknown as JwtContext).authorizer?.jwt?.claims;

/** 401 without verified claims, 403 without the reviewers/admins group (or admins, when required). */
export const requireCaller = (
  options: { adminOnly?: boolean } = {},
): MiddlewareObj<HttpEvent, HttpResult> => {
  const requireCallerBefore = async (request: Request<HttpEvent, HttpResult>) => {
    const claims = claimsOf(request.event);
    if (!claims) throw new Unauthorized();
    const caller = callerFromClaims(claims);
    if (!caller) throw new Forbidden();
    if (options.adminOnly && caller.role !== 'admin') throw new Forbidden();
    request.event.caller = caller;
  };
  return { before: requireCallerBefore };
};

export const callerOf = (event: HttpEvent): Caller => {
  if (!event.caller) throw new Unauthorized();
  return event.caller;
};
