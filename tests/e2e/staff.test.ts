/**
 * Staff sign-in and the staff list (`/staff`) in a real Chromium against the real local stack, signing in
 * through the stack's own OpenID provider by the code path the pages use on AWS (discovery, code + PKCE,
 * the ID token as the bearer): the first administrator is made with `npm run staff` from what the
 * not-on-the-list screen shows; they add a reviewer for two counties on /staff, who then signs in in
 * another browser and sees only those counties; the administrator deactivates them, and their next
 * request past the roster cache (2 s in these tests) shows the not-on-the-list screen. An invitation link
 * makes a newcomer a reviewer once, and only once.
 */
import { randomInt } from 'node:crypto';
import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { validApplicationBody } from '../support/applications';
import { launchBrowser } from './support/browser';
import { checkApiAnswers, uniqueIdNumber } from './support/pages';
import { applyWithCode, waitPending } from './support/stack';
import {
  E2E_ROSTER_CACHE_SECONDS,
  loopbackOrigins,
  signInWithUnionAccount,
  staffCommand,
} from './support/staff';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const origins = loopbackOrigins(baseUrl);
/** Names no other run against the same stack used. */
const run = randomInt(1e9).toString(36);
const ADMIN = `admin-${run}`;
const REVIEWER = `li-${run}`;

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
});

interface Watched {
  page: Page;
  problems: string[];
  /** Requests for anything but the stack (its pages and its provider, at either loopback name). */
  outside: string[];
}

const openPage = async (width = 1280, height = 900): Promise<Watched> => {
  const context = await browser.newContext({ viewport: { width, height }, isMobile: width < 500 });
  contexts.push(context);
  const page = await context.newPage();
  const watched: Watched = { page, problems: [], outside: [] };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (message.text().startsWith('Failed to load resource')) return;
    watched.problems.push(message.text());
  });
  page.on('pageerror', (error) => watched.problems.push(error.message));
  checkApiAnswers(page, new URL(baseUrl).origin, watched.problems);
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (!origins.includes(new URL(url).origin)) watched.outside.push(url);
  });
  return watched;
};

const expectClean = (watched: Watched) => {
  expect(watched.problems).toEqual([]);
  expect(watched.outside).toEqual([]);
};

/** Accepts the next confirm() the page shows, and answers its text. */
const acceptNextDialog = (page: Page): Promise<string> =>
  new Promise((resolve) => {
    page.once('dialog', (dialog: Dialog) => {
      resolve(dialog.message());
      void dialog.accept();
    });
  });

const randomPhone = () => `139${String(randomInt(100_000_000)).padStart(8, '0')}`;

const submit = async (county: string) => {
  const applied = await applyWithCode(
    baseUrl,
    dataDir,
    validApplicationBody({ idNumber: uniqueIdNumber(), county, phone: randomPhone() }),
  );
  expect(applied.status).toBe('submitted');
  return applied;
};

/** Every application the console lists (pressing "load more" to the end), by id → county shown. */
const queueCounties = async (page: Page): Promise<Map<string, string>> => {
  const status = page.locator('#queue-status');
  const more = page.locator('#queue-more');
  await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/\d/);
  while (await more.isVisible()) {
    const before = await page.locator('#queue-rows tr').count();
    await more.click();
    await expect
      .poll(() => page.locator('#queue-rows tr').count(), { timeout: 15_000 })
      .toBeGreaterThan(before);
  }
  const rows = await page
    .locator('#queue-rows tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-application-id') ?? '',
        tr.querySelector('.col-county')?.textContent ?? '',
      ]),
    );
  return new Map(rows as Array<[string, string]>);
};

const row = (page: Page, subject: string) => page.locator(`#roster-rows tr[data-subject="${subject}"]`);

