/** A worker applies from a phone-sized Chromium window against the real local stack (issue 3). */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './support/browser';
import { openPage, uniqueIdNumber, uniquePhone, type WatchedPage } from './support/pages';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const fillValidForm = async (page: Page, overrides: { idNumber?: string; phone?: string } = {}) => {
  await page.locator('#trade-delivery_rider').check();
  await page.locator('#platforms-meituan').check();
  await page.locator('#platforms-eleme').check();
  await page.locator('[name=fullName]').fill('王小明');
  await page.locator('[name=phone]').fill(overrides.phone ?? `+86 ${uniquePhone()}`);
  await page.locator('[name=idNumber]').fill(overrides.idNumber ?? uniqueIdNumber());
  await page.locator('[name=county]').selectOption('zhaoyang');
  await page.locator('[name=workplace]').fill('昭阳区美团站点');
  await page.locator('[name=consent]').check();
};

const applicationPosts = (watched: WatchedPage) =>
  watched.apiRequests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/applications'));

describe('the application form at 360 px', () => {
  let watched: WatchedPage;
  beforeAll(async () => {
    watched = await openPage(browser, baseUrl);
  });
  afterAll(() => watched.context.close());

  it('lets a worker apply in Chinese and shows the application number, then the status page shows pending_review', async () => {
    const { page } = watched;
    await page.goto(`${baseUrl}/?source=station-zy-01`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.locator('label[for=fullName]').innerText()).toMatch(/姓名/);
    expect(await page.locator('[name=phone]').getAttribute('inputmode')).toBe('tel');
    expect(await page.locator('[name=consent]').isChecked()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await fillValidForm(page);
    await page.locator('#submit-button').click();
    const number = page.locator('#application-id');
    await number.waitFor({ state: 'visible' });
    const applicationId = (await number.innerText()).trim();
    expect(applicationId).toMatch(/^A\d{6}-[0-9A-Z]{8}$/);

    await page.locator('#status-link').click();
    const card = page.locator(`#saved-list [data-application-id="${applicationId}"]`);
    // The page checks once per visit, as a worker coming back later would: look again until screened.
    await expect
      .poll(
        async () => {
          await page.reload();
          await card.waitFor();
          return card.getAttribute('data-status');
        },
        { timeout: 15_000, interval: 300 },
      )
      .toBe('pending_review');
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.foreignRequests).toEqual([]);
  });
});

