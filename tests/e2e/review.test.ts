/**
 * The reviewer console (`/review`) in a real Chromium against the real local stack: sign in with the union
 * account (the stack's own OpenID provider) or a pasted token, see only one's own counties, open (audited), approve, reject with a reason, bulk approve,
 * decide from the keyboard, lose a race (409), ID number conflicts (two applications with one ID number:
 * only one can be approved), members and the CSV download, the audit trail, an expired sign-in; and what
 * the applicant then sees on the status page. Every application proves its phone with an SMS code read
 * from the stack's outbox.
 */
import { createHash, randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localIssuerFor } from '../../local/enrol';
import { signLocalToken, type TokenRequest } from '../../local/local-issuer';
import { validApplicationBody } from '../support/applications';
import { idNumber, ZHAOYANG_REGION } from '../support/id-numbers';
import { staffToken } from '../support/staff-token';
import { launchBrowser } from './support/browser';
import { confirmedNumber, fillAndProve, statusLookupOf } from './support/form';
import { checkApiAnswers } from './support/pages';
import {
  applyWithCode,
  liftCodeCooldown,
  statusOf as statusSeen,
  waitPending as waitScreened,
} from './support/stack';
import { loopbackOrigins, openTokenSignIn, signInWithToken, signInWithUnionAccount } from './support/staff';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const origin = new URL(baseUrl).origin;

const REVIEWER: TokenRequest = { role: 'reviewer', counties: 'zhaoyang', sub: 'reviewer-zhao' };

interface Submitted {
  applicationId: string;
  statusToken: string;
  phone: string;
  /** The verification that proved the phone (to lift its one-code-a-minute cooldown). */
  verificationId: string;
}

const usedIds = new Set<string>();

/** A valid ID number no earlier run against the same stack used: a random birth date and sequence. */
const uniqueIdNumber = (): string => {
  for (;;) {
    const birth = new Date(Date.UTC(1965 + randomInt(40), randomInt(12), 1 + randomInt(28)));
    const date = birth.toISOString().slice(0, 10).replace(/-/g, '');
    const id = idNumber(ZHAOYANG_REGION, date, String(randomInt(1000)).padStart(3, '0'));
    if (!usedIds.has(id)) {
      usedIds.add(id);
      return id;
    }
  }
};

const randomPhone = () => `139${String(randomInt(100_000_000)).padStart(8, '0')}`;

/** Applies through the API with a proven phone (a code asked for and read from the outbox). */
const submit = async (county: string, overrides: Record<string, unknown> = {}): Promise<Submitted> => {
  const phone = (overrides.phone as string | undefined) ?? randomPhone();
  const applied = await applyWithCode(
    baseUrl,
    dataDir,
    validApplicationBody({ idNumber: uniqueIdNumber(), county, ...overrides, phone }),
  );
  expect(applied.status).toBe('submitted');
  return { ...applied, phone };
};

const statusOf = (application: Submitted) => statusSeen(baseUrl, application);

/** Screening moves each application to pending_review through the queue; wait for it. */
const waitPending = (...applications: Array<{ applicationId: string; statusToken: string }>) =>
  waitScreened(baseUrl, ...applications);

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Watched {
  page: Page;
  /** Console errors and page errors, other than Chromium's own line for a deliberate 4xx. */
  problems: string[];
  /** Requests for anything but the stack (data: and blob: URLs are local by nature). */
  outside: string[];
}

const openPage = async (width = 1280, height = 800): Promise<Watched> => {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  const watched: Watched = { page, problems: [], outside: [] };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (message.text().startsWith('Failed to load resource')) return;
    watched.problems.push(message.text());
  });
  page.on('pageerror', (error) => watched.problems.push(error.message));
  checkApiAnswers(page, origin, watched.problems);
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    // The stack's own sign-in provider answers at its other loopback name too.
    if (!loopbackOrigins(baseUrl).includes(new URL(url).origin)) watched.outside.push(url);
  });
  return watched;
};

const expectClean = (watched: Watched) => {
  expect(watched.problems).toEqual([]);
  expect(watched.outside).toEqual([]);
};

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
});

