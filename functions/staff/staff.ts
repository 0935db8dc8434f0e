/**
 * The staff roster's endpoints (shared/domain/staff.ts): administrators list, add and change staff and
 * make invitations; anyone signed in can see whether they are staff and redeem an invitation. Every
 * change is on the audit trail.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { InvitationMade, Me, StaffMember } from '../../shared/api/staff';
import { beijingDate } from '../../shared/domain/beijing-time';
import { NotFound, ValidationFailed } from '../../shared/domain/errors';
import {
  displayNameFromClaims,
  identityOfStaffId,
  newStaffEntry,
  type StaffEntry,
} from '../../shared/domain/staff';
import { validateInvitation, validateNewStaff, validateStaffChange } from '../../shared/domain/staff-rules';
import { callerFor, callerOf, identityOf, type RosterReader } from '../../shared/http/auth';
import { mapErrorsToHttp } from '../../shared/http/error-mapping';
import { limitBodySize, parseJsonBody, resolveRequestLocale } from '../../shared/http/middleware';
import { byRouteKey, type Route } from '../../shared/http/routes';
import { type HttpEvent, type HttpResult, json } from '../../shared/http/types';
import { lazyHasher } from '../../shared/privacy/hashing';
import type { HashKeySource } from '../../shared/runtime/hash-key';
import { observe } from '../../shared/runtime/observability';
import type { RosterStore } from '../../shared/storage/staff';

const MAX_BODY_BYTES = 8 * 1024;
/** An invitation is good for a week, once. */
export const INVITATION_DAYS = 7;

export interface StaffDeps {
  /** The table's roster (writes, and reads that must be current). */
  store: RosterStore;
  /** The roster as requireCaller reads it (cached briefly per container). */
  roster: RosterReader;
  /** Invitation codes are kept only as keyed hashes. */
  hashKey: HashKeySource;
  /** The issuer staff added by subject alone belong to: the deployment's own sign-in. */
  defaultIssuer: string;
  logger: Logger;
  metrics?: Metrics;
  now?: () => Date;
}

/** What the page shows of an entry: everything but the storage fields. */
const shown = (entry: StaffEntry): StaffMember => ({
  staffId: entry.staffId,
  issuer: entry.issuer,
  subject: entry.subject,
  displayName: entry.displayName,
  role: entry.role,
  counties: entry.counties,
  active: entry.active,
  updatedAt: entry.updatedAt,
  updatedBy: entry.updatedBy,
  ...(entry.contact ? { contact: entry.contact } : {}),
});

