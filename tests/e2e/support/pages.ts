/** What every browser test watches: console errors, requests that leave the local origin, API answers. */
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { checkAnswer } from '../../support/api-contract';
import { idNumber, ZHAOYANG_REGION } from '../../support/id-numbers';

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  consoleErrors: string[];
  foreignRequests: string[];
  apiRequests: Array<{ method: string; url: string }>;
}

/** The body of a JSON answer, parsed. Playwright hands back an empty body for the CSVs the pages save as files: their status, type and headers are checked, not their text. */
const bodyOf = async (response: Response): Promise<{ body: unknown; bodyUnread?: boolean }> => {
  if ((response.headers()['content-type'] ?? '').startsWith('text/csv'))
    return { body: undefined, bodyUnread: true };
  const text = await response.text();
  return { body: text === '' ? text : JSON.parse(text) };
};

/**
 * Checks every answer the page gets from the API against the API description; each violation is added
 * to `problems` (the console errors the test expects to be none).
 */
export const checkApiAnswers = (page: Page, origin: string, problems: string[]): void => {
  page.on('response', async (response) => {
    const url = new URL(response.url());
    if (url.origin !== origin || !url.pathname.startsWith('/api/')) return;
    try {
      checkAnswer(response.request().method(), url.pathname, {
        status: response.status(),
        headers: response.headers(),
        ...(await bodyOf(response)),
      });
    } catch (error) {
      // A page that navigates away may take the body with it: nothing to check then.
      if (/Target (page|closed)|has been closed|No resource with given identifier/i.test(String(error)))
        return;
      problems.push(String(error));
    }
  });
};

/** Chromium's own line for a fetch that got a 4xx/5xx; page code cannot suppress it. */
const RESOURCE_STATUS = /^Failed to load resource: the server responded with a status of [45]\d\d/;

export const openPage = async (
  browser: Browser,
  baseUrl: string,
  viewport = { width: 360, height: 740 },
): Promise<WatchedPage> => {
  const context = await browser.newContext({
    viewport,
    isMobile: viewport.width < 500,
    hasTouch: viewport.width < 500,
  });
  const page = await context.newPage();
  const origin = new URL(baseUrl).origin;
  const watched: WatchedPage = { page, context, consoleErrors: [], foreignRequests: [], apiRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' && !RESOURCE_STATUS.test(message.text()))
      watched.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watched.consoleErrors.push(String(error)));
  checkApiAnswers(page, origin, watched.consoleErrors);
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'))
      watched.foreignRequests.push(url);
    if (url.startsWith(`${origin}/api/`)) watched.apiRequests.push({ method: request.method(), url });
  });
  return watched;
};

/** A valid ID number no earlier run against the same stack has used. */
export const uniqueIdNumber = (): string => {
  const year = 1970 + Math.floor(Math.random() * 35);
  const month = String(1 + Math.floor(Math.random() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0');
  const sequence = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  return idNumber(ZHAOYANG_REGION, `${year}${month}${day}`, sequence);
};

export const uniquePhone = (): string =>
  `13${3 + Math.floor(Math.random() * 7)}${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