const signIn = async (page: Page, request: TokenRequest = REVIEWER): Promise<string> => {
  const token = await staffToken(dataDir, request);
  await page.goto(`${baseUrl}/review`);
  await signInWithToken(page, token);
  return token;
};

const rowOf = (page: Page, id: string): Locator =>
  page.locator(`#queue-rows tr[data-application-id="${id}"]`);

/** Loads pages ("load more") until the row shows, or the list ends (then the row is absent). */
const loadUntil = async (page: Page, id?: string): Promise<void> => {
  const status = page.locator('#queue-status');
  const more = page.locator('#queue-more');
  for (;;) {
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/\d/);
    if (id && (await rowOf(page, id).count()) > 0) return;
    if (!(await more.isVisible())) return;
    const before = await page.locator('#queue-rows tr').count();
    await more.click();
    await expect
      .poll(() => page.locator('#queue-rows tr').count(), { timeout: 15_000 })
      .toBeGreaterThan(before);
  }
};

const statusCard = async (application: Submitted) => {
  const watched = await openPage(360, 800);
  await watched.page.goto(
    `${baseUrl}/status#id=${application.applicationId}&token=${encodeURIComponent(application.statusToken)}`,
  );
  return {
    watched,
    card: watched.page.locator(`#saved-list li[data-application-id="${application.applicationId}"]`),
  };
};

describe('the reviewer console', () => {
  it('shows a reviewer only their counties, opens an application in full and approves it', async () => {
    const mine = await submit('zhaoyang');
    const elsewhere = await submit('ludian');
    await waitPending(mine, elsewhere);

    const watched = await openPage();
    const { page } = watched;
    const token = await signIn(page);
    await expect.poll(() => page.locator('#signed-in').textContent()).toContain('reviewer-zhao');
    expect(await page.evaluate(() => sessionStorage.getItem('gig-union.review.token'))).toBe(token);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(token);

    await loadUntil(page);
    const row = rowOf(page, mine.applicationId);
    await expect.poll(() => row.count()).toBe(1);
    expect(await rowOf(page, elsewhere.applicationId).count()).toBe(0);
    expect(await row.getAttribute('data-status')).toBe('pending_review');
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain(`${mine.phone.slice(0, 3)}****${mine.phone.slice(-4)}`);
    expect(rowText).not.toContain(mine.phone);
    expect(rowText).toContain('昭阳区');

    await row.locator('button.open-link').click();
    const detail = page.locator('#detail');
    await expect
      .poll(() => detail.locator(`.detail-phone a[href="tel:${mine.phone}"]`).count(), { timeout: 10_000 })
      .toBe(1);
    expect(await detail.getAttribute('data-application-id')).toBe(mine.applicationId);

    await page.locator('#approve').click();
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 10_000 }).toBe('approved');
    const memberId = (await detail.locator('.detail-member-id').textContent()) ?? '';
    expect(memberId).toMatch(/^M\d{6}-[0-9A-Z]{8}$/);
    expect(await page.locator('#decision-result').textContent()).toContain(memberId);
    expect(await row.getAttribute('data-status')).toBe('approved');

    // Approved, its personal data went to the member record: the approved list shows the member number
    // where the name was, and nothing reads "undefined".
    await page.locator('#detail-close').click();
    await page.locator('#filter-status').selectOption('approved');
    await loadUntil(page, mine.applicationId);
    const approvedRow = rowOf(page, mine.applicationId);
    expect(await approvedRow.locator('button.open-link').textContent()).toBe(`会员 ${memberId}`);
    expect(await approvedRow.locator('.col-contact').textContent()).toBe('个人信息已转入会员档案');
    expect(await approvedRow.textContent()).not.toMatch(/undefined|null|NaN/);
    await approvedRow.locator('button.open-link').click();
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 10_000 }).toBe('approved');
    expect(await detail.locator('.detail-member-id').textContent()).toBe(memberId);
    expect(await detail.locator('.detail-personal-data').textContent()).toBe('个人信息已转入会员档案');
    expect(await detail.locator('.detail-phone, .detail-name, .detail-id-number').count()).toBe(0);
    expect(await detail.textContent()).not.toMatch(/undefined|null|NaN/);
    expect(await page.locator('#decision').isHidden()).toBe(true);
    expectClean(watched);

    const applicant = await statusCard(mine);
    await expect.poll(() => applicant.card.getAttribute('data-status'), { timeout: 10_000 }).toBe('approved');
    expect(await applicant.card.locator('.member-id').textContent()).toBe(memberId);
    expectClean(applicant.watched);
  });

  it('rejects with a reason (required) that the applicant then reads on the status page', async () => {
    const application = await submit('zhaoyang', { trade: 'courier', platforms: ['sf_express', 'zto'] });
    await waitPending(application);
    const watched = await openPage();
    const { page } = watched;
    await signIn(page);
    await loadUntil(page, application.applicationId);
    await rowOf(page, application.applicationId).locator('button.open-link').click();
    await page.locator('#decision').waitFor({ state: 'visible' });

    await page.locator('#reject').click();
    await page.locator('#reason-error').waitFor({ state: 'visible' });
    expect(await page.locator('#reason').getAttribute('aria-invalid')).toBe('true');

    const reason = '请补充您常去的配送站点后重新申请。';
    await page.locator('#reason').fill(reason);
    expect(await page.locator('#reason-count').textContent()).toContain(`${Array.from(reason).length} / 500`);
    await page.locator('#reject').click();
    await expect
      .poll(() => page.locator('#detail').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('rejected');
    expect(await page.locator('#detail .detail-reason').textContent()).toBe(reason);
    expect(await rowOf(page, application.applicationId).getAttribute('data-status')).toBe('rejected');
    expectClean(watched);

    const applicant = await statusCard(application);
    await expect.poll(() => applicant.card.getAttribute('data-status'), { timeout: 10_000 }).toBe('rejected');
    expect(await applicant.card.locator('.rejection-reason').textContent()).toBe(reason);
    expectClean(applicant.watched);
  });

  it('approves two applications in bulk and reports two successes', async () => {
    const first = await submit('zhaoyang');
    const second = await submit('zhaoyang');
    await waitPending(first, second);
    const watched = await openPage();
    const { page } = watched;
    await signIn(page);
    await loadUntil(page, second.applicationId);
    await loadUntil(page, first.applicationId);

    expect(await page.locator('#bulk-approve').isDisabled()).toBe(true);
    for (const application of [first, second]) {
      await page.locator(`#queue-rows input[name="select"][value="${application.applicationId}"]`).check();
    }
    expect(await page.locator('#selection-count').textContent()).toContain('2');
    expect(await page.locator('#selection-count').textContent()).toContain('25');
    await page.locator('#bulk-approve').click();

    const summary = page.locator('#queue-message .bulk-summary');
    await summary.waitFor({ timeout: 10_000 });
    expect(await summary.getAttribute('data-succeeded')).toBe('2');
    expect(await summary.getAttribute('data-failed')).toBe('0');
    expect(await summary.textContent()).toContain('2 份成功');
    for (const application of [first, second]) {
      expect(await rowOf(page, application.applicationId).getAttribute('data-status')).toBe('approved');
      expect((await statusOf(application)).status).toBe('approved');
    }
    expect(await page.locator('#selection-count').textContent()).not.toContain('已选 2');
    expectClean(watched);
  });

  it('decides from the keyboard: j moves to the next row and a approves it; keys typed in a field stay there', async () => {
    const before = await submit('zhaoyang');
    const target = await submit('zhaoyang');
    await waitPending(before, target);
    const watched = await openPage();
    const { page } = watched;
    await signIn(page);
    await loadUntil(page, target.applicationId);

    // The row submitted just before the target sits right above it (oldest first).
    const rows = page.locator('#queue-rows tr');
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-application-id')));
    const above = ids[ids.indexOf(target.applicationId) - 1] ?? '';
    expect(above).not.toBe('');
    await rowOf(page, above).locator('td.col-county').click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-application-id'))).toBe(
      above,
    );

    await page.keyboard.press('j');
    const targetRow = rowOf(page, target.applicationId);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-application-id'))).toBe(
      target.applicationId,
    );
    expect(await targetRow.getAttribute('class')).toContain('is-current');
    await page.keyboard.press('a');
    await expect.poll(() => targetRow.getAttribute('data-status'), { timeout: 10_000 }).toBe('approved');
    expect(await rowOf(page, above).getAttribute('data-status')).toBe('pending_review');
    expect((await statusOf(target)).status).toBe('approved');

    // k goes back up; r opens it at the reason box, where "j" and "a" are just letters.
    await rowOf(page, above).locator('td.col-county').click();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-application-id'))).toBe(
      target.applicationId,
    );
    await page.keyboard.press('k');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-application-id'))).toBe(
      above,
    );
    await page.keyboard.press('r');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 10_000 })
      .toBe('reason');
    await page.keyboard.type('ja');
    expect(await page.locator('#reason').inputValue()).toBe('ja');
    expect(await rowOf(page, above).getAttribute('data-status')).toBe('pending_review');

    // ? shows the shortcuts; Escape closes them, then the detail.
    await page.locator('#detail-heading').focus();
    await page.keyboard.press('?');
    expect(await page.locator('#shortcuts').evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.locator('#shortcuts').evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    await page.keyboard.press('Escape');
    expect(await page.locator('#detail').isHidden()).toBe(true);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('filter-status');
    expectClean(watched);
  });

  it('says another reviewer decided it just now (409) and refreshes the row', async () => {
    const application = await submit('zhaoyang');
    await waitPending(application);
    const watched = await openPage();
    const { page } = watched;
    await signIn(page);
    await loadUntil(page, application.applicationId);
    await rowOf(page, application.applicationId).locator('button.open-link').click();
    await page.locator('#decision').waitFor({ state: 'visible' });

    const other = await staffToken(dataDir, {
      role: 'reviewer',
      counties: 'zhaoyang',
      sub: 'reviewer-other',
    });
    const decided = await fetch(`${baseUrl}/api/review/applications/${application.applicationId}/decision`, {
      method: 'POST',
      headers: { authorization: `Bearer ${other}`, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'reject', reason: '资料不全' }),
    });
    expect(decided.status).toBe(200);

    await page.locator('#approve').click();
    const result = page.locator('#decision-result');
    await expect
      .poll(() => result.textContent(), { timeout: 10_000 })
      .toContain('另一位审核员刚刚处理了这份申请');
    const row = rowOf(page, application.applicationId);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('rejected');
    await expect.poll(() => page.locator('#detail .detail-decided-by').textContent()).toBe('reviewer-other');
    expect(await page.locator('#decision').isHidden()).toBe(true);
    expectClean(watched);
  });

  it('flags two workers with one ID number (different phones) as an ID conflict; only one can be approved', async () => {
    const idNumber = uniqueIdNumber();
    // Two workers apply on their phones with the same ID number, each proving their own phone.
    const applied: Array<{
      applicationId: string;
      statusToken: string;
      verificationId: string;
      phone: string;
    }> = [];
    const screens: string[] = [];
    for (const phone of [randomPhone(), randomPhone()]) {
      const worker = await openPage(360, 800);
      await worker.page.goto(baseUrl);
      const { verificationId } = await fillAndProve(worker.page, dataDir, { idNumber, phone });
      await worker.page.locator('#submit-button').click();
      const applicationId = await confirmedNumber(worker.page);
      expect(applicationId).toMatch(/^A\d{6}-[0-9A-Z]{8}$/);
      expect(await worker.page.locator('#confirmation').getAttribute('data-status')).toBe('submitted');
      screens.push((await worker.page.locator('#confirmation').innerText()).replaceAll(applicationId, '…'));
      applied.push({ ...(await statusLookupOf(worker.page)), verificationId, phone });
      expectClean(worker);
      await worker.page.context().close();
    }
    const [first, second] = applied as [(typeof applied)[0], (typeof applied)[0]];
    expect(first.applicationId).not.toBe(second.applicationId);
    // Nothing on the second worker's screen tells them the ID number was known.
    expect(screens[1]).toBe(screens[0]);
    expect(screens[0]).toContain('申请已提交');
    await waitPending(first, second);

    const watched = await openPage();
    const { page } = watched;
    await signIn(page);
    await loadUntil(page, second.applicationId);
    await loadUntil(page, first.applicationId);
    for (const application of [first, second]) {
      const badge = rowOf(page, application.applicationId).locator('.badge.flag-id_conflict');
      expect(await badge.textContent()).toContain(
        '身份证号冲突：另有申请或会员使用同一身份证号，请核对身份证原件',
      );
    }

    // The detail links to the other application with this ID number, and back.
    await rowOf(page, first.applicationId).locator('button.open-link').click();
    const detail = page.locator('#detail');
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 10_000 }).toBe('pending_review');
    expect(await detail.locator('.detail-flags .flag-id_conflict').isVisible()).toBe(true);
    const toSecond = detail.locator(
      `.detail-conflicts button[data-application-id="${second.applicationId}"]`,
    );
    expect(await toSecond.count()).toBe(1);
    await toSecond.click();
    await expect.poll(() => detail.getAttribute('data-application-id')).toBe(second.applicationId);
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 10_000 }).toBe('pending_review');
    expect(
      await detail.locator(`.detail-conflicts button[data-application-id="${first.applicationId}"]`).count(),
    ).toBe(1);
    expect(await page.locator('#detail-back').textContent()).toContain(first.applicationId);
    expect(await detail.locator(`.detail-phone a[href="tel:${second.phone}"]`).count()).toBe(1);

    // Approving one makes its holder a member ...
    await page.locator('#approve').click();
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 10_000 }).toBe('approved');
    const memberId = (await detail.locator('.detail-member-id').textContent()) ?? '';
    expect(memberId).toMatch(/^M\d{6}-[0-9A-Z]{8}$/);

    // ... so the other cannot be approved too: a plain message with the member number, and the row stays
    // waiting, to be rejected after checking the ID card.
    await rowOf(page, first.applicationId).locator('button.open-link').click();
    await expect.poll(() => detail.getAttribute('data-application-id')).toBe(first.applicationId);
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 10_000 }).toBe('pending_review');
    expect(
      await detail.locator(`.detail-conflicts button[data-application-id="${second.applicationId}"]`).count(),
    ).toBe(1);
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/${first.applicationId}/decision`)),
      page.locator('#approve').click(),
    ]);
    expect(refused.status()).toBe(409);
    const result = page.locator('#decision-result');
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toContain('已经是会员');
    expect(await result.textContent()).toContain(memberId);
    expect(await rowOf(page, first.applicationId).getAttribute('data-status')).toBe('pending_review');
    expect(await page.locator('#decision').isVisible()).toBe(true);
    expect(await page.locator('#approve').isEnabled()).toBe(true);
    expect((await statusOf(first)).status).toBe('pending_review');

    await page.locator('#reason').fill('身份证号已被另一位会员使用，请带身份证原件到县区工会核实。');
    await page.locator('#reject').click();
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 10_000 }).toBe('rejected');
    expect(await rowOf(page, first.applicationId).getAttribute('data-status')).toBe('rejected');
    expectClean(watched);

    // The member applies again from their own phone: the form says they are a member already, and the
    // status page shows the member number.
    await liftCodeCooldown(dataDir, second.verificationId);
    const member = await openPage(360, 800);
    await member.page.goto(baseUrl);
    await fillAndProve(member.page, dataDir, { idNumber, phone: second.phone });
    await member.page.locator('#submit-button').click();
    expect(await confirmedNumber(member.page)).toBe(second.applicationId);
    expect(await member.page.locator('#confirmation-heading').textContent()).toBe('您已经是工会会员了');
    expect(await member.page.locator('#confirm-repeat').textContent()).toContain('会员编号');
    expect(await member.page.locator('#confirm-next').isHidden()).toBe(true);
    await member.page.locator('#status-link').click();
    const card = member.page.locator(`#saved-list li[data-application-id="${second.applicationId}"]`);
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 10_000 }).toBe('approved');
    expect(await card.locator('.member-id').textContent()).toBe(memberId);
    expectClean(member);
  });

  it('an ID conflict with an application in another county: its link says it cannot be seen, and leads back', async () => {
    const idNumber = uniqueIdNumber();
    const mine = await submit('zhaoyang', { idNumber });
    const elsewhere = await submit('ludian', { idNumber });
    await waitPending(mine, elsewhere);
    const watched = await openPage();
    const { page } = watched;
    await signIn(page);
    await loadUntil(page, mine.applicationId);
    expect(await rowOf(page, mine.applicationId).locator('.badge.flag-id_conflict').count()).toBe(1);
    await rowOf(page, mine.applicationId).locator('button.open-link').click();
    const detail = page.locator('#detail');
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 10_000 }).toBe('pending_review');

    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/review/applications/${elsewhere.applicationId}`)),
      detail.locator(`.detail-conflicts button[data-application-id="${elsewhere.applicationId}"]`).click(),
    ]);
    expect(answer.status()).toBe(404);
    await expect
      .poll(() => page.locator('#detail-status').textContent())
      .toContain(`申请 ${elsewhere.applicationId} 不在您负责的县区`);
    expect(await page.locator('#decision').isHidden()).toBe(true);
    await page.locator('#detail-back').click();
    await expect.poll(() => detail.getAttribute('data-application-id')).toBe(mine.applicationId);
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 10_000 }).toBe('pending_review');
    expect(await page.locator('#detail-back').count()).toBe(0);
    expectClean(watched);
  });

  it('lists members and, for an administrator, downloads the CSV and shows the audit trail', async () => {
    const application = await submit('zhaoyang');
    await waitPending(application);
    const reviewer = await staffToken(dataDir, REVIEWER);
    const approved = await fetch(`${baseUrl}/api/review/applications/${application.applicationId}/decision`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reviewer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'approve' }),
    });
    const { memberId } = (await approved.json()) as { memberId: string };

    // A reviewer: members of their counties, no export, no audit trail.
    const asReviewer = await openPage();
    await signIn(asReviewer.page);
    await asReviewer.page.locator('#tab-members').click();
    await asReviewer.page.locator('#members-panel').waitFor({ state: 'visible' });
    expect(await asReviewer.page.locator('#members-export').isHidden()).toBe(true);
    expect(await asReviewer.page.locator('#tab-audit').isHidden()).toBe(true);
    await expect.poll(() => asReviewer.page.locator('#members-status').textContent()).toMatch(/\d/);
    expectClean(asReviewer);

    const watched = await openPage();
    const { page } = watched;
    await signIn(page, { role: 'admin', sub: 'admin-city' });
    await page.locator('#tab-members').click();
    await page.locator('#member-trade').selectOption('delivery_rider');
    await page.locator('#member-platform').selectOption('meituan');
    await page.locator('#member-county').selectOption('zhaoyang');
    const memberRow = page.locator(`#member-rows tr[data-member-id="${memberId}"]`);
    for (let i = 0; i < 20 && (await memberRow.count()) === 0; i++) {
      await expect.poll(() => page.locator('#members-status').textContent()).toMatch(/\d/);
      if ((await memberRow.count()) > 0 || !(await page.locator('#members-more').isVisible())) break;
      await page.locator('#members-more').click();
    }
    await expect.poll(() => memberRow.count()).toBe(1);

    // The CSV is fetched with the bearer token and saved through a Blob URL, under the page's CSP.
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      page.locator('#members-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^members-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toContain('memberId');
    expect(csv).toContain(memberId);
    await expect.poll(() => page.locator('#export-status').textContent()).toContain('.csv');

    await page.locator('#tab-audit').click();
    const auditRows = page.locator('#audit-rows tr');
    await expect.poll(() => auditRows.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('#audit-rows tr[data-action="members.export"]').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    expectClean(watched);
  });

  it('returns to the sign-in form with a plain message when the token expires, and switches to English', async () => {
    const watched = await openPage();
    const { page } = watched;
    await page.goto(`${baseUrl}/review`);
    // The union account first; the token from the command line behind it, for testing.
    await page.locator('#oidc-button').waitFor({ state: 'visible' });
    expect(await page.locator('#oidc-unavailable').isHidden()).toBe(true);
    expect(await page.locator('#token').isVisible()).toBe(false);
    await openTokenSignIn(page);

    const expired = await staffToken(dataDir, { ...REVIEWER, expiresInSeconds: -60 });
    await page.locator('#token').fill(expired);
    await page.locator('#token-submit').click();
    await page.locator('#token-error').waitFor({ state: 'visible' });
    expect(await page.locator('#console').isHidden()).toBe(true);

    // A token the API refuses (signed by another issuer): its 401 returns to the sign-in form.
    const otherIssuer = mkdtempSync(join(tmpdir(), 'other-issuer-'));
    const forged = await signLocalToken(otherIssuer, REVIEWER, localIssuerFor(dataDir));
    rmSync(otherIssuer, { recursive: true, force: true });
    await page.locator('#token').fill(forged);
    await page.locator('#token-submit').click();
    await expect.poll(() => page.locator('#sign-in-message').textContent()).toContain('登录已过期或无效');
    expect(await page.locator('#console').isHidden()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('gig-union.review.token'))).toBeNull();

    // A sign-in that runs out clears the screen by itself, and the API would refuse it anyway.
    const shortLived = await staffToken(dataDir, { ...REVIEWER, expiresInSeconds: 3 });
    await page.locator('#token').fill(shortLived);
    await page.locator('#token-submit').click();
    await page.locator('#console').waitFor({ state: 'visible' });
    await expect.poll(() => page.locator('#queue-rows tr').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.locator('#sign-in').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.locator('#sign-in-message').textContent()).toContain('登录已过期');
    expect(await page.evaluate(() => sessionStorage.getItem('gig-union.review.token'))).toBeNull();
    expect(await page.locator('#queue-rows tr').count()).toBe(0);
    const expiredCall = await fetch(`${baseUrl}/api/review/applications`, {
      headers: { authorization: `Bearer ${shortLived}` },
    });
    expect(expiredCall.status).toBe(401);

    // Signed in, but not on the staff list: told so, with what an administrator needs to add them.
    const nobody = await staffToken(dataDir, { role: 'none', sub: 'nobody' });
    await page.locator('#token').fill(nobody);
    await page.locator('#token-submit').click();
    await page.locator('#not-staff').waitFor({ state: 'visible' });
    expect(await page.locator('#not-staff-subject').textContent()).toBe('nobody');
    expect(await page.locator('#not-staff-issuer').textContent()).toBe(localIssuerFor(dataDir));
    expect(await page.locator('#not-staff-command').textContent()).toContain('--subject nobody --role admin');
    expect(await page.locator('#console').isHidden()).toBe(true);

    await page.locator('#language-switch').click();
    expect(await page.locator('h1').textContent()).toBe('Review applications');
    expect(await page.locator('#not-staff-heading').textContent()).toBe('You are not on the staff list yet');
    expect(await page.locator('#not-staff-message').textContent()).toContain('“nobody”');
    await page.reload();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.locator('#language-switch').click();
    expectClean(watched);
  });

  it('signs in with the union account through the local provider: code flow with PKCE, state and nonce', async () => {
    // On the roster as an operator would put them there; the provider's login page proves who they are.
    await staffToken(dataDir, REVIEWER);
    const watched = await openPage();
    const { page } = watched;
    const authorize: URLSearchParams[] = [];
    const exchanges: URLSearchParams[] = [];
    const exchangeHeaders: string[] = [];
    const endSession: URLSearchParams[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/oidc/auth') authorize.push(url.searchParams);
      if (url.pathname === '/oidc/session/end') endSession.push(url.searchParams);
      if (url.pathname === '/oidc/token' && request.method() === 'POST') {
        exchangeHeaders.push(`${request.method()} ${request.headers()['content-type']}`);
        exchanges.push(new URLSearchParams(request.postData() ?? ''));
      }
    });

    await signInWithUnionAccount(page, REVIEWER.sub as string, { baseUrl });
    await page.locator('#console').waitFor({ state: 'visible', timeout: 10_000 });
    await expect.poll(() => page.locator('#signed-in').textContent()).toContain('reviewer-zhao');

    expect(authorize).toHaveLength(1);
    const asked = authorize[0] as URLSearchParams;
    expect(asked.get('response_type')).toBe('code');
    expect(asked.get('client_id')).toBe('review-console');
    expect(asked.get('redirect_uri')).toBe(`${origin}/review`);
    expect(asked.get('scope')?.split(' ')).toContain('openid');
    expect(asked.get('code_challenge_method')).toBe('S256');
    expect(asked.get('state')).toMatch(/^[\w-]{43}$/);
    expect(asked.get('nonce')).toMatch(/^[\w-]{43}$/);
    expect(exchanges).toHaveLength(1);
    expect(exchangeHeaders).toEqual([expect.stringMatching(/^POST application\/x-www-form-urlencoded\b/)]);
    const exchange = exchanges[0] as URLSearchParams;
    expect(exchange.get('grant_type')).toBe('authorization_code');
    expect(exchange.get('client_id')).toBe('review-console');
    expect(exchange.get('redirect_uri')).toBe(`${origin}/review`);
    const verifier = exchange.get('code_verifier') ?? '';
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(asked.get('code_challenge'));
    // The code left the address bar; the pending request left sessionStorage; the ID token is the bearer.
    expect(page.url()).toBe(`${origin}/review`);
    expect(await page.evaluate(() => sessionStorage.getItem('gig-union.review.oidc'))).toBeNull();
    const idToken = (await page.evaluate(() => sessionStorage.getItem('gig-union.review.token'))) ?? '';
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
    expect(claims).toMatchObject({
      iss: localIssuerFor(dataDir),
      aud: 'review-console',
      sub: 'reviewer-zhao',
      nonce: asked.get('nonce'),
    });
    // Role and counties come from the roster, never from the token.
    expect(Object.keys(claims).filter((claim) => /cognito|counties|groups/.test(claim))).toEqual([]);
    // The API takes it: the queue answers (empty or not).
    await expect.poll(() => page.locator('#queue-status').textContent(), { timeout: 15_000 }).not.toBe('');
    expect(await page.locator('#queue-status').textContent()).not.toContain('登录');

    // Signing out also ends the provider's session (RP-initiated logout), and comes back to the console.
    await page.locator('#sign-out').click();
    await page.waitForURL((url) => url.pathname === '/oidc/session/end', { timeout: 10_000 });
    expect(endSession[0]?.get('client_id')).toBe('review-console');
    expect(endSession[0]?.get('id_token_hint')).toBe(idToken);
    expect(endSession[0]?.get('post_logout_redirect_uri')).toBe(`${origin}/review`);
    await page.locator('button#sign-out').click();
    await page.waitForURL(`${origin}/review`, { timeout: 10_000 });
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    await expect.poll(() => page.locator('#sign-in-message').textContent()).toContain('已退出登录');

    // A code this tab did not ask for (forged state) is never exchanged.
    await page.goto(`${baseUrl}/review?code=stolen&state=forged`);
    await expect.poll(() => page.locator('#sign-in-message').textContent()).toContain('登录没有完成');
    expect(exchanges).toHaveLength(1);
    expect(page.url()).toBe(`${origin}/review`);
    expect(await page.locator('#console').isHidden()).toBe(true);
    expectClean(watched);
  });

  it('works at 360 px: cards instead of a table, and the detail in place of the list', async () => {
    const application = await submit('zhaoyang', { phone: '13700001111' });
    // Another person, the same phone: a second code for it within the minute needs the cooldown lifted.
    await liftCodeCooldown(dataDir, application.verificationId);
    const samePhone = await submit('zhaoyang', { phone: '13700001111' });
    await waitPending(application, samePhone);
    const watched = await openPage(360, 800);
    const { page } = watched;
    await signIn(page);
    await loadUntil(page, samePhone.applicationId);

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const row = rowOf(page, samePhone.applicationId);
    expect(await row.evaluate((tr) => getComputedStyle(tr).display)).toBe('grid');
    expect(
      await page.locator('#queue-panel .queue-table thead').evaluate((t) => t.getBoundingClientRect().width),
    ).toBeLessThanOrEqual(1);
    const badge = row.locator('.badge.flag-phone_reused');
    expect(await badge.isVisible()).toBe(true);
    const box = await row.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
    const target = await row.locator('label.row-check').boundingBox();
    expect(target && target.width >= 44 && target.height >= 44).toBe(true);

    await row.locator('button.open-link').click();
    await page.locator('#decision').waitFor({ state: 'visible' });
    expect(await page.locator('.queue-list').isHidden()).toBe(true);
    expect(await page.locator('#detail .detail-flags .flag-phone_reused').isVisible()).toBe(true);
    await page.locator('#detail-close').click();
    expect(await page.locator('.queue-list').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expectClean(watched);
  });
});
