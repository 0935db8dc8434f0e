/**
 * Authorisation in the handler: the HTTP API authorizer (or the local gateway) only authenticates —
 * signature, issuer, audience, expiry — and the verified claims name an identity (`iss`, `sub`). What
 * that identity may do is the staff roster's to say (shared/domain/staff.ts): not on it, or
 * deactivated, is 403; on it, its role and counties decide.
 */
import type { MiddlewareObj, Request } from '@middy/core';
import type { Caller } from '../domain/caller';
import { Forbidden, NotStaff, Unauthorized } from '../domain/errors';
import { callerFromStaff, type StaffEntry, type StaffIdentity } from '../domain/staff';
import type { HttpEvent, HttpResult } from './types';

type JwtContext = { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };

export const claimsOf = (event: HttpEvent): Record<string, unknown> | undefined =>
  (event.requestContext as unknown as JwtContext).authorizer?.jwt?.claims;

/** The verified identity of the request, or 401. */
export const identityOf = (event: HttpEvent): StaffIdentity & { claims: Record<string, unknown> } => {
  const claims = claimsOf(event);
  const issuer = claims?.iss;
  const subject = claims?.sub;
  if (typeof issuer !== 'string' || !issuer || typeof subject !== 'string' || !subject)
    throw new Unauthorized();
  return { issuer, subject, claims: claims as Record<string, unknown> };
};

/** Reads roster entries; `cachedRoster` keeps them briefly per container. */
export interface RosterReader {
  get(identity: StaffIdentity): Promise<StaffEntry | undefined>;
}

/** How long a container trusts what it read from the roster: a change takes effect within this. */
export const ROSTER_CACHE_SECONDS = 30;

/**
 * The roster as a container sees it: each identity's entry (or its absence) is kept for `seconds`, so
 * a busy reviewer costs one read a half-minute, and a deactivation reaches every container within it.
 */
export const cachedRoster = (
  roster: RosterReader,
  seconds = ROSTER_CACHE_SECONDS,
  now: () => number = Date.now,
): RosterReader => {
  const cache = new Map<string, { entry: StaffEntry | undefined; until: number }>();
  return {
    async get(identity) {
      const key = `${identity.issuer}\n${identity.subject}`;
      const cached = cache.get(key);
      if (cached && cached.until > now()) return cached.entry;
      const entry = await roster.get(identity);
      cache.set(key, { entry, until: now() + seconds * 1000 });
      return entry;
    },
  };
};

/** The caller of `event`: 401 without a verified identity; 403 when not active staff (or not an administrator, when required). */
export const callerFor = async (
  roster: RosterReader,
  event: HttpEvent,
  options: { adminOnly?: boolean } = {},
): Promise<Caller> => {
  const entry = await roster.get(identityOf(event));
  if (!entry?.active) throw new NotStaff();
  const caller = callerFromStaff(entry);
  if (options.adminOnly && caller.role !== 'admin') throw new Forbidden();
  return caller;
};

export const requireCaller = (
  roster: RosterReader,
  options: { adminOnly?: boolean } = {},
): MiddlewareObj<HttpEvent, HttpResult> => {
  const requireCallerBefore = async (request: Request<HttpEvent, HttpResult>) => {
    request.event.caller = await callerFor(roster, request.event, options);
  };
  return { before: requireCallerBefore };
};

export const callerOf = (event: HttpEvent): Caller => {
  if (!event.caller) throw new Unauthorized();
  return event.caller;
};
