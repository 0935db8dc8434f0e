/**
 * The page language: Chinese first, English on request. The choice is remembered in localStorage and
 * sets `<html lang>`; elements marked `data-i18n="key"` are re-labelled when it changes.
 * The applicant pages' text (strings.ts) is always here; the staff pages add theirs (staff/common/i18n.ts).
 */
import type { Locale } from '../../../shared/catalog/index';
import { DEFAULT_LOCALE } from '../../../shared/domain/messages';
import { interpolate, UI_STRINGS, type UiKey } from './strings';

export const LOCALE_STORAGE_KEY = 'gig-union.locale';

/** The remembered language, or Chinese when nothing (or nonsense) is remembered. */
export const parseStoredLocale = (stored: string | null | undefined): Locale =>
  stored === 'en' || stored === 'zh-CN' ? stored : DEFAULT_LOCALE;

let locale: Locale = DEFAULT_LOCALE;
const listeners: Array<(locale: Locale) => void> = [];

export type StringTable = Record<Locale, Record<string, string>>;
const tables: StringTable[] = [UI_STRINGS];

/** Adds another page's table of strings (looked up after the applicant pages' own). */
export const addStrings = (table: StringTable): void => {
  if (!tables.includes(table)) tables.push(table);
};

/** The text of any known key in the page language (the key itself when no table has it). */
export const text = (key: string, values?: Record<string, string | number>): string => {
  for (const table of tables) {
    const found = table[locale][key];
    if (found !== undefined) return interpolate(found, values);
  }
  return key;
};

export const currentLocale = (): Locale => locale;

export const t = (key: UiKey, values?: Record<string, string | number>): string => text(key, values);

export const onLocaleChange = (listener: (locale: Locale) => void): void => {
  listeners.push(listener);
};

export const translatePage = (root: ParentNode = document): void => {
  for (const element of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n]'))) {
    element.textContent = text(element.dataset.i18n ?? '');
  }
};

const readStoredLocale = (): Locale => {
  try {
    return parseStoredLocale(localStorage.getItem(LOCALE_STORAGE_KEY));
  } catch {
    return DEFAULT_LOCALE;
  }
};

const rememberLocale = (chosen: Locale): void => {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, chosen);
  } catch {
    // Storage blocked (private mode, full): the switch still works for this page.
  }
};

export const setLocale = (chosen: Locale): void => {
  locale = chosen;
  const html = document.documentElement;
  html.lang = chosen;
  html.dataset.locale = chosen;
  translatePage();
  const toggle = document.getElementById('language-switch');
  // The switch names the *other* language, in that language.
  if (toggle) toggle.lang = chosen === 'en' ? 'zh-CN' : 'en';
  for (const listener of listeners) listener(chosen);
};

/** Applies the remembered language and wires the `#language-switch` button. Call once per page. */
export const startLanguage = (): void => {
  const toggle = document.getElementById('language-switch');
  toggle?.addEventListener('click', () => {
    const next: Locale = locale === 'en' ? 'zh-CN' : 'en';
    rememberLocale(next);
    setLocale(next);
  });
  setLocale(readStoredLocale());
};
