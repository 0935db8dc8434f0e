/**
 * Who is calling a staff route: the identity the JWT authorizer (or the local gateway) verified, with the
 * role and counties its staff roster entry gives (shared/http/auth.ts). The handlers decide with these rules.
 */
export type Role = 'admin' | 'reviewer';

export interface Caller {
  sub: string;
  /** A readable name for the audit trail: the roster entry's display name. */
  name: string;
  role: Role;
  /** County codes this caller may see; `'*'` for all. Administrators always see all. */
  counties: '*' | readonly string[];
}

export const seesCounty = (caller: Caller, county: string): boolean =>
  caller.counties === '*' || caller.counties.includes(county);

/** The county codes to query for, or '*' for every county. */
export const countyScope = (caller: Caller, requested?: string): '*' | string[] => {
  if (requested) return seesCounty(caller, requested) ? [requested] : [];
  return caller.counties === '*' ? '*' : [...caller.counties];
};
