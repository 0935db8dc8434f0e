/**
 * The staff roster (docs/architecture.md §9): who is a reviewer or an administrator, and for which counties, kept by
 * the app itself. A sign-in token only proves an identity — an issuer and a subject — and the roster
 * says what that identity may do; an identity not on it, or deactivated, is refused (403).
 * Browser-safe. The rules for staff input are in staff-rules.ts, so the roster check every staff request
 * makes (shared/http/auth.ts) bundles no zod.
 */
import type { Caller, Role } from './caller';
import { normalisePhone } from './phone';

export interface StaffIdentity {
  /** The token's `iss`: which provider vouched for this person. */
  issuer: string;
  /** The token's `sub`: who they are at that provider. */
  subject: string;
}

export interface StaffEntry extends StaffIdentity {
  /** An opaque id for the API and the page (`/api/staff/{id}`), derived from the identity. */
  staffId: string;
  displayName: string;
  role: Role;
  /** County codes; administrators always `'*'`. */
  counties: '*' | string[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
  /** Who made the last change (a display name), or how the entry came to be (`token CLI`, `invitation`). */
  updatedBy: string;
  /** Optimistic lock: every change is conditional on the version read. */
  version: number;
  /**
   * Where the working-day digest goes (functions/digest): a mainland mobile number (11 digits, by SMS)
   * or an e-mail address (shown in the console at sign-in; e-mail itself is not sent). None: console only.
   */
  contact?: string;
}

/**
 * A staff contact as stored: a mainland mobile number normalised to 11 digits, else undefined. Only SMS:
 * the digest must reach staff in the China Regions too, where no AWS e-mail service is documented; staff
 * without a mobile contact see the digest as a banner in the console.
 */
export const normaliseContact = (raw: unknown): string | undefined =>
  typeof raw === 'string' ? (normalisePhone(raw.trim()) ?? undefined) : undefined;

/** The mobile the digest goes to by SMS, or undefined. */
export const contactPhone = (entry: Pick<StaffEntry, 'contact'>): string | undefined => entry.contact;

/** The staff id of an identity: base64url of `issuer\nsubject`, so it names one identity and nothing else. */
export const staffIdOf = (identity: StaffIdentity): string => {
  const bytes = new TextEncoder().encode(`${identity.issuer}\n${identity.subject}`);
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
};

export const identityOfStaffId = (staffId: string): StaffIdentity | undefined => {
  try {
    const binary = atob(staffId.replace(/-/g, '+').replace(/_/g, '/'));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(binary, (c) => c.charCodeAt(0)),
    );
    const [issuer, subject, extra] = text.split('\n');
    if (!issuer || !subject || extra !== undefined) return undefined;
    return { issuer, subject };
  } catch {
    return undefined;
  }
};

/** A new, active roster entry for `identity`, written by `by` at `at` (ISO time). */
export const newStaffEntry = (
  identity: StaffIdentity,
  grant: { displayName: string; role: Role; counties: '*' | string[]; contact?: string },
  by: string,
  at: string,
): StaffEntry => ({
  ...(grant.contact ? { contact: grant.contact } : {}),
  staffId: staffIdOf(identity),
  issuer: identity.issuer,
  subject: identity.subject,
  displayName: grant.displayName,
  role: grant.role,
  counties: grant.role === 'admin' ? '*' : grant.counties,
  active: true,
  createdAt: at,
  updatedAt: at,
  updatedBy: by,
  version: 1,
});

/** What a signed-in staff member may do, from their roster entry. */
export const callerFromStaff = (entry: StaffEntry): Caller => ({
  sub: entry.subject,
  name: entry.displayName,
  role: entry.role,
  counties: entry.role === 'admin' ? '*' : entry.counties,
});

export interface StaffChange {
  displayName?: string;
  role?: Role;
  counties?: '*' | string[];
  active?: boolean;
  /** A new contact, or null to remove it. */
  contact?: string | null;
}

export const MAX_DISPLAY_NAME = 60;
export const MAX_SUBJECT = 255;

export interface NewStaff {
  /** @default the deployment's own issuer */
  issuer?: string;
  subject: string;
  displayName: string;
  role: Role;
  counties: '*' | string[];
  contact?: string;
}

/** An invitation: the entry its redeemer gets. */
export type Invitation = Omit<NewStaff, 'issuer' | 'subject'>;

/** The name staff are shown under, from the token's usual claims, else the subject. */
export const displayNameFromClaims = (claims: Record<string, unknown>): string => {
  for (const claim of ['name', 'preferred_username', 'cognito:username', 'email']) {
    const value = claims[claim];
    if (typeof value === 'string' && value.trim()) return value.trim().slice(0, MAX_DISPLAY_NAME);
  }
  return String(claims.sub ?? '').slice(0, MAX_DISPLAY_NAME);
};
