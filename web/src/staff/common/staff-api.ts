/**
 * The staff roster's API calls (functions/staff/staff.ts), with the tab's bearer token: who am I
 * (`/api/staff/me`, anyone signed in), redeeming an invitation (anyone signed in), and for
 * administrators the roster itself, its changes and new invitations.
 */
import type { Identity, InvitationMade, Me, StaffMember } from '../../../../shared/api/staff';
import type { StaffDigest } from '../../../../shared/domain/digest';
import type { Invitation, NewStaff, StaffChange } from '../../../../shared/domain/staff';
import { getJson, postJson, type Result } from './api';
import type { SignedIn } from './session';

export type { Identity, InvitationMade, Me, StaffMember };

const isText = (value: unknown): value is string => typeof value === 'string';

const isCounties = (value: unknown): value is '*' | string[] =>
  value === '*' || (Array.isArray(value) && value.every(isText));

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** A digest from `/api/staff/me`, or undefined when the answer holds none (or not one). */
export const parseDigest = (value: unknown): StaffDigest | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const d = value as Record<string, unknown>;
  if (
    !isText(d.date) ||
    (d.scope !== 'counties' && d.scope !== 'city_overdue') ||
    !isCount(d.dueSoon) ||
    !isCount(d.overdue) ||
    !Array.isArray(d.oldest) ||
    !d.oldest.every(isText)
  )
    return undefined;
  return {
    date: d.date,
    scope: d.scope,
    dueSoon: d.dueSoon,
    overdue: d.overdue,
    oldest: d.oldest,
    counties: Array.isArray(d.counties) ? (d.counties as StaffDigest['counties']) : [],
  };
};

/** A roster entry, or undefined when the answer is not one (the page then shows nothing of it). */
export const parseStaffMember = (value: unknown): StaffMember | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const entry = value as Record<string, unknown>;
  if (
    !isText(entry.staffId) ||
    !isText(entry.issuer) ||
    !isText(entry.subject) ||
    !isText(entry.displayName) ||
    (entry.role !== 'admin' && entry.role !== 'reviewer') ||
    !isCounties(entry.counties) ||
    typeof entry.active !== 'boolean' ||
    !isText(entry.updatedAt) ||
    !isText(entry.updatedBy)
  )
    return undefined;
  return {
    staffId: entry.staffId,
    issuer: entry.issuer,
    subject: entry.subject,
    displayName: entry.displayName,
    role: entry.role,
    counties: entry.role === 'admin' ? '*' : entry.counties,
    active: entry.active,
    updatedAt: entry.updatedAt,
    updatedBy: entry.updatedBy,
    ...(isText(entry.contact) && entry.contact ? { contact: entry.contact } : {}),
  };
};

/** `/api/staff/me`'s answer, or undefined when it is not one. */
export const parseMe = (value: unknown): Me | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const { identity, staff, digest } = value as { identity?: unknown; staff?: unknown; digest?: unknown };
  if (typeof identity !== 'object' || identity === null) return undefined;
  const { issuer, subject, displayName } = identity as Record<string, unknown>;
  if (!isText(issuer) || !isText(subject)) return undefined;
  const member = staff === null ? null : parseStaffMember(staff);
  if (member === undefined) return undefined;
  const today = member ? parseDigest(digest) : undefined;
  return {
    identity: { issuer, subject, displayName: isText(displayName) && displayName ? displayName : subject },
    staff: member,
    ...(today ? { digest: today } : {}),
  };
};

/** The signed-in person the pages work with: an active roster entry and when the token runs out. */
export const signedInFrom = (staff: StaffMember, expiresAt: number | undefined): SignedIn => ({
  staffId: staff.staffId,
  name: staff.displayName,
  role: staff.role,
  counties: staff.counties,
  ...(expiresAt === undefined ? {} : { expiresAt }),
});

const checked = <T>(result: Result<unknown>, parse: (value: unknown) => T | undefined): Result<T> => {
  if (!result.ok) return result;
  const value = parse(result.value);
  return value === undefined
    ? { ok: false, problem: { kind: 'failed', code: 'internal_error' } }
    : { ok: true, value };
};

const staffPath = (staffId: string) => `/api/staff/${encodeURIComponent(staffId)}`;

export const getMe = async (): Promise<Result<Me>> => checked(await getJson('/api/staff/me'), parseMe);

export const redeemInvitation = async (code: string): Promise<Result<StaffMember>> =>
  checked(await postJson('/api/staff/invitations/redeem', { code }), parseStaffMember);

export const listStaff = async (): Promise<Result<StaffMember[]>> =>
  checked(await getJson('/api/staff'), (body) => {
    const items = (body as { items?: unknown } | null)?.items;
    if (!Array.isArray(items)) return undefined;
    const members = items.map(parseStaffMember);
    return members.every((m): m is StaffMember => m !== undefined) ? members : undefined;
  });

export const addStaff = async (body: NewStaff): Promise<Result<StaffMember>> =>
  checked(await postJson('/api/staff', body), parseStaffMember);

export const changeStaff = async (staffId: string, change: StaffChange): Promise<Result<StaffMember>> =>
  checked(await postJson(staffPath(staffId), change), parseStaffMember);

export const makeInvitation = async (body: Invitation): Promise<Result<InvitationMade>> =>
  checked(await postJson('/api/staff/invitations', body), (value) => {
    const { code, expiresAt, path } = (value ?? {}) as Record<string, unknown>;
    return isText(code) && isText(expiresAt) && isText(path) && path.startsWith('/')
      ? { code, expiresAt, path }
      : undefined;
  });

/** A word as a POSIX shell reads it: as it is when plain, else in single quotes. */
export const shellWord = (word: string): string =>
  /^[A-Za-z0-9_.@:/=+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;

const isLoopback = (issuer: string): boolean => {
  try {
    return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(issuer).hostname);
  } catch {
    return false;
  }
};

/**
 * The command that makes this identity the first administrator (`npm run staff`, local/staff.ts), for
 * the not-on-the-list screen: against the local stack as it is, against a deployed stack with its table
 * and this issuer.
 */
export const firstAdminCommand = (identity: Identity): string =>
  [
    'npm run staff -- add',
    ...(isLoopback(identity.issuer) ? [] : ['--table TABLE_NAME', `--issuer ${shellWord(identity.issuer)}`]),
    `--subject ${shellWord(identity.subject)}`,
    '--role admin',
    `--name ${shellWord(identity.displayName)}`,
  ].join(' ');
