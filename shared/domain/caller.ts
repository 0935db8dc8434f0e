/**
 * Who is calling a protected route, from the JWT claims the HTTP API authorizer (or the local gateway)
 * verified. The authorizer only authenticates; the handlers decide with these rules.
 */
export type Role = 'admin' | 'reviewer';

export interface Caller {
  sub: string;
  /** A readable name for the audit trail (Cognito username or email, else the sub). */
  name: string;
  role: Role;
  /** County codes this caller may see; `'*'` for all. Administrators always see all. */
  counties: '*' | readonly string[];
}

export const REVIEWERS_GROUP = 'reviewers';
export const ADMINS_GROUP = 'admins';

/** Cognito groups arrive as an array, or — through the HTTP API authorizer — as a string like "[a b]". */
export const groupsFromClaim = (claim: unknown): string[] => {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
};

export const countiesFromClaim = (claim: unknown): '*' | string[] => {
  if (typeof claim !== 'string') return [];
  const counties = claim
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  return counties.includes('*') ? '*' : counties;
};

/** The caller, or undefined when signed in without a reviewers/admins group (→ 403). */
export const callerFromClaims = (claims: Record<string, unknown>): Caller | undefined => {
  const groups = groupsFromClaim(claims['cognito:groups']);
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  if (!sub) return undefined;
  const name = String(claims['cognito:username'] ?? claims.email ?? claims.username ?? sub);
  if (groups.includes(ADMINS_GROUP)) return { sub, name, role: 'admin', counties: '*' };
  if (groups.includes(REVIEWERS_GROUP)) {
    return { sub, name, role: 'reviewer', counties: countiesFromClaim(claims['custom:counties']) };
  }
  return undefined;
};

export const seesCounty = (caller: Caller, county: string): boolean =>
  caller.counties === '*' || caller.counties.includes(county);

/** The county codes to query for, or '*' for every county. */
export const countyScope = (caller: Caller, requested?: string): '*' | string[] => {
  if (requested) return seesCounty(caller, requested) ? [requested] : [];
  return caller.counties === '*' ? '*' : [...caller.counties];
};
