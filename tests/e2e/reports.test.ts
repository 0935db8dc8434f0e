/**
 * The coverage dashboard (`/reports`) in a real Chromium against the real local stack: applications
 * seeded through the API and approved, a report made through the API, then the page signs in with the
 * console's session, shows that report's numbers (headline, trade, platform and county tables, the
 * charts drawn), downloads its CSV, switches to English, makes a report from the page, and fits 360 px.
 * Other browser tests approve applications on the same stack at the same time: the checks compare with
 * what the API says and with this file's own applications, never with absolute totals.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CoverageReport } from '../../shared/domain/report';
import { beijingDay } from '../../shared/domain/report-period';
import { validApplicationBody } from '../support/applications';
import { staffToken } from '../support/staff-token';
import { launchBrowser } from './support/browser';
import { openPage, uniqueIdNumber, uniquePhone, type WatchedPage } from './support/pages';
import { applyWithCode } from './support/stack';
import { loopbackOrigins, signInWithToken, signInWithUnionAccount } from './support/staff';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

/** This file's own corner of the catalogue: a leading platform in a county the other tests leave alone. */
const TRADE = 'truck_driver';
const PLATFORM = 'full_truck_alliance';
const COUNTY = 'weixin';
const APPROVED = 2;

const DESK = { width: 1280, height: 900 };
/** The administrator this file signs in as (on the roster through `npm run token`'s enrolment). */
const ADMIN_SUBJECT = 'admin-reports';

const day = (offset: number) => {
  const [y, m, d] = beijingDay(new Date()).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
};

const zhNumber = (value: number) => new Intl.NumberFormat('zh-CN').format(value);

let browser: Browser;
let admin: string;
let report: CoverageReport;
const watchedPages: WatchedPage[] = [];

const api = async (path: string, init: RequestInit = {}, token = admin) => {
  const response = await fetch(`${baseUrl}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });
  return response;
};

/**
 * Applies through the API (the phone proven with a code read from the stack's outbox) and waits until
 * screening has put it in the review queue.
 */
const applyAndWait = async (): Promise<string> => {
  const { applicationId, statusToken } = await applyWithCode(
    baseUrl,
    dataDir,
    validApplicationBody({
      trade: TRADE,
      platforms: [PLATFORM],
      county: COUNTY,
      idNumber: uniqueIdNumber(),
      phone: uniquePhone(),
    }),
  );
  // Screening moves it on through the queue (a plain loop: expect.poll only works inside a test).
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = await fetch(`${baseUrl}/api/applications/${applicationId}`, {
      headers: { 'x-status-token': statusToken },
    });
    if (((await status.json()) as { status: string }).status === 'pending_review') break;
    if (Date.now() > deadline) throw new Error(`${applicationId} never reached pending_review`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return applicationId;
};

/** A page that also records every Content-Security-Policy violation the browser reports. */
const open = async (viewport = DESK): Promise<WatchedPage & { cspViolations: () => Promise<string[]> }> => {
  const watched = await openPage(browser, baseUrl, viewport);
  watchedPages.push(watched);
  await watched.context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  return {
    ...watched,
    cspViolations: () =>
      watched.page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
  };
};

const expectClean = async (watched: Awaited<ReturnType<typeof open>>) => {
  expect(watched.consoleErrors).toEqual([]);
  expect(watched.foreignRequests).toEqual([]);
  expect(await watched.cspViolations()).toEqual([]);
};

const signInOnReports = async (page: Page, token: string) => {
  await page.goto(`${baseUrl}/reports`);
  await signInWithToken(page, token, '#dashboard');
};

const cell = (page: Page, table: string, code: string, column: string) =>
  page.locator(`#${table} tbody tr[data-code="${code}"] [data-col="${column}"]`);

const stat = (page: Page, key: string) => page.locator(`#headline [data-stat="${key}"] .stat-value`);

/** The report the page shows, once it is on the screen. */
const shownReport = async (page: Page, reportId: string) => {
  await expect.poll(() => page.locator('#report-select').inputValue(), { timeout: 15_000 }).toBe(reportId);
  await page.locator('#report').waitFor({ state: 'visible' });
  await expect.poll(() => page.locator('#trade-table tbody tr').count(), { timeout: 15_000 }).toBe(4);
};

/** Pixels painted on a chart's canvas (Chart.js draws on canvas; a blank one has none). */
const paintedPixels = (page: Page, canvas: string) =>
  page.locator(canvas).evaluate((element) => {
    const c = element as HTMLCanvasElement;
    if (c.width === 0 || c.height === 0) return 0;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) painted++;
    return painted;
  });

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await staffToken(dataDir, { role: 'admin', sub: ADMIN_SUBJECT });
  const ids = await Promise.all([applyAndWait(), applyAndWait(), applyAndWait()]);
  for (const id of ids.slice(0, APPROVED)) {
    const decided = await api(`/api/review/applications/${id}/decision`, {
      method: 'POST',
      body: JSON.stringify({ decision: 'approve' }),
    });
    expect(decided.status).toBe(200);
  }
  const made = await api('/api/reports/coverage', {
    method: 'POST',
    body: JSON.stringify({ from: day(-7), to: day(0) }),
  });
  expect(made.status).toBe(201);
  report = (await made.json()) as CoverageReport;
  expect(report.reportId).toBe(`custom-${day(-7)}-to-${day(0)}`);
});

