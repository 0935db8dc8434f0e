/** The query parameters the listings share (shared/http/query.ts). */
import * as z from 'zod';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../http/query';
import { CountyCode, PlatformCode, TradeCode } from './common';
import type { ParameterSpec } from './operation';

const query = (name: string, description: string, schema: z.ZodType, example?: string | number) =>
  ({ name, in: 'query', description, schema, ...(example !== undefined ? { example } : {}) }) as const;

export const countyParameter: ParameterSpec = query(
  'county',
  'Only this county (one of the caller’s: another county lists nothing).',
  CountyCode,
  'zhaoyang',
);
export const tradeParameter: ParameterSpec = query('trade', 'Only this trade.', TradeCode);
export const platformParameter: ParameterSpec = query('platform', 'Only this platform.', PlatformCode);
export const limitParameter: ParameterSpec = query(
  'limit',
  `Items per page, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`,
  z.int().min(1).max(MAX_PAGE_SIZE),
  DEFAULT_PAGE_SIZE,
);
export const cursorParameter: ParameterSpec = query(
  'cursor',
  'The `nextCursor` of the previous page (sealed: only good for the same listing, caller and filters).',
  z.string(),
);
export const pageParameters = [limitParameter, cursorParameter] as const;