/** The first administrator, made as an operator makes one: from what the not-on-the-list screen shows. */
const becomeFirstAdministrator = async (page: Page): Promise<void> => {
  await signInWithUnionAccount(page, ADMIN, { baseUrl });
  await page.locator('#not-staff').waitFor({ state: 'visible' });
  expect(await page.locator('#console').isHidden()).toBe(true);
  expect(await page.locator('#not-staff-subject').textContent()).toBe(ADMIN);
  const issuer = (await page.locator('#not-staff-issuer').textContent()) ?? '';
  expect(origins.map((origin) => `${origin}/oidc`)).toContain(issuer);
  const command = (await page.locator('#not-staff-command').textContent()) ?? '';
  expect(command).toBe(`npm run staff -- add --subject ${ADMIN} --role admin --name ${ADMIN}`);
  // `npm run staff -- add …` is `node --import tsx local/staff.ts add …`.
  const args = command.replace(/^npm run staff -- /, '').split(' ');
  expect(await staffCommand(dataDir, ...args)).toContain(ADMIN);
  // The same sign-in, checked again: the roster now says administrator.
  await page.locator('#not-staff-retry').click();
  await page.locator('#console').waitFor({ state: 'visible', timeout: 15_000 });
  await expect.poll(() => page.locator('#signed-in').textContent()).toContain('管理员');
};

