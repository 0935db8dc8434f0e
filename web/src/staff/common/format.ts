/** How the staff pages word codes and people: catalogue names, roles, counties, lists, in the page language. */
import { catalog } from '../../../../shared/catalog/index';
import { h } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import { type Key, t } from './i18n';
import type { Role, SignedIn } from './session';

const names = (entries: ReadonlyArray<{ code: string; name: Record<string, string> }>) =>
  new Map(entries.map((entry) => [entry.code, entry.name]));
const TRADES = names(catalog.trades);
const PLATFORMS = names(catalog.platforms);
const COUNTIES = names(catalog.counties);

const nameIn = (table: Map<string, Record<string, string>>, code: string): string =>
  table.get(code)?.[currentLocale()] ?? code;

export const tradeName = (code: string): string => nameIn(TRADES, code);
export const platformName = (code: string): string => nameIn(PLATFORMS, code);
export const countyName = (code: string): string => nameIn(COUNTIES, code);

/** A list as the language writes it: 美团、饿了么 / Meituan, Ele.me */
export const listText = (items: string[]): string => items.join(currentLocale() === 'en' ? ', ' : '、');

export const platformsText = (item: { platforms: string[]; platformOther?: string }): string =>
  listText(
    item.platforms.map((code) =>
      code === 'other' && item.platformOther
        ? `${platformName(code)}（${item.platformOther}）`
        : platformName(code),
    ),
  );

const ROLE_KEYS: Record<Role, Key> = {
  admin: 'review.role.admin',
  reviewer: 'review.role.reviewer',
};

export const roleLabel = (role: string): string => (role in ROLE_KEYS ? t(ROLE_KEYS[role as Role]) : role);

export const countiesLabel = (counties: '*' | string[]): string =>
  counties === '*'
    ? t('review.counties.all')
    : listText(counties.map(countyName)) || t('review.counties.none');

/** The counties this person may filter by: their own, or the whole catalogue for '*'. */
export const countiesOf = (who: SignedIn): string[] =>
  who.counties === '*' ? catalog.counties.map((c) => c.code) : who.counties.filter((c) => COUNTIES.has(c));

/** A table cell that names its column, so a phone can show the row as a card (review.css). */
export const labelledCell = (className: string, label: string, ...children: Array<Node | string>) =>
  h('td', { class: className, 'data-label': label }, ...children);
