/**
 * What the reviewer console shows after the fact, in a real Chromium against the real local stack: the
 * applicant's decision SMS once the notify function has sent it (the detail and the decided queue
 * row), and the signed-in reviewer's working-day digest as a banner (show pending, dismiss for the
 * tab's session).
 */
import { randomInt } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localIssuerFor, withLocalTable } from '../../local/enrol';
import type { TokenRequest } from '../../local/local-issuer';
import { staffIdOf } from '../../shared/domain/staff';
import { beijingDate } from '../../shared/domain/working-days';
import { rosterStore } from '../../shared/storage/staff';
import { validApplicationBody } from '../support/applications';
import { idNumber, ZHAOYANG_REGION } from '../support/id-numbers';
import { staffToken } from '../support/staff-token';
import { launchBrowser } from './support/browser';
import { checkApiAnswers } from './support/pages';
import { applyWithCode, waitPending } from './support/stack';
import { signInWithToken } from './support/staff';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
});

/** A page, and the page errors and console errors it had (other than Chromium's line for a 4xx). */
const openPage = async (): Promise<{ page: Page; problems: string[] }> => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  checkApiAnswers(page, new URL(baseUrl).origin, problems);
  return { page, problems };
};

const signIn = async (page: Page, request: TokenRequest) => {
  const token = await staffToken(dataDir, request);
  await page.goto(`${baseUrl}/review`);
  await signInWithToken(page, token);
};

/** A valid ID number no earlier run against the same stack is likely to have used. */
const randomIdNumber = () => {
  const birth = new Date(Date.UTC(1965 + randomInt(40), randomInt(12), 1 + randomInt(28)));
  return idNumber(
    ZHAOYANG_REGION,
    birth.toISOString().slice(0, 10).replace(/-/g, ''),
    String(randomInt(1000)).padStart(3, '0'),
  );
};

const rowOf = (page: Page, id: string): Locator =>
  page.locator(`#queue-rows tr[data-application-id="${id}"]`);

/** Loads pages ("load more") until the row shows, or the list ends. */
const loadUntil = async (page: Page, id: string): Promise<void> => {
  const status = page.locator('#queue-status');
  const more = page.locator('#queue-more');
  for (;;) {
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/\d/);
    if ((await rowOf(page, id).count()) > 0) return;
    if (!(await more.isVisible())) return;
    const before = await page.locator('#queue-rows tr').count();
    await more.click();
    await expect
      .poll(() => page.locator('#queue-rows tr').count(), { timeout: 15_000 })
      .toBeGreaterThan(before);
  }
};

describe('the reviewer console after the fact', () => {
  it('shows that the applicant was notified by SMS once notify has sent it', async () => {
    const phone = `139${String(randomInt(100_000_000)).padStart(8, '0')}`;
    const application = await applyWithCode(
      baseUrl,
      dataDir,
      validApplicationBody({ idNumber: randomIdNumber(), county: 'zhaoyang', phone }),
    );
    await waitPending(baseUrl, application);
    const { page, problems } = await openPage();
    await signIn(page, { role: 'reviewer', counties: 'zhaoyang', sub: 'reviewer-sms' });
    await loadUntil(page, application.applicationId);
    await rowOf(page, application.applicationId).locator('button.open-link').click();
    await page.locator('#decision').waitFor({ state: 'visible' });
    // Nothing about an SMS before a decision.
    expect(await page.locator('#detail .detail-sms').count()).toBe(0);

    await page.locator('#approve').click();
    const detail = page.locator('#detail');
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 10_000 }).toBe('approved');
    const sms = detail.locator('.detail-sms');
    // The SMS goes through the notifications queue; "check again" reads the record again (audited).
    await expect
      .poll(
        async () => {
          const text = (await sms.textContent()) ?? '';
          const again = detail.locator('#sms-check-again');
          if (!text.includes('已发短信通知申请人') && (await again.isVisible()))
            await again.click({ timeout: 2_000 }).catch(() => undefined);
          return text;
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toContain('已发短信通知申请人');
    expect(await sms.getAttribute('class')).toContain('sms-sent');

    // The decided row says so too, compactly.
    await page.locator('#detail-close').click();
    await page.locator('#filter-status').selectOption('approved');
    await loadUntil(page, application.applicationId);
    expect(await rowOf(page, application.applicationId).locator('.row-sms').textContent()).toBe('已发短信');
    expect(problems).toEqual([]);
  });

  it('shows the reviewer today’s digest as a banner, lists what is pending, and stays dismissed', async () => {
    const request: TokenRequest = { role: 'reviewer', counties: 'zhaoyang', sub: 'reviewer-digest' };
    const token = await staffToken(dataDir, request);
    const staffId = staffIdOf({ issuer: localIssuerFor(dataDir), subject: 'reviewer-digest' });
    // Stored as functions/digest stores it (its run on a real day needs applications 12+ working days old).
    await withLocalTable(dataDir, (db, tableName) =>
      rosterStore(db, tableName).saveDigest(staffId, {
        date: beijingDate(new Date().toISOString()),
        scope: 'counties',
        dueSoon: 2,
        overdue: 1,
        oldest: ['A261110-AAAAAAAA'],
        counties: [],
      }),
    );

    const { page, problems } = await openPage();
    await page.goto(`${baseUrl}/review`);
    await signInWithToken(page, token);
    const banner = page.locator('#digest-banner');
    await banner.waitFor({ state: 'visible' });
    expect(await page.locator('#digest-text').textContent()).toBe(
      '今天的提醒：您负责的县区有 2 份申请 3 个工作日内到期，1 份已经超期。 最早的：A261110-AAAAAAAA',
    );

    await page.locator('#filter-status').selectOption('approved');
    await page.locator('#digest-pending').click();
    await expect.poll(() => page.locator('#filter-status').inputValue()).toBe('pending_review');

    await page.locator('#language-switch').click();
    await expect
      .poll(() => page.locator('#digest-text').textContent())
      .toContain('due within 3 working days');
    await page.locator('#language-switch').click();

    await page.locator('#digest-dismiss').click();
    expect(await banner.isHidden()).toBe(true);
    // Still dismissed after a reload in the same tab (the sign-in stays in the tab too).
    await page.reload();
    await page.locator('#console').waitFor({ state: 'visible' });
    await expect
      .poll(() => page.locator('#queue-status').textContent(), { timeout: 15_000 })
      .toMatch(/\d|没有符合条件/);
    expect(await banner.isHidden()).toBe(true);
    expect(problems).toEqual([]);
  });
});