export const createStaffHandler = (deps: StaffDeps) => {
  const now = deps.now ?? (() => new Date());
  const hasher = lazyHasher(deps.hashKey);
  const codeHash = async (code: string) => (await hasher()).invitationHash(code);

  const me = async (event: HttpEvent) => {
    const identity = identityOf(event);
    const entry = await deps.store.get(identity);
    // Today's working-day digest (functions/digest), for the console's banner.
    const digest = entry?.active ? await deps.store.digestOf(entry.staffId) : undefined;
    const today = beijingDate(now().toISOString());
    return json(
      200,
      {
        identity: {
          issuer: identity.issuer,
          subject: identity.subject,
          displayName: displayNameFromClaims(identity.claims),
        },
        staff: entry?.active ? shown(entry) : null,
        ...(digest && digest.date === today ? { digest } : {}),
      } satisfies Me,
      { 'cache-control': 'no-store' },
    );
  };

  const list = async () => {
    const entries = await deps.store.list();
    entries.sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN'));
    return json(200, { items: entries.map(shown) }, { 'cache-control': 'no-store' });
  };

  const add = async (event: HttpEvent) => {
    const caller = callerOf(event);
    const checked = validateNewStaff(event.jsonBody);
    if (!checked.ok) throw new ValidationFailed(checked.fields);
    const at = now().toISOString();
    const identity = { issuer: checked.value.issuer ?? deps.defaultIssuer, subject: checked.value.subject };
    const entry = newStaffEntry(identity, checked.value, caller.name, at);
    const added = await deps.store.add(entry, {
      actor: caller.name,
      actorRole: caller.role,
      action: 'staff.add',
      target: entry.staffId,
      details: {
        role: entry.role,
        counties: entry.counties === '*' ? '*' : entry.counties,
        subject: entry.subject,
      },
    });
    if (!added) throw new ValidationFailed({ subject: 'staff.already' });
    deps.logger.info('staff added', { staffId: entry.staffId, role: entry.role });
    return json(201, shown(added));
  };

  const change = async (event: HttpEvent) => {
    const caller = callerOf(event);
    const identity = identityOfStaffId(event.pathParameters?.id ?? '');
    const entry = identity ? await deps.store.get(identity) : undefined;
    if (!entry) throw new NotFound();
    const checked = validateStaffChange(event.jsonBody);
    if (!checked.ok) throw new ValidationFailed(checked.fields);
    // An administrator cannot lock themselves out (someone else must).
    const self = entry.subject === caller.sub && identity?.issuer === identityOf(event).issuer;
    if (self && (checked.value.active === false || checked.value.role === 'reviewer')) {
      throw new ValidationFailed({ role: 'staff.self' });
    }
    const role = checked.value.role ?? entry.role;
    if (role === 'reviewer' && entry.role === 'admin' && !checked.value.counties) {
      throw new ValidationFailed({ counties: 'staff.counties' });
    }
    const next = await deps.store.change(entry, checked.value, caller.name, now().toISOString(), {
      actor: caller.name,
      actorRole: caller.role,
      action: 'staff.change',
      target: entry.staffId,
      details: Object.fromEntries(
        Object.entries(checked.value).map(([key, value]) => [
          key,
          // A contact is personal data: the audit trail says it changed, not to what.
          key === 'contact'
            ? value === null
              ? 'removed'
              : 'changed'
            : Array.isArray(value)
              ? value
              : String(value),
        ]),
      ),
    });
    deps.logger.info('staff changed', { staffId: entry.staffId, fields: Object.keys(checked.value) });
    return json(200, shown(next));
  };

  const invite = async (event: HttpEvent) => {
    const caller = callerOf(event);
    const checked = validateInvitation(event.jsonBody);
    if (!checked.ok) throw new ValidationFailed(checked.fields);
    const code = randomBytes(18).toString('base64url');
    const at = now();
    const expiresAt = new Date(at.getTime() + INVITATION_DAYS * 86_400_000);
    await deps.store.invite(await codeHash(code), checked.value, at, expiresAt, {
      actor: caller.name,
      actorRole: caller.role,
      action: 'staff.invite',
      details: {
        displayName: checked.value.displayName,
        role: checked.value.role,
        counties: checked.value.counties === '*' ? '*' : checked.value.counties,
      },
    });
    // The code is shown once, here; only its keyed hash is kept.
    return json(201, {
      code,
      expiresAt: expiresAt.toISOString(),
      path: `/review#invitation=${code}`,
    } satisfies InvitationMade);
  };

  const redeem = async (event: HttpEvent) => {
    const identity = identityOf(event);
    const body = event.jsonBody as { code?: unknown } | undefined;
    if (typeof body?.code !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(body.code)) {
      throw new ValidationFailed({ code: 'invitation.code' });
    }
    const entry = await deps.store.redeem(
      await codeHash(body.code),
      { issuer: identity.issuer, subject: identity.subject },
      displayNameFromClaims(identity.claims) || undefined,
      now(),
      (made) => ({
        actor: made.displayName,
        actorRole: made.role,
        action: 'staff.redeem',
        target: made.staffId,
        details: { role: made.role, counties: made.counties === '*' ? '*' : made.counties },
      }),
    );
    deps.logger.info('invitation redeemed', { staffId: entry.staffId, role: entry.role });
    return json(201, shown(entry));
  };

  /** Administrators only; `me` and `redeem` are for anyone signed in, on the roster or not yet. */
  const adminOnly =
    (route: Route): Route =>
    async (event) => {
      event.caller = await callerFor(deps.roster, event, { adminOnly: true });
      return route(event);
    };

  const routes: Record<string, Route> = {
    'GET /api/staff/me': me,
    'POST /api/staff/invitations/redeem': redeem,
    'GET /api/staff': adminOnly(list),
    'POST /api/staff': adminOnly(add),
    'POST /api/staff/invitations': adminOnly(invite),
    'POST /api/staff/{id}': adminOnly(change),
  };

  return middy<HttpEvent, HttpResult>()
    .use(observe(deps))
    .use(mapErrorsToHttp(deps.logger))
    .use(resolveRequestLocale())
    .use(limitBodySize(MAX_BODY_BYTES))
    .use(parseJsonBody({ postsOnly: true }))
    .handler(byRouteKey(routes));
};
