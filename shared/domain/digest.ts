/**
 * The working-day digest for staff (functions/digest): what is due within a few working days and what is
 * overdue, by county. Reviewers get their counties; administrators the city-wide overdue list. Counts
 * and application numbers only, never personal data. Pure: no AWS, no clock (today is given).
 */
import { deadlineOf, dueDateOf } from './deadline';
import type { StaffEntry } from './staff';

/** "Due soon": due today or within this many working days. */
export const DUE_SOON_WORKING_DAYS = 3;
/** How many application numbers a digest names (oldest first). */
export const DIGEST_OLDEST_SHOWN = 3;

export interface PendingApplication {
  applicationId: string;
  county: string;
  submittedAt: string;
}

export interface CountyDigest {
  county: string;
  dueSoon: number;
  overdue: number;
  /** The oldest due-soon or overdue applications of the county, oldest first (at most DIGEST_OLDEST_SHOWN). */
  oldest: string[];
  /** The oldest overdue ones alone. */
  oldestOverdue: string[];
}

export interface StaffDigest {
  /** The Beijing working day it is for (YYYY-MM-DD). */
  date: string;
  /** A reviewer's counties, or the city's overdue applications (administrators). */
  scope: 'counties' | 'city_overdue';
  dueSoon: number;
  overdue: number;
  /** Oldest first, at most DIGEST_OLDEST_SHOWN. */
  oldest: string[];
  /** Only counties with something to report. */
  counties: CountyDigest[];
}

/** Every county with applications due soon or overdue on `today`. */
export const countyDigests = (
  pending: readonly PendingApplication[],
  today: string,
): Map<string, CountyDigest> => {
  const sorted = [...pending].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  const byCounty = new Map<string, CountyDigest>();
  for (const application of sorted) {
    const deadline = deadlineOf(dueDateOf(application.submittedAt), today);
    const overdue = deadline.state === 'overdue';
    const dueSoon =
      deadline.state === 'due_today' ||
      (deadline.state === 'due' && deadline.workingDays <= DUE_SOON_WORKING_DAYS);
    if (!overdue && !dueSoon) continue;
    const county = byCounty.get(application.county) ?? {
      county: application.county,
      dueSoon: 0,
      overdue: 0,
      oldest: [],
      oldestOverdue: [],
    };
    if (overdue) {
      county.overdue++;
      if (county.oldestOverdue.length < DIGEST_OLDEST_SHOWN)
        county.oldestOverdue.push(application.applicationId);
    } else county.dueSoon++;
    if (county.oldest.length < DIGEST_OLDEST_SHOWN) county.oldest.push(application.applicationId);
    byCounty.set(application.county, county);
  }
  return byCounty;
};

/** Application numbers start with their Beijing submission date, so ids sort oldest first. */
const oldestOf = (ids: string[]) => [...ids].sort().slice(0, DIGEST_OLDEST_SHOWN);

/**
 * What one member of staff is told today, or undefined: an inactive entry, or nothing to report. A
 * reviewer: due soon and overdue in their counties only. An administrator: the city-wide overdue list.
 */
export const digestFor = (
  entry: Pick<StaffEntry, 'active' | 'role' | 'counties'>,
  byCounty: ReadonlyMap<string, CountyDigest>,
  today: string,
): StaffDigest | undefined => {
  if (!entry.active) return undefined;
  if (entry.role === 'admin') {
    const counties = [...byCounty.values()].filter((c) => c.overdue > 0);
    const overdue = counties.reduce((sum, c) => sum + c.overdue, 0);
    if (overdue === 0) return undefined;
    return {
      date: today,
      scope: 'city_overdue',
      dueSoon: 0,
      overdue,
      oldest: oldestOf(counties.flatMap((c) => c.oldestOverdue)),
      counties: counties.map((c) => ({ ...c, dueSoon: 0, oldest: c.oldestOverdue })),
    };
  }
  const mine = entry.counties === '*' ? [...byCounty.keys()] : entry.counties;
  const counties = mine.flatMap((code) => {
    const county = byCounty.get(code);
    return county ? [county] : [];
  });
  const dueSoon = counties.reduce((sum, c) => sum + c.dueSoon, 0);
  const overdue = counties.reduce((sum, c) => sum + c.overdue, 0);
  if (dueSoon + overdue === 0) return undefined;
  return {
    date: today,
    scope: 'counties',
    dueSoon,
    overdue,
    oldest: oldestOf(counties.flatMap((c) => c.oldest)),
    counties,
  };
};

/** The SMS of a digest (shared/sms/templates.ts): counts and the oldest application number. */
export const digestSms = (
  digest: StaffDigest,
):
  | { template: 'reviewDigest'; params: { dueSoon: string; overdue: string; oldest: string } }
  | { template: 'overdueDigest'; params: { overdue: string; counties: string; oldest: string } } =>
  digest.scope === 'city_overdue'
    ? {
        template: 'overdueDigest',
        params: {
          overdue: String(digest.overdue),
          counties: String(digest.counties.length),
          oldest: digest.oldest[0] ?? '',
        },
      }
    : {
        template: 'reviewDigest',
        params: {
          dueSoon: String(digest.dueSoon),
          overdue: String(digest.overdue),
          oldest: digest.oldest[0] ?? '',
        },
      };