describe('staff sign-in and the staff list', () => {
  let admin: Watched;

  it('makes the first administrator with `npm run staff`, from what the not-on-the-list screen shows', async () => {
    admin = await openPage();
    await becomeFirstAdministrator(admin.page);
    expect(await admin.page.locator('#to-staff').isVisible()).toBe(true);
    expectClean(admin);
  });

  it('lets an administrator add a reviewer for two counties, who sees only those, until deactivated', async () => {
    const inZhaoyang = await submit('zhaoyang');
    const inLudian = await submit('ludian');
    const inShuifu = await submit('shuifu');
    await waitPending(baseUrl, inZhaoyang, inLudian, inShuifu);
    const { page } = admin;

    // From the console, the administrator's way to the staff list.
    await page.locator('#to-staff').click();
    await page.waitForURL(`${baseUrl}/staff`);
    await page.locator('#admin-area').waitFor({ state: 'visible' });
    await row(page, ADMIN).waitFor();
    expect(await row(page, ADMIN).locator('.col-role').textContent()).toContain('管理员');
    // Nobody may deactivate themselves: their own row has no such button.
    expect(await row(page, ADMIN).locator('[data-action="deactivate"]').count()).toBe(0);
    expect(await page.locator('#add-issuer').inputValue()).toMatch(/\/oidc$/);
    // No reminder mobile: a dash.
    expect(await row(page, ADMIN).locator('.col-contact').textContent()).toBe('—');
    expect(await page.locator('#add-contact').getAttribute('type')).toBe('tel');
    expect(await page.locator('#add-contact').getAttribute('inputmode')).toBe('tel');

    // The API's own rules, in the form before anything is sent.
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/staff')) sent.push(request.url());
    });
    await page.locator('#add-contact').fill('li@example.cn');
    await page.locator('#add-submit').click();
    await page.locator('#add-subject-error').waitFor({ state: 'visible' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('add-subject');
    expect(await page.locator('#add-subject').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#add-displayName-error').isVisible()).toBe(true);
    expect(await page.locator('#add-counties-error').textContent()).toContain('县区');
    expect(await page.locator('#add-contact-error').textContent()).toContain('大陆手机号');
    expect(await page.locator('#add-contact').getAttribute('aria-invalid')).toBe('true');
    expect(sent).toEqual([]);

    await page.locator('#add-subject').fill(REVIEWER);
    await page.locator('#add-displayName').fill('李审核');
    await page.locator('#add-role').selectOption('reviewer');
    await page.locator('#add-counties-zhaoyang').check();
    await page.locator('#add-counties-ludian').check();
    await page.locator('#add-contact').fill('+86 138 0013 8000');
    await page.locator('#add-submit').click();
    await row(page, REVIEWER).waitFor();
    expect(sent).toHaveLength(1);
    await expect.poll(() => page.locator('#staff-message').textContent()).toContain('李审核');
    expect(await row(page, REVIEWER).locator('.col-counties').textContent()).toBe('昭阳区、鲁甸县');
    // The reminder mobile, normalised by the API and masked on the list.
    expect(await row(page, REVIEWER).locator('.col-contact').textContent()).toBe('138****8000');
    expect(await page.locator('#add-subject').inputValue()).toBe('');
    expect(await page.locator('#add-contact').inputValue()).toBe('');
    expect(await page.locator('#add-contact-error').isHidden()).toBe(true);
    expect(await page.locator('#add-subject-error').isHidden()).toBe(true);

    // The same person again: the API's 400 shows beside the field, the same way.
    await page.locator('#add-subject').fill(REVIEWER);
    await page.locator('#add-displayName').fill('李审核');
    await page.locator('#add-counties-shuifu').check();
    await page.locator('#add-submit').click();
    await page.locator('#add-subject-error').waitFor({ state: 'visible' });
    expect(await page.locator('#add-subject-error').textContent()).toContain('已经在工作人员名单上');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('add-subject');

    // The reviewer, in a browser of their own, through the same login page.
    const reviewer = await openPage();
    await signInWithUnionAccount(reviewer.page, REVIEWER, { baseUrl });
    await reviewer.page.locator('#console').waitFor({ state: 'visible' });
    await expect.poll(() => reviewer.page.locator('#signed-in').textContent()).toContain('审核员');
    expect(await reviewer.page.locator('#to-staff').isHidden()).toBe(true);
    const seen = await queueCounties(reviewer.page);
    expect(seen.get(inZhaoyang.applicationId)).toBe('昭阳区');
    expect(seen.get(inLudian.applicationId)).toBe('鲁甸县');
    expect(seen.has(inShuifu.applicationId)).toBe(false);
    expect(new Set(seen.values())).toEqual(new Set(['昭阳区', '鲁甸县']));
    const countyFilter = await reviewer.page
      .locator('#filter-county option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(countyFilter).toEqual(['zhaoyang', 'ludian']);

    // A reviewer on /staff is told it is for administrators.
    await reviewer.page.goto(`${baseUrl}/staff`);
    await reviewer.page.locator('#only-admins').waitFor({ state: 'visible' });
    expect(await reviewer.page.locator('#admin-area').isHidden()).toBe(true);
    await reviewer.page.goto(`${baseUrl}/review`);
    await reviewer.page.locator('#console').waitFor({ state: 'visible' });

    // The administrator deactivates the reviewer.
    const question = acceptNextDialog(page);
    await row(page, REVIEWER).locator('[data-action="deactivate"]').click();
    expect(await question).toContain('李审核');
    await expect.poll(() => row(page, REVIEWER).getAttribute('data-active')).toBe('false');
    expect(await row(page, REVIEWER).locator('.col-state').textContent()).toContain('已停用');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('reactivate');

    // Past the roster cache, the reviewer's next request is refused and the console says why.
    await new Promise((r) => setTimeout(r, E2E_ROSTER_CACHE_SECONDS * 1000 + 500));
    const [refused] = await Promise.all([
      reviewer.page.waitForResponse((r) => r.url().includes('/api/review/applications')),
      reviewer.page.locator('#queue-refresh').click(),
    ]);
    expect(refused.status()).toBe(403);
    await reviewer.page.locator('#not-staff').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await reviewer.page.locator('#console').isHidden()).toBe(true);
    expect(await reviewer.page.locator('#not-staff-subject').textContent()).toBe(REVIEWER);
    expect(await reviewer.page.locator('#queue-rows tr').count()).toBe(0);
    expect(await reviewer.page.evaluate(() => document.activeElement?.id)).toBe('not-staff-heading');

    // Reactivated, then edited: a new name and one county fewer, shown on the list.
    const again = acceptNextDialog(page);
    await row(page, REVIEWER).locator('[data-action="reactivate"]').click();
    await again;
    await expect.poll(() => row(page, REVIEWER).getAttribute('data-active')).toBe('true');
    await row(page, REVIEWER).locator('[data-action="edit"]').click();
    await page.locator('#editor').waitFor({ state: 'visible' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('editor-heading');
    expect(await page.locator('#edit-counties-ludian').isChecked()).toBe(true);
    expect(await page.locator('#edit-contact').inputValue()).toBe('13800138000');
    await page.locator('#edit-counties-zhaoyang').uncheck();
    await page.locator('#edit-counties-ludian').uncheck();
    await page.locator('#edit-submit').click();
    await page.locator('#edit-counties-error').waitFor({ state: 'visible' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('edit-counties-zhaoyang');
    await page.locator('#edit-counties-ludian').check();
    await page.locator('#edit-displayName').fill('李审核（鲁甸）');
    // Emptied: the reminder mobile is removed (the digest then shows as the console banner only).
    await page.locator('#edit-contact').fill('');
    await page.locator('#edit-submit').click();
    await page.locator('#editor').waitFor({ state: 'hidden' });
    await expect.poll(() => row(page, REVIEWER).locator('.col-counties').textContent()).toBe('鲁甸县');
    expect(await row(page, REVIEWER).locator('.col-contact').textContent()).toBe('—');
    expect(await row(page, REVIEWER).locator('.col-applicant').textContent()).toContain('李审核（鲁甸）');

    // In English too.
    await page.locator('#language-switch').click();
    expect(await page.locator('h1').textContent()).toBe('Staff');
    expect(await row(page, REVIEWER).locator('.col-counties').textContent()).toBe('Ludian County');
    await page.locator('#language-switch').click();
    expectClean(admin);
    expectClean(reviewer);
  });

  it('makes an invitation link that makes whoever opens it first a reviewer, once', async () => {
    const { page } = admin;
    await page.goto(`${baseUrl}/staff`);
    await page.locator('#admin-area').waitFor({ state: 'visible' });
    await page.locator('#invite-displayName').fill('王新人');
    await page.locator('#invite-role').selectOption('reviewer');
    await page.locator('#invite-counties-shuifu').check();
    await page.locator('#invite-submit').click();
    await page.locator('#invite-result').waitFor({ state: 'visible' });
    const link = await page.locator('#invite-link').inputValue();
    expect(link).toMatch(new RegExp(`^${baseUrl}/review#invitation=[\\w-]{20,}$`));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('invite-link');

    const NEWCOMER = `wang-${run}`;
    const newcomer = await openPage(360, 800);
    await newcomer.page.goto(link);
    // The code leaves the address at once; the page says what signing in will do.
    await expect.poll(() => newcomer.page.url()).toBe(`${baseUrl}/review`);
    await expect.poll(() => newcomer.page.locator('#sign-in-message').textContent()).toContain('邀请');
    await signInWithUnionAccount(newcomer.page, NEWCOMER);
    await newcomer.page.locator('#console').waitFor({ state: 'visible' });
    await expect.poll(() => newcomer.page.locator('#signed-in').textContent()).toContain('水富市');
    expect(await newcomer.page.locator('#signed-in').textContent()).toContain('审核员');
    expect(
      await newcomer.page.evaluate(() => sessionStorage.getItem('gig-union.review.invitation')),
    ).toBeNull();
    expect(await newcomer.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.locator('#roster-refresh').click();
    await row(page, NEWCOMER).waitFor();
    expect(await row(page, NEWCOMER).locator('.col-changed').textContent()).toContain('接受邀请');

    // The same link again, for someone else: used, and said so plainly.
    const latecomer = await openPage();
    await latecomer.page.goto(link);
    await signInWithUnionAccount(latecomer.page, `late-${run}`);
    await latecomer.page.locator('#not-staff').waitFor({ state: 'visible' });
    expect(await latecomer.page.locator('#not-staff-invitation').textContent()).toContain('邀请链接用不了');
    expect(await latecomer.page.locator('#not-staff-subject').textContent()).toBe(`late-${run}`);
    expectClean(admin);
    expectClean(newcomer);
    expectClean(latecomer);
  });

  it('fits a 360 px phone, and signs out at the provider too', async () => {
    const phone = await openPage(360, 800);
    const { page } = phone;
    await signInWithUnionAccount(page, ADMIN, { baseUrl, path: '/staff', body: '#staff-body' });
    await page.locator('#admin-area').waitFor({ state: 'visible' });
    await row(page, REVIEWER).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const box = await row(page, REVIEWER).boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
    const edit = await row(page, REVIEWER).locator('[data-action="edit"]').boundingBox();
    expect(edit && edit.height >= 44).toBe(true);
    await page.locator('#add-subject').focus();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // Signing out ends the provider's session too (RP-initiated logout), and comes back to the console.
    await page.locator('#sign-out').click();
    await page.waitForURL((url) => url.pathname.startsWith('/oidc/'), { timeout: 15_000 });
    await page.locator('button#sign-out').click();
    await page.waitForURL((url) => url.pathname === '/review', { timeout: 15_000 });
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    await expect.poll(() => page.locator('#sign-in-message').textContent()).toContain('已退出登录');
    expect(await page.evaluate(() => sessionStorage.getItem('gig-union.review.token'))).toBeNull();
    // The provider asks again: its session ended.
    await page.locator('#oidc-button').click();
    await page.waitForURL((url) => url.pathname.startsWith('/oidc/interaction/'), { timeout: 15_000 });
    expect(await page.locator('input[name="account"]').isVisible()).toBe(true);
    expectClean(phone);
  });
});