describe('mistakes are flagged at their fields and nothing is sent', () => {
  it('invalid ID number, phone and missing consent', async () => {
    const watched = await openPage(browser, baseUrl);
    const { page } = watched;
    try {
      await page.goto(baseUrl);
      await fillValidForm(page, { idNumber: '110105194912310021', phone: '12345' });
      await page.locator('[name=consent]').uncheck();
      await page.locator('#submit-button').click();

      for (const field of ['idNumber', 'phone', 'consent']) {
        await expect.poll(() => page.locator(`[name=${field}]`).getAttribute('aria-invalid')).toBe('true');
        const error = page.locator(`#${field}-error`);
        expect(await error.isVisible()).toBe(true);
        expect((await error.innerText()).length).toBeGreaterThan(3);
        expect(await page.locator(`[name=${field}]`).getAttribute('aria-describedby')).toContain(
          `${field}-error`,
        );
      }
      expect(await page.locator('#idNumber-error').innerText()).toMatch(/校验/);
      expect(await page.locator('#error-summary').innerText()).not.toBe('');
      expect(applicationPosts(watched)).toEqual([]);
      expect(await page.locator('[name=fullName]').inputValue()).toBe('王小明');
    } finally {
      await watched.context.close();
    }
  });

  it('flags a field as soon as the worker leaves it', async () => {
    const watched = await openPage(browser, baseUrl);
    const { page } = watched;
    try {
      await page.goto(baseUrl);
      await page.locator('[name=phone]').fill('1381234');
      await page.locator('[name=fullName]').focus();
      await expect.poll(() => page.locator('[name=phone]').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#phone-error').innerText()).toMatch(/手机号/);
    } finally {
      await watched.context.close();
    }
  });
});

describe('server answers in plain words', () => {
  it('a second application by the same person shows the 409 at the form and keeps the input', async () => {
    const idNumber = uniqueIdNumber();
    const first = await fetch(`${baseUrl}/api/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        fullName: '王小明',
        phone: uniquePhone(),
        idNumber,
        trade: 'courier',
        platforms: ['zto'],
        county: 'zhaoyang',
        consent: true,
      }),
    });
    expect(first.status).toBe(202);
    const watched = await openPage(browser, baseUrl);
    const { page } = watched;
    try {
      await page.goto(baseUrl);
      await fillValidForm(page, { idNumber });
      await page.locator('#submit-button').click();
      const message = page.locator('#submit-error');
      await expect.poll(() => message.innerText()).toMatch(/已有|已是会员|已经/);
      expect(await page.locator('#confirmation').isVisible()).toBe(false);
      expect(await page.locator('[name=idNumber]').inputValue()).toBe(idNumber);
      expect(await page.locator('[name=fullName]').inputValue()).toBe('王小明');
    } finally {
      await watched.context.close();
    }
  });
});

describe('language, platforms, double submit', () => {
  it('switching to English changes the labels, and the choice is remembered', async () => {
    const watched = await openPage(browser, baseUrl);
    const { page } = watched;
    try {
      await page.goto(baseUrl);
      await page.locator('#language-switch').click();
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.locator('label[for=fullName]').innerText()).toMatch(/name/i);
      expect(await page.locator('#submit-button').innerText()).toMatch(/submit|apply/i);
      await page.reload();
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(watched.consoleErrors).toEqual([]);
    } finally {
      await watched.context.close();
    }
  });

  it('the platform list follows the trade', async () => {
    const watched = await openPage(browser, baseUrl);
    const { page } = watched;
    try {
      await page.goto(baseUrl);
      await page.locator('#trade-courier').check();
      expect(await page.locator('#platforms-sf_express').isVisible()).toBe(true);
      expect(await page.locator('#platforms-meituan').isVisible()).toBe(false);
      await page.locator('#trade-delivery_rider').check();
      expect(await page.locator('#platforms-meituan').isVisible()).toBe(true);
      expect(await page.locator('#platforms-sf_express').isVisible()).toBe(false);
      expect(await page.locator('#platforms-dada').isVisible()).toBe(true);
      expect(await page.locator('#platformOther').isVisible()).toBe(false);
      await page.locator('#platforms-other').check();
      expect(await page.locator('#platformOther').isVisible()).toBe(true);
    } finally {
      await watched.context.close();
    }
  });

  it('a double tap on submit creates one application', async () => {
    const watched = await openPage(browser, baseUrl);
    const { page } = watched;
    try {
      await page.goto(baseUrl);
      await fillValidForm(page);
      const keys: string[] = [];
      const created = new Set<string>();
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/api/applications')) {
          keys.push(request.headers()['idempotency-key'] ?? '');
        }
      });
      page.on('response', async (response) => {
        if (response.request().method() === 'POST' && response.status() === 202) {
          created.add(((await response.json()) as { applicationId: string }).applicationId);
        }
      });
      // Two taps in the same instant, before the page can react to the first.
      await page.evaluate(() => {
        const button = document.querySelector<HTMLButtonElement>('#submit-button');
        button?.click();
        button?.click();
      });
      await page.locator('#application-id').waitFor({ state: 'visible' });
      await page.waitForLoadState('networkidle');
      expect(keys.length).toBeGreaterThanOrEqual(1);
      expect(new Set(keys).size).toBe(1);
      expect(keys[0]).not.toBe('');
      expect(created.size).toBe(1);
      expect(created.has((await page.locator('#application-id').innerText()).trim())).toBe(true);
      expect(watched.consoleErrors).toEqual([]);
    } finally {
      await watched.context.close();
    }
  });
});
