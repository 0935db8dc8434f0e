import catalogData from './catalog.json';

export type Locale = 'zh-CN' | 'en';
export type LocalisedName = Record<Locale, string>;

export interface CatalogEntry {
  code: string;
  name: LocalisedName;
}
export interface PlatformEntry extends CatalogEntry {
  trades: string[];
  head: boolean;
}
export interface Catalog {
  trades: CatalogEntry[];
  platforms: PlatformEntry[];
  counties: CatalogEntry[];
}

/** The catalogue is configuration data (catalog.json); this module only indexes it. */
export const catalog: Catalog = catalogData;

export const OTHER_PLATFORM = 'other';

const tradeCodes = new Set(catalog.trades.map((t) => t.code));
const countyCodes = new Set(catalog.counties.map((c) => c.code));
const platformsByCode = new Map(catalog.platforms.map((p) => [p.code, p]));

export const isTrade = (code: string): boolean => tradeCodes.has(code);
export const isCounty = (code: string): boolean => countyCodes.has(code);
export const isPlatform = (code: string): boolean => platformsByCode.has(code);
export const platformServesTrade = (platform: string, trade: string): boolean =>
  platformsByCode.get(platform)?.trades.includes(trade) ?? false;
export const platformsForTrade = (trade: string): PlatformEntry[] =>
  catalog.platforms.filter((p) => p.trades.includes(trade));

import workforceData from './workforce.json';

export interface WorkforceEstimate {
  trade: string;
  platform: string;
  county: string;
  estimatedWorkforce: number;
}
/** Estimated gig workforce per (trade, platform, county), with where the figures come from and when. */
export const workforce: { source: string; asOf: string; estimates: WorkforceEstimate[] } = workforceData;
