/**
 * Building blocks of the API's schemas: catalogue codes, statuses, ids, times and the free-text rules
 * of shared/domain/text.ts written as patterns. Patterns are ECMAScript regular expressions read with
 * the `u` flag (JSON Schema 2020-12), so `\p{…}` classes are Unicode properties.
 */
import * as z from 'zod';
import { catalog } from '../catalog/index';
import { APPLICATION_STATUSES } from '../domain/application';
import { named } from './registry';

const codesOf = (entries: ReadonlyArray<{ code: string }>) =>
  entries.map((entry) => entry.code) as [string, ...string[]];

export const TradeCode = named(
  'TradeCode',
  'A trade of the catalogue (`GET /api/catalog`).',
  z.enum(codesOf(catalog.trades)),
);
export type TradeCode = z.infer<typeof TradeCode>;
export const PlatformCode = named(
  'PlatformCode',
  'A platform of the catalogue (`GET /api/catalog`); `other` needs a description of its own.',
  z.enum(codesOf(catalog.platforms)),
);
export type PlatformCode = z.infer<typeof PlatformCode>;
export const CountyCode = named(
  'CountyCode',
  'A county of the catalogue (`GET /api/catalog`).',
  z.enum(codesOf(catalog.counties)),
);
export type CountyCode = z.infer<typeof CountyCode>;

/**
 * Codes in answers are plain strings: a stored record keeps the code it was made with, even after the
 * catalogue drops it.
 */
export const tradeField = z.string().describe('A trade code of the catalogue.');
export const platformField = z.string().describe('A platform code of the catalogue.');
export const countyField = z.string().describe('A county code of the catalogue.');

export const ApplicationStatus = named(
  'ApplicationStatus',
  'submitted → pending_review (screened) → approved or rejected.',
  z.enum(APPLICATION_STATUSES),
);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

export const Locale = named('Locale', 'The language of messages and SMS.', z.enum(['zh-CN', 'en']));
export type Locale = z.infer<typeof Locale>;

export const instant = z.string().meta({ format: 'date-time', description: 'An ISO 8601 instant (UTC).' });
export const day = z.string().meta({ format: 'date', description: 'A date, YYYY-MM-DD (Beijing).' });
export const count = z.int().min(0);
/** An opaque cursor for the next page of a listing; null on the last page. */
export const nextCursor = z
  .string()
  .nullable()
  .describe('Pass as `cursor` for the next page; null on the last page.');

export const APPLICATION_ID = /^A\d{6}-[0-9A-HJKMNP-TV-Z]{8}$/;
export const applicationId = z
  .string()
  .regex(APPLICATION_ID)
  .describe('An application number: A, the Beijing date (YYMMDD), a dash, 8 Crockford base-32 characters.');
export const memberId = z.string().describe('A member number: the application number with M for A.');
export const UNION_ID = /^U-[A-Za-z0-9_-]{1,80}$/;
export const unionId = z.string().regex(UNION_ID).describe('A union id: U-<county>-<suffix>.');

/** What shared/domain/text.ts `hasUnsafeCharacters` refuses: control and format characters, separators, `<>`. */
const UNSAFE = String.raw`\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}<>`;

export interface TextRule {
  /** Characters (code points) after trimming. */
  min: number;
  max: number;
  /** No decimal digits (names). */
  noDigits?: boolean;
  /** Tabs and line breaks allowed inside (reasons and notes: their check reads them as spaces). */
  lineBreaks?: boolean;
  /** What else is accepted: an empty string, or any blank one (both mean "none"). */
  orEmpty?: 'empty' | 'blank';
}

/**
 * A pattern for text that is trimmed (JavaScript's `trim`, which removes exactly what `\s` matches)
 * and then checked for length and characters: surrounding blanks are free, what is inside is counted.
 */
export const textPattern = (rule: TextRule): RegExp => {
  const digits = rule.noDigits ? String.raw`\p{Nd}` : '';
  const edge = `[^\\s${UNSAFE}${digits}]`;
  const inner = rule.lineBreaks ? `(?:[\\t\\n\\r]|[^${UNSAFE}${digits}])` : `[^${UNSAFE}${digits}]`;
  const content =
    rule.max === 1
      ? edge
      : rule.min <= 1
        ? `${edge}(?:${inner}{0,${rule.max - 2}}${edge})?`
        : `${edge}${inner}{${rule.min - 2},${rule.max - 2}}${edge}`;
  const trimmed = `\\s*${content}\\s*`;
  if (rule.orEmpty === 'blank') return new RegExp(`^\\s*(?:${content})?\\s*$`, 'u');
  if (rule.orEmpty === 'empty') return new RegExp(`^(?:|${trimmed})$`, 'u');
  return new RegExp(`^${trimmed}$`, 'u');
};

export const text = (rule: TextRule, description: string) =>
  z.string().regex(textPattern(rule)).describe(description);

/** Spaces, dashes and brackets anywhere; +86, 0086 or 86 in front (shared/domain/phone.ts). */
const SEPARATORS = String.raw`[\s\-()]*`;
export const MOBILE_PATTERN = new RegExp(
  `^${SEPARATORS}(?:\\+${SEPARATORS}8${SEPARATORS}6|0${SEPARATORS}0${SEPARATORS}8${SEPARATORS}6|8${SEPARATORS}6)?${SEPARATORS}1(?:${SEPARATORS}\\d){10}${SEPARATORS}$`,
  'u',
);
export const mobileNumber = z
  .string()
  .regex(MOBILE_PATTERN)
  .describe(
    'A mainland mobile number: 11 digits starting with a prefix MIIT assigned to public mobile service ' +
      '(13x, 145/147/149, 15x but 154, 1610, 162/165–167, 170–173, 17400–17405, 175–178, 18x, 19x but 194); ' +
      'spaces, dashes, brackets and +86, 0086 or 86 in front are fine.',
  );

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor });
