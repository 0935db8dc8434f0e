/** Query-string rules for the listing endpoints: codes from the catalogue, limits, cursors. */
import { isCounty, isPlatform, isTrade } from '../catalog/index';
import type { ApplicationStatus } from '../domain/application';
import { InvalidQuery } from '../domain/errors';
import type { HttpEvent } from './types';

export const STATUSES: readonly ApplicationStatus[] = ['submitted', 'pending_review', 'approved', 'rejected'];
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

export interface ListQuery {
  county?: string;
  trade?: string;
  platform?: string;
  limit: number;
  cursor?: string;
}

const known: Record<string, (value: string) => boolean> = {
  county: isCounty,
  trade: isTrade,
  platform: isPlatform,
};

/** Reads the given parameters; an unknown code or a bad limit is 400 invalid_query, naming the parameter. */
export const listQuery = (
  event: HttpEvent,
  allowed: readonly string[],
): ListQuery & Record<string, string | number | undefined> => {
  const params = event.queryStringParameters ?? {};
  const problems: Record<string, string> = {};
  const result: ListQuery & Record<string, string | number | undefined> = { limit: DEFAULT_PAGE_SIZE };
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    if (!allowed.includes(name) && !['limit', 'cursor'].includes(name)) {
      problems[name] = 'unknown parameter';
    } else if (name === 'limit') {
      const limit = Number(value);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
        problems.limit = `1–${MAX_PAGE_SIZE}`;
      else result.limit = limit;
    } else if (name === 'status') {
      if (!STATUSES.includes(value as ApplicationStatus)) problems.status = STATUSES.join(', ');
      else result.status = value;
    } else if (known[name] && !known[name](value)) {
      problems[name] = 'not a catalogue code';
    } else {
      result[name] = value;
    }
  }
  if (Object.keys(problems).length > 0) throw new InvalidQuery(problems);
  return result;
};
