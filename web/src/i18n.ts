/**
 * The page language: Chinese first, English on request. The choice is remembered in localStorage and
 * sets `<html lang>`; elements marked `data-i18n="key"` are re-labelled when it changes.
 */
import type { Locale } from '../../shared/catalog/index';
import { DEFAULT_LOCALE } from '../../shared/domain/messages';
import { interpolate, UI_STRINGS, type UiKey } from './strings';

export const LOCALE_STORAGE_KEY = 'gig-union.locale';

/** The remembered language, or Chinese when nothing (or nonsense) is remembered. */
export const parseStoredLocale = (stored: string | null | undefined): Locale =>
  stored === 'en' || stored === 'zh-CN' ? stored : DEFAULT_LOCALE;

let locale: Locale = DEFAULT_LOCALE;
const listeners: Array<(locale: Locale) => void> = [];

export const currentLocale = (): Locale => locale;

export const t = (key: UiKey, values?: Record<string, string | number>): string =>
  interpolate(UI_STRINGS[locale][key], values);

export const onLocaleChange = (listener: (locale: Locale) => void): void => {
  listeners.push(listener);
};

export const translatePage = (root: ParentNode = document): void => {
  for (const element of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n]'))) {
    element.textContent = t(element.dataset.i18n as UiKey);
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
