/**
 * Issue 12 in a real Chromium against the local stack: the queue's due column ("还有 15 个工作日到期",
 * "尚未联系"), the calendar notice when the working-day calendar lacks this or next year, and the contact
 * log in the detail (buttons and a note, from the keyboard too) — a reached call ends "not contacted",
 * a decision stops the clock.
 */
import { randomInt } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TokenRequest } from '../../local/local-issuer';
import { dueDateOf } from '../../shared/domain/deadline';
import { beijingDate, calendarKnowsYear } from '../../shared/domain/working-days';
import { validApplicationBody } from '../support/applications';
import { idNumber, ZHAOYANG_REGION } from '../support/id-numbers';
import { staffToken } from '../support/staff-token';
import { launchBrowser } from './support/browser';
import { checkApiAnswers } from './support/pages';
import { applyWithCode, waitPending } from './support/stack';
import { signInWithToken } from './support/staff';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const REVIEWER: TokenRequest = { role: 'reviewer', counties: 'zhaoyang', sub: 'reviewer-deadline' };

const uniqueIdNumber = (): string => {
  const birth = new Date(Date.UTC(1965 + randomInt(40), randomInt(12), 1 + randomInt(28)));
  const date = birth.toISOString().slice(0, 10).replace(/-/g, '');
  return idNumber(ZHAOYANG_REGION, date, String(randomInt(1000)).padStart(3, '0'));
};

let browser: Browser;
let context: BrowserContext;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
});

const loadUntil = async (page: Page, id: string) => {
  const row = page.locator(`#queue-rows tr[data-application-id="${id}"]`);
  for (;;) {
    await expect.poll(() => page.locator('#queue-status').textContent(), { timeout: 15_000 }).toMatch(/\d/);
    if ((await row.count()) > 0) return row;
    const more = page.locator('#queue-more');
    if (!(await more.isVisible())) throw new Error(`${id} is not in the queue`);
    const before = await page.locator('#queue-rows tr').count();
    await more.click();
    await expect
      .poll(() => page.locator('#queue-rows tr').count(), { timeout: 15_000 })
      .toBeGreaterThan(before);
  }
};

describe('deadlines and the contact log in the console', () => {
  it('shows the due date, logs calls, and stops the clock at the decision', async () => {
    const phone = `139${String(randomInt(100_000_000)).padStart(8, '0')}`;
    const applied = await applyWithCode(
      baseUrl,
      dataDir,
      validApplicationBody({ idNumber: uniqueIdNumber(), county: 'zhaoyang', phone }),
    );
    await waitPending(baseUrl, applied);

    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    checkApiAnswers(page, new URL(baseUrl).origin, problems);
    await page.goto(`${baseUrl}/review`);
    await signInWithToken(page, await staffToken(dataDir, REVIEWER));

    const row = await loadUntil(page, applied.applicationId);
    const today = beijingDate(new Date().toISOString());
    const year = Number(today.slice(0, 4));
    const due = row.locator('.col-due');
    await expect.poll(() => due.textContent()).toContain(`${dueDateOf(new Date().toISOString())} 到期`);
    expect(await due.locator('[data-deadline="due"]').textContent()).toBe('还有 15 个工作日到期');
    expect(await due.locator('.not-contacted').textContent()).toBe('尚未联系');
    expect(await page.locator('th', { hasText: '到期' }).count()).toBe(1);

    // The calendar lacks a year around today (e.g. 2027 before its schedule is added): said on the page.
    const unknown = [year, year + 1].filter((y) => !calendarKnowsYear(y));
    const notice = page.locator('#calendar-notice');
    expect(await notice.isVisible()).toBe(unknown.length > 0);
    if (unknown.length > 0) expect(await notice.textContent()).toContain(String(unknown[0]));

    await row.locator('button.open-link').click();
    const detail = page.locator('#detail');
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 10_000 }).toBe('pending_review');
    expect(await detail.locator('.detail-due [data-deadline="due"]').textContent()).toBe(
      '还有 15 个工作日到期',
    );
    expect(await detail.locator('.contact-empty').textContent()).toBe('还没有联系记录。');

    // A missed call with a note, by mouse.
    await page.locator('#contact-note').fill('关机，明天上午再打');
    await page.locator('button[data-outcome="no_answer"]').click();
    await expect.poll(() => detail.locator('.contact-entry').count(), { timeout: 10_000 }).toBe(1);
    expect(await detail.locator('.contact-entry').first().textContent()).toContain('无人接听');
    expect(await detail.locator('.contact-entry').first().textContent()).toContain('关机，明天上午再打');
    expect(await row.locator('.not-contacted').count()).toBe(1);

    // Reached, from the keyboard: Tab from the note to the first button (已联系上), Enter.
    await page.locator('#contact-note').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-outcome'))).toBe('reached');
    await page.keyboard.press('Enter');
    await expect.poll(() => detail.locator('.contact-entry').count(), { timeout: 10_000 }).toBe(2);
    expect(await detail.locator('.contact-entry[data-outcome="reached"]').textContent()).toContain(
      '已联系上',
    );
    await expect.poll(() => row.locator('.not-contacted').count()).toBe(0);
    expect(await page.locator('.contact-result').textContent()).toBe('已记录：已联系上。');

    // The decision stops the clock: the date stays, no "due in", no contact buttons.
    await page.locator('#approve').click();
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 10_000 }).toBe('approved');
    expect(await detail.locator('.detail-due [data-deadline]').count()).toBe(0);
    expect(await page.locator('.contact-form').isHidden()).toBe(true);
    expect(await detail.locator('.contact-entry').count()).toBe(2);
    expect(await row.locator('.col-due [data-deadline]').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