afterAll(async () => {
  for (const watched of watchedPages) await watched.context.close().catch(() => undefined);
  await browser?.close();
});

describe('the coverage dashboard', () => {
  it('shows the report the API made: headline, trade, platform and county, charts drawn, CSV, English', async () => {
    const watched = await open();
    const { page } = watched;

    // Signed in on the console, the dashboard needs no second sign-in (same tab, same session).
    await page.goto(`${baseUrl}/review`);
    await signInWithToken(page, admin);
    const served = await page.goto(`${baseUrl}/reports`);
    expect(served?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('#dashboard').waitFor({ state: 'visible' });
    expect(await page.locator('#sign-in').isHidden()).toBe(true);
    await expect.poll(() => page.locator('#signed-in').textContent()).toContain('admin-reports');

    // The newest report is chosen by default; then this file's own report.
    const listed = (await (await api('/api/reports/coverage')).json()) as {
      items: Array<{ reportId: string }>;
    };
    expect(listed.items.some((item) => item.reportId === report.reportId)).toBe(true);
    await expect
      .poll(() => page.locator('#report-select').inputValue(), { timeout: 15_000 })
      .toBe(listed.items[0]?.reportId);
    if (listed.items[0]?.reportId !== report.reportId)
      await page.locator('#report-select').selectOption(report.reportId);
    await shownReport(page, report.reportId);

    // The numbers are the API's, and include what this file approved.
    expect(await stat(page, 'members').textContent()).toBe(zhNumber(report.totals.members));
    expect(await stat(page, 'newMembers').textContent()).toBe(zhNumber(report.totals.newMembers));
    expect(await stat(page, 'pending').textContent()).toBe(zhNumber(report.totals.pending));
    expect(await stat(page, 'approved').textContent()).toBe(zhNumber(report.totals.approved));
    expect(report.totals.newMembers).toBeGreaterThanOrEqual(APPROVED);
    expect(report.totals.members).toBeGreaterThanOrEqual(APPROVED);
    expect(await stat(page, 'headPlatforms').textContent()).toContain(
      `${report.headPlatforms.total} 家中有 ${report.headPlatforms.withMembers} 家`,
    );

    const trade = report.byTrade.find((row) => row.trade === TRADE);
    expect(trade?.members).toBeGreaterThanOrEqual(APPROVED);
    expect(trade?.newMembers).toBeGreaterThanOrEqual(APPROVED);
    expect(await cell(page, 'trade-table', TRADE, 'trade').textContent()).toBe('货车司机');
    expect(await cell(page, 'trade-table', TRADE, 'members').textContent()).toBe(
      zhNumber(trade?.members ?? -1),
    );
    expect(await cell(page, 'trade-table', TRADE, 'newMembers').textContent()).toBe(
      zhNumber(trade?.newMembers ?? -1),
    );

    const platform = report.byPlatform.find((row) => row.platform === PLATFORM);
    expect(platform?.head).toBe(true);
    expect(platform?.members).toBeGreaterThanOrEqual(APPROVED);
    expect(await cell(page, 'platform-table', PLATFORM, 'platform').textContent()).toBe('满帮 ★');
    expect(await cell(page, 'platform-table', PLATFORM, 'head').textContent()).toBe('是');
    expect(await cell(page, 'platform-table', PLATFORM, 'members').textContent()).toBe(
      zhNumber(platform?.members ?? -1),
    );

    const county = report.byCounty.find((row) => row.county === COUNTY);
    expect(county?.members).toBeGreaterThanOrEqual(APPROVED);
    expect(await page.locator('#county-table tbody tr').count()).toBe(11);
    expect(await cell(page, 'county-table', COUNTY, 'county').textContent()).toBe('威信县');
    expect(await cell(page, 'county-table', COUNTY, 'members').textContent()).toBe(
      zhNumber(county?.members ?? -1),
    );
    expect(await page.locator('#estimate-source').textContent()).toContain(report.estimates.asOf);

    // The charts are drawn (on canvas, under the CSP) and described; their tables open on request.
    for (const canvas of ['#trade-chart', '#platform-chart', '#trend-chart']) {
      await expect.poll(() => paintedPixels(page, canvas), { timeout: 15_000 }).toBeGreaterThan(500);
      expect(await page.locator(canvas).getAttribute('aria-label')).toMatch(/数据表/);
    }
    const toggle = page.locator('#trade-figure .table-toggle');
    expect(await page.locator('#trade-data').getAttribute('class')).toContain('visually-hidden');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('#trade-data').getAttribute('class')).not.toContain('visually-hidden');
    expect(await page.locator(`#trade-table tbody tr[data-code="${TRADE}"]`).isVisible()).toBe(true);

    // The CSV: fetched with the bearer token, saved through a Blob URL.
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      page.locator('#csv-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`coverage-${report.reportId}.csv`);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toContain('trade,platform,county,members,newMembers');
    const row = csv.split(/\r?\n/).find((line) => line.startsWith(`${TRADE},${PLATFORM},${COUNTY},`));
    const cellInCsv = report.cells.find(
      (c) => c.trade === TRADE && c.platform === PLATFORM && c.county === COUNTY,
    );
    expect(row?.split(',')[3]).toBe(String(cellInCsv?.members));
    await expect.poll(() => page.locator('#csv-status').textContent()).toContain('.csv');

    // English, and back.
    await page.locator('#language-switch').click();
    expect(await page.locator('h1').textContent()).toBe('Gig workers joining the union: coverage');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('#headline [data-stat="members"] .stat-label').textContent()).toBe('Members');
    expect(await cell(page, 'trade-table', TRADE, 'trade').textContent()).toBe('Truck driver');
    expect(await cell(page, 'county-table', COUNTY, 'county').textContent()).toBe('Weixin County');
    expect(await page.locator('#report-title').textContent()).toMatch(/^Chosen dates: /);
    expect(await stat(page, 'headPlatforms').textContent()).toContain(
      `${report.headPlatforms.withMembers} of ${report.headPlatforms.total}`,
    );
    await expect.poll(() => paintedPixels(page, '#trade-chart')).toBeGreaterThan(500);
    await page.locator('#language-switch').click();
    expect(await page.locator('h1').textContent()).toBe('新就业形态劳动者入会覆盖情况');

    await expectClean(watched);
  });

  it('lets an administrator make a report now, and shows it', async () => {
    const watched = await open();
    const { page } = watched;
    await signInOnReports(page, admin);
    expect(await page.locator('#generate').isVisible()).toBe(true);
    await page.locator('#generate-period').selectOption('custom');
    await page.locator('#generate-from').fill(day(-1));
    await page.locator('#generate-to').fill(day(-2));
    await page.locator('#generate-button').click();
    await page.locator('#to-error').waitFor({ state: 'visible' });
    expect(await page.locator('#generate-to').getAttribute('aria-invalid')).toBe('true');

    await page.locator('#generate-to').fill(day(0));
    const posted = page.waitForResponse(
      (response) =>
        response.url().endsWith('/api/reports/coverage') && response.request().method() === 'POST',
    );
    await page.locator('#generate-button').click();
    const made = (await (await posted).json()) as CoverageReport;
    expect(made.reportId).toBe(`custom-${day(-1)}-to-${day(0)}`);
    expect(await page.locator('#to-error').isHidden()).toBe(true);
    await shownReport(page, made.reportId);
    await expect.poll(() => page.locator('#generate-status').textContent()).toContain('已生成');
    expect(await stat(page, 'members').textContent()).toBe(zhNumber(made.totals.members));
    await expectClean(watched);
  });

  it('shows a reviewer only their county, without the button to make reports', async () => {
    const reviewer = await staffToken(dataDir, {
      role: 'reviewer',
      counties: COUNTY,
      sub: 'reviewer-weixin',
    });
    const scoped = (await (
      await api(`/api/reports/coverage/${report.reportId}`, {}, reviewer)
    ).json()) as CoverageReport;
    const watched = await open();
    const { page } = watched;
    await signInOnReports(page, reviewer);
    if ((await page.locator('#report-select').inputValue()) !== report.reportId)
      await page.locator('#report-select').selectOption(report.reportId);
    await shownReport(page, report.reportId);
    expect(await page.locator('#generate').isHidden()).toBe(true);
    expect(await page.locator('#county-table tbody tr').count()).toBe(1);
    expect(await cell(page, 'county-table', COUNTY, 'members').textContent()).toBe(
      zhNumber(scoped.totals.members),
    );
    expect(await stat(page, 'members').textContent()).toBe(zhNumber(scoped.totals.members));
    expect(scoped.totals.members).toBeGreaterThanOrEqual(APPROVED);
    expect(await page.locator('#change-note').textContent()).toContain('部分县区');
    await expectClean(watched);
  });

  it('signs in with the union account from the dashboard and comes back to it', async () => {
    // The provider knows one address to come back to (the console); the dashboard is where it started.
    const watched = await open();
    const { page } = watched;
    const exchanged: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/oidc/token') exchanged.push(request.postData() ?? '');
    });
    await signInWithUnionAccount(page, ADMIN_SUBJECT, { baseUrl, path: '/reports', body: '#dashboard' });
    await page.locator('#dashboard').waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator('#report').waitFor({ state: 'visible', timeout: 15_000 });
    expect(new URL(page.url()).pathname).toBe('/reports');
    expect(new URL(page.url()).search).toBe('');
    expect(exchanged).toHaveLength(1);
    await expect.poll(() => page.locator('#signed-in').textContent()).toContain(ADMIN_SUBJECT);
    expect(await page.locator('#generate').isVisible()).toBe(true);
    const token = await page.evaluate(() => sessionStorage.getItem('gig-union.review.token'));
    const claims = JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ sub: ADMIN_SUBJECT, aud: 'review-console' });
    expect(await page.evaluate(() => sessionStorage.getItem('gig-union.review.oidc'))).toBeNull();
    // The provider's pages answer at the stack's other loopback name; nothing else is reached.
    watched.foreignRequests.splice(
      0,
      watched.foreignRequests.length,
      ...watched.foreignRequests.filter((url) => !loopbackOrigins(baseUrl).includes(new URL(url).origin)),
    );
    await expectClean(watched);
  });

  it('fits a 360 px phone: nothing scrolls sideways', async () => {
    const watched = await open({ width: 360, height: 740 });
    const { page } = watched;
    await signInOnReports(page, admin);
    if ((await page.locator('#report-select').inputValue()) !== report.reportId)
      await page.locator('#report-select').selectOption(report.reportId);
    await shownReport(page, report.reportId);
    await expect.poll(() => paintedPixels(page, '#platform-chart'), { timeout: 15_000 }).toBeGreaterThan(500);
    await page.locator('#platform-figure .table-toggle').click();
    await page.locator('#generate-period').selectOption('custom');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const box = await page.locator('#county-table').boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
    await expectClean(watched);
  });
});
