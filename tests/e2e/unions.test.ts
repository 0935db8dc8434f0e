/**
 * Grassroots unions (`/unions`) in a real Chromium against the real local stack, walking the issue's
 * scenario: a Meituan rider approved before Zhaoyang has a Meituan union sits in the county's fallback
 * union (the page shows them there); an administrator (the first one, made with `npm run staff`, signed in
 * through the stack's own provider) sets the union up on the page; a rider approved afterwards joins it
 * directly; the page's bulk transfer moves the earlier one over; the coverage report's head-platform union
 * rate goes up from before to after; a member is moved and another marked as left, and the counts follow.
 * Other browser tests approve Zhaoyang riders on the same stack at the same time: counts are checked as
 * deltas, bounded by the members that arrived meanwhile, never as absolute numbers.
 */
import { randomInt } from 'node:crypto';
import type { Browser, Dialog, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { errorMessage, fieldMessage } from '../../shared/domain/messages';
import type { CoverageReport } from '../../shared/domain/report';
import { beijingDay } from '../../shared/domain/report-period';
import { fallbackUnionId } from '../../shared/domain/union';
import { unionRateText } from '../../web/src/staff/reports/union-format';
import { validApplicationBody } from '../support/applications';
import { staffToken } from '../support/staff-token';
import { launchBrowser } from './support/browser';
import { openPage, uniqueIdNumber, uniquePhone, type WatchedPage } from './support/pages';
import { applyWithCode, waitPending } from './support/stack';
import { loopbackOrigins, signInWithToken, signInWithUnionAccount, staffCommand } from './support/staff';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

/** Names no other run against the same stack used. */
const run = randomInt(1e9).toString(36);
const ADMIN = `admin-unions-${run}`;
const COUNTY = 'zhaoyang';
const FALLBACK = fallbackUnionId(COUNTY);
const UNION_NAME = `美团昭阳区工会 ${run}`;
const DESK = { width: 1280, height: 900 };

/** This file's own report period (the dashboard's test uses the last 7 days): the last 3 days. */
const day = (offset: number) => {
  const [y, m, d] = beijingDay(new Date()).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
};
const PERIOD = { from: day(-2), to: day(0) };

interface ListedUnion {
  unionId: string;
  name: string;
  kind: string;
  county: string;
  platform?: string;
  status: string;
  members: number;
}
interface Entry {
  memberId: string;
  joinedAt: string;
  inUnionSince?: string;
}

let browser: Browser;
let adminToken: string;
let desk: WatchedPage;
let reportBefore: CoverageReport;
/** What the scenario learns as it goes. */
const scenario = { early: '', late: '', meituan: '' };
const watchedPages: WatchedPage[] = [];

const api = async <T = Record<string, unknown>>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> => {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
};

const unionsNow = async (): Promise<ListedUnion[]> =>
  (await api<{ items: ListedUnion[] }>('GET', '/api/unions')).body.items;

const memberOf = async (memberId: string) =>
  (
    await api<{ unionId: string; unionHistory: Array<{ how: string }>; leftAt?: string }>(
      'GET',
      `/api/members/${memberId}`,
    )
  ).body;

/** Every member of a union as the API lists them (all pages). */
const entriesOf = async (unionId: string): Promise<Entry[]> => {
  const entries: Entry[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await api<{ items: Entry[]; nextCursor: string | null }>(
      'GET',
      `/api/unions/${unionId}/members?limit=100${query}`,
    );
    entries.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return entries;
};

/** Members placed in (or moved into) a union after `since`: what other tests' approvals added meanwhile. */
const arrivedSince = async (unionId: string, since: string, except: readonly string[] = []) =>
  (await entriesOf(unionId)).filter(
    (e) => (e.inUnionSince ?? e.joinedAt) > since && !except.includes(e.memberId),
  ).length;

/** A Meituan rider in Zhaoyang, applied for with a proven phone, screened and approved: their member id. */
const approvedRider = async (): Promise<string> => {
  const applied = await applyWithCode(
    baseUrl,
    dataDir,
    validApplicationBody({
      trade: 'delivery_rider',
      platforms: ['meituan'],
      county: COUNTY,
      idNumber: uniqueIdNumber(),
      phone: uniquePhone(),
    }),
  );
  await waitPending(baseUrl, applied);
  const decided = await api<{ memberId: string }>(
    'POST',
    `/api/review/applications/${applied.applicationId}/decision`,
    { decision: 'approve' },
  );
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  return decided.body.memberId;
};

/** Dissolves a union through the API, calling again until its members are all moved out. */
const dissolve = async (unionId: string) => {
  for (let round = 0; round < 20; round++) {
    const answer = await api<{ done: boolean }>('POST', `/api/unions/${unionId}`, {
      status: 'dissolved',
      reason: 'e2e: start with no Meituan union',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    if (answer.body.done) return;
  }
  throw new Error(`${unionId} never finished dissolving`);
};

const generateReport = async (): Promise<CoverageReport> => {
  const made = await api<CoverageReport>('POST', '/api/reports/coverage', PERIOD);
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return made.body;
};

const open = async (viewport = DESK): Promise<WatchedPage> => {
  const watched = await openPage(browser, baseUrl, viewport);
  watchedPages.push(watched);
  return watched;
};

const expectClean = (watched: WatchedPage) => {
  expect(watched.consoleErrors).toEqual([]);
  // The stack's own sign-in provider answers at its other loopback name.
  const origins = loopbackOrigins(baseUrl);
  expect(watched.foreignRequests.filter((url) => !origins.includes(new URL(url).origin))).toEqual([]);
};

const row = (page: Page, unionId: string) => page.locator(`#union-table tr[data-union-id="${unionId}"]`);

const shownCount = async (page: Page, unionId: string): Promise<number> =>
  Number(((await row(page, unionId).locator('.member-count').textContent()) ?? '').replace(/\D/g, ''));

/** The next `GET /api/unions` the page makes: after every change, it reads the counts again. */
const nextUnionsRead = (page: Page): Promise<Response> =>
  page.waitForResponse((r) => new URL(r.url()).pathname === '/api/unions' && r.request().method() === 'GET', {
    timeout: 30_000,
  });

const countsIn = async (response: Response): Promise<Map<string, number>> => {
  const { items } = (await response.json()) as { items: ListedUnion[] };
  return new Map(items.map((u) => [u.unionId, u.members]));
};

/** Opens a union's members and reads every page of them (pressing "load more" to the end). */
const listedMembers = async (page: Page, unionId: string): Promise<string[]> => {
  await row(page, unionId).locator('button[data-action="members"]').click();
  await page.locator('#members').waitFor({ state: 'visible' });
  const status = page.locator('#members-status');
  await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/\d|没有会员/);
  const more = page.locator('#members-more');
  while (await more.isVisible()) {
    const before = await page.locator('#member-rows tr').count();
    await more.click();
    await expect
      .poll(() => page.locator('#member-rows tr').count(), { timeout: 15_000 })
      .toBeGreaterThan(before);
  }
  return page
    .locator('#member-rows tr')
    .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-member-id') ?? ''));
};

/** Accepts the next confirm() the page shows, and answers its text. */
const acceptNextDialog = (page: Page): Promise<string> =>
  new Promise((resolve) => {
    page.once('dialog', (dialog: Dialog) => {
      resolve(dialog.message());
      void dialog.accept();
    });
  });

beforeAll(async () => {
  browser = await launchBrowser();
  adminToken = await staffToken(dataDir, { role: 'admin', sub: `admin-unions-api-${run}` });
  // Another run's Meituan union (on a stack kept between runs) would make "before" the same as "after".
  for (const union of await unionsNow())
    if (union.status === 'active' && union.platform === 'meituan') await dissolve(union.unionId);
  reportBefore = await generateReport();
  expect(reportBefore.unions?.headPlatforms.without).toContain('meituan');
}, 120_000);

afterAll(async () => {
  for (const watched of watchedPages) await watched.context.close().catch(() => undefined);
  await browser?.close();
});

describe('grassroots unions on /unions', () => {
  it('shows a rider approved before the Meituan union in the county’s fallback union', async () => {
    scenario.early = await approvedRider();
    expect((await memberOf(scenario.early)).unionId).toBe(FALLBACK);

    // The first administrator, as an operator makes one, signs in with the union account on /unions.
    expect(
      await staffCommand(dataDir, 'add', '--subject', ADMIN, '--role', 'admin', '--name', ADMIN),
    ).toContain(ADMIN);
    desk = await open();
    const { page } = desk;
    await signInWithUnionAccount(page, ADMIN, { baseUrl, path: '/unions', body: '#unions-body' });
    await expect.poll(() => page.locator('#signed-in').textContent()).toContain(ADMIN);
    expect(await page.locator('#create').isVisible()).toBe(true);

    const read = nextUnionsRead(page);
    await page.locator('#unions-refresh').click();
    const counts = await countsIn(await read);
    await row(page, FALLBACK).waitFor();
    expect(await row(page, FALLBACK).locator('.col-union').textContent()).toContain('兜底联合工会');
    expect(await shownCount(page, FALLBACK)).toBe(counts.get(FALLBACK));
    expect(counts.get(FALLBACK)).toBeGreaterThanOrEqual(1);
    // Every county has its fallback union from the start, under its county's heading.
    expect(await page.locator('#union-table tbody.county-group').count()).toBe(11);
    expect(await page.locator('tbody[data-county="zhaoyang"] .county-heading').textContent()).toMatch(
      /^昭阳区：/,
    );

    expect(await listedMembers(page, FALLBACK)).toContain(scenario.early);
    // Masked data only: no whole mobile number on the page.
    expect(await page.locator('#member-rows').textContent()).not.toMatch(/1[3-9]\d{9}/);
    expectClean(desk);
  });

  it('lets the administrator set up the Meituan union, checked by the API’s rules first', async () => {
    const { page } = desk;
    await page.locator('#members-close').click();
    await page.locator('#to-create').click();
    const posts = () => desk.apiRequests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/unions'));

    // Checked in the browser with the API's rules and messages: nothing is sent.
    await page.locator('#create-kind').selectOption('platform');
    await page.locator('#create-submit').click();
    expect(await page.locator('#create-name-error').textContent()).toBe(fieldMessage('required', 'zh-CN'));
    expect(await page.locator('#create-platform-error').textContent()).toBe(
      fieldMessage('required', 'zh-CN'),
    );
    expect(await page.locator('#create-county-error').isVisible()).toBe(true);
    expect(posts()).toHaveLength(0);

    await page.locator('#create-name').fill(UNION_NAME);
    await page.locator('#create-county').selectOption(COUNTY);
    await page.locator('#create-platform').selectOption('meituan');
    expect(await page.locator('#create-trade-field').isHidden()).toBe(true);
    await page.locator('#create-setUpOn').fill(day(0));
    const read = nextUnionsRead(page);
    await page.locator('#create-submit').click();
    await expect.poll(() => page.locator('#unions-message').textContent()).toBe(`已成立“${UNION_NAME}”。`);
    await read;
    const created = page.locator('#union-table tr.union-row', { hasText: UNION_NAME });
    scenario.meituan = (await created.getAttribute('data-union-id')) ?? '';
    expect(scenario.meituan).toMatch(/^U-zhaoyang-/);
    expect(await created.locator('.col-covers').textContent()).toContain('平台：美团');
    expect(await created.locator('.col-set-up').textContent()).toContain(day(0));
    expect(await shownCount(page, scenario.meituan)).toBe(0);
    expect(await created.locator('button[data-action="bulk"]').textContent()).toBe(
      '把本县兜底工会中的美团会员整体接转到本工会',
    );

    // A second union for Meituan in the county: the API's 409, beside the platform, naming the first.
    await page.locator('#create-name').fill(`另一个美团工会 ${run}`);
    await page.locator('#create-kind').selectOption('joint');
    await page.locator('#create-county').selectOption(COUNTY);
    await page.locator('#create-platform').selectOption('meituan');
    await page.locator('#create-submit').click();
    await expect
      .poll(() => page.locator('#create-platform-error').textContent())
      .toBe(`${errorMessage('union_slot_taken', 'zh-CN')} 现在覆盖它的是“${UNION_NAME}”。`);
    expect(posts()).toHaveLength(2);
    expect((await unionsNow()).filter((u) => u.name.endsWith(run)).map((u) => u.unionId)).toEqual([
      scenario.meituan,
    ]);
    expectClean(desk);
  });

  it('puts a rider approved afterwards straight into it, and the bulk transfer moves the earlier one over', async () => {
    scenario.late = await approvedRider();
    expect((await memberOf(scenario.late)).unionId).toBe(scenario.meituan);

    const { page } = desk;
    let read = nextUnionsRead(page);
    await page.locator('#unions-refresh').click();
    const before = await countsIn(await read);
    const since = new Date().toISOString();

    await row(page, scenario.meituan).locator('button[data-action="bulk"]').click();
    await expect.poll(() => page.locator('#panel-heading').textContent()).toBe('整体接转：美团会员');
    expect(await page.locator('#bulk-reason').inputValue()).toBe('美团工会成立，整体接转');
    read = nextUnionsRead(page);
    await page.locator('#bulk-submit').click();
    const message = page.locator('#unions-message');
    await expect
      .poll(() => message.textContent(), { timeout: 30_000 })
      .toMatch(/^已把 \d+ 名美团会员从兜底工会接转到/);
    const moved = Number(/已把 (\d+) 名/.exec((await message.textContent()) ?? '')?.[1]);
    expect(moved).toBeGreaterThanOrEqual(1);
    const after = await countsIn(await read);

    const early = await memberOf(scenario.early);
    expect(early.unionId).toBe(scenario.meituan);
    expect(early.unionHistory.map((stay) => stay.how)).toEqual(['placement', 'bulk_transfer']);
    // The counts moved by what was moved, give or take members other tests' approvals placed meanwhile.
    const meituanBefore = before.get(scenario.meituan) ?? 0;
    const meituanAfter = after.get(scenario.meituan) ?? 0;
    expect(meituanAfter).toBeGreaterThanOrEqual(meituanBefore + moved);
    expect(meituanAfter).toBeLessThanOrEqual(
      meituanBefore + moved + (await arrivedSince(scenario.meituan, since)),
    );
    const fallbackBefore = before.get(FALLBACK) ?? 0;
    const fallbackAfter = after.get(FALLBACK) ?? 0;
    expect(fallbackAfter).toBeGreaterThanOrEqual(fallbackBefore - moved);
    expect(fallbackAfter).toBeLessThanOrEqual(fallbackBefore - moved + (await arrivedSince(FALLBACK, since)));
    // And the page shows the counts it read after the transfer.
    expect(await shownCount(page, scenario.meituan)).toBe(meituanAfter);
    expect(await shownCount(page, FALLBACK)).toBe(fallbackAfter);

    const inMeituan = await listedMembers(page, scenario.meituan);
    expect(inMeituan).toEqual(expect.arrayContaining([scenario.early, scenario.late]));
    await page.locator('#members-close').click();
    expect(await listedMembers(page, FALLBACK)).not.toContain(scenario.early);
    await page.locator('#members-close').click();
    expectClean(desk);
  }, 90_000);

  it('moves one member to another union and marks another as left; the counts follow', async () => {
    const { page } = desk;
    let read = nextUnionsRead(page);
    await page.locator('#unions-refresh').click();
    let before = await countsIn(await read);
    let since = new Date().toISOString();

    // The later rider goes to the fallback union, with a reason.
    await listedMembers(page, scenario.meituan);
    const late = page.locator(`#member-rows tr[data-member-id="${scenario.late}"]`);
    await late.locator('button[data-action="transfer"]').click();
    await page.locator('#transfer-form').waitFor({ state: 'visible' });
    await page.locator('#transfer-submit').click();
    expect(await page.locator('#transfer-to-error').textContent()).toBe(fieldMessage('union.to', 'zh-CN'));
    await page.locator('#transfer-to').selectOption(FALLBACK);
    await page.locator('#transfer-reason').fill('换到兜底工会（测试）');
    read = nextUnionsRead(page);
    await page.locator('#transfer-submit').click();
    await expect.poll(() => page.locator('#members-message').textContent()).toMatch(/^已把 .+ 转到“昭阳区/);
    let after = await countsIn(await read);
    expect(await late.count()).toBe(0);
    expect((await memberOf(scenario.late)).unionId).toBe(FALLBACK);
    expect(after.get(scenario.meituan)).toBeGreaterThanOrEqual((before.get(scenario.meituan) ?? 0) - 1);
    expect(after.get(scenario.meituan)).toBeLessThanOrEqual(
      (before.get(scenario.meituan) ?? 0) - 1 + (await arrivedSince(scenario.meituan, since)),
    );
    expect(await shownCount(page, scenario.meituan)).toBe(after.get(scenario.meituan));

    // The earlier rider leaves the union: a reason from the list, confirmed first.
    before = after;
    since = new Date().toISOString();
    const early = page.locator(`#member-rows tr[data-member-id="${scenario.early}"]`);
    await early.locator('button[data-action="leave"]').click();
    await page.locator('#leave-form').waitFor({ state: 'visible' });
    expect(await page.locator('#leave-reason option').allTextContents()).toEqual([
      '请选择',
      '不再从事这类工作',
      '离开本地',
      '本人申请退会',
      '去世',
      '其他原因',
    ]);
    await page.locator('#leave-reason').selectOption('moved_away');
    await page.locator('#leave-note').fill('回老家了');
    const confirmed = acceptNextDialog(page);
    read = nextUnionsRead(page);
    await page.locator('#leave-submit').click();
    expect(await confirmed).toContain(scenario.early);
    await expect.poll(() => page.locator('#members-message').textContent()).toMatch(/已退会。$/);
    after = await countsIn(await read);
    expect(await early.count()).toBe(0);
    expect((await memberOf(scenario.early)).leftAt).toBeTruthy();
    expect(after.get(scenario.meituan)).toBeGreaterThanOrEqual((before.get(scenario.meituan) ?? 0) - 1);
    expect(after.get(scenario.meituan)).toBeLessThanOrEqual(
      (before.get(scenario.meituan) ?? 0) - 1 + (await arrivedSince(scenario.meituan, since)),
    );
    expect(await shownCount(page, scenario.meituan)).toBe(after.get(scenario.meituan));
    expect(await listedMembers(page, scenario.meituan)).not.toContain(scenario.early);
    expectClean(desk);
  }, 90_000);

  it('raises the head-platform union rate in the coverage report, as the dashboard shows', async () => {
    const { page } = desk;
    await page.locator('#to-reports').click();
    await page.waitForURL(`${baseUrl}/reports`);
    await page.locator('#dashboard').waitFor({ state: 'visible' });
    await page.locator('#generate-period').selectOption('custom');
    await page.locator('#generate-from').fill(PERIOD.from);
    await page.locator('#generate-to').fill(PERIOD.to);
    const made = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/reports/coverage' && r.request().method() === 'POST',
    );
    await page.locator('#generate-button').click();
    const after = (await (await made).json()) as CoverageReport;
    const rateBefore = reportBefore.unions?.headPlatforms;
    const rateAfter = after.unions?.headPlatforms;
    expect(rateAfter?.withUnion).toBe((rateBefore?.withUnion ?? 0) + 1);
    expect(rateAfter?.with).toContain('meituan');
    expect(rateAfter?.without).not.toContain('meituan');
    expect(after.unions?.byCounty.find((c) => c.county === COUNTY)?.with).toContain('meituan');
    expect(after.totals.left).toBe((reportBefore.totals.left ?? 0) + 1);

    const section = page.locator('#union-section');
    await section.waitFor({ state: 'visible', timeout: 15_000 });
    await expect
      .poll(() => section.locator('[data-stat="headPlatformUnionRate"] .stat-value').textContent())
      .toBe(unionRateText(rateAfter ?? { withUnion: 0, total: 0, rate: 0 }, 'zh-CN'));
    expect(await page.locator('#union-without').textContent()).not.toContain('美团');
    expect(await section.locator('[data-stat="left"] .stat-value').textContent()).toBe(
      String(after.totals.left),
    );
    expect(
      await page.locator('#union-county-table tr[data-code="zhaoyang"] [data-col="without"]').textContent(),
    ).not.toContain('美团');
    expect(
      await page
        .locator(`#per-union-table tr[data-code="${scenario.meituan}"] [data-col="union"]`)
        .textContent(),
    ).toBe(UNION_NAME);
    expectClean(desk);
  });

  it('shows a reviewer their counties only, without the administrators’ controls', async () => {
    const watched = await open();
    const { page } = watched;
    await page.goto(`${baseUrl}/unions`);
    const reviewer = await staffToken(dataDir, {
      role: 'reviewer',
      counties: COUNTY,
      sub: `reviewer-unions-${run}`,
    });
    await signInWithToken(page, reviewer, '#unions-body');
    await row(page, scenario.meituan).waitFor();
    expect(
      await page
        .locator('#union-table tbody.county-group')
        .evaluateAll((groups) => groups.map((g) => g.getAttribute('data-county'))),
    ).toEqual([COUNTY]);
    expect(await page.locator('#read-only').isVisible()).toBe(true);
    expect(await page.locator('#create').isHidden()).toBe(true);
    expect(await page.locator('#to-create').isHidden()).toBe(true);
    expect(await page.locator('#union-table button[data-action="members"]').count()).toBeGreaterThan(0);
    expect(
      await page
        .locator(
          '#union-table button[data-action="rename"], #union-table button[data-action="dissolve"], #union-table button[data-action="bulk"]',
        )
        .count(),
    ).toBe(0);
    // A union of the county that has members (which one depends on what other tests approved).
    const withMembers = (await unionsNow()).find((u) => u.county === COUNTY && u.members > 0);
    expect(withMembers).toBeDefined();
    expect((await listedMembers(page, withMembers?.unionId ?? '')).length).toBeGreaterThan(0);
    expect(await page.locator('#member-rows button[data-action="transfer"]').count()).toBe(0);
    expect(await page.locator('#member-rows button[data-action="leave"]').count()).toBeGreaterThan(0);
    expectClean(watched);
  });

  it('fits a 360 px phone, in Chinese and in English: nothing scrolls sideways', async () => {
    const watched = await open({ width: 360, height: 740 });
    const { page } = watched;
    await page.goto(`${baseUrl}/unions`);
    await signInWithToken(page, adminToken, '#unions-body');
    await row(page, scenario.meituan).waitFor();
    const scrollWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    expect(await scrollWidth()).toBeLessThanOrEqual(360);
    await row(page, scenario.meituan).locator('button[data-action="bulk"]').click();
    await page.locator('#bulk-form').waitFor({ state: 'visible' });
    expect(await scrollWidth()).toBeLessThanOrEqual(360);
    await page.locator('#bulk-form .panel-cancel').click();
    await listedMembers(page, FALLBACK);
    expect(await scrollWidth()).toBeLessThanOrEqual(360);

    await page.locator('#language-switch').click();
    await expect
      .poll(() => row(page, scenario.meituan).locator('button[data-action="bulk"]').textContent())
      .toBe('Move every Meituan member from the county’s fallback union into this union');
    expect(await page.locator('h1').textContent()).toBe('Grassroots unions of gig workers');
    expect(await scrollWidth()).toBeLessThanOrEqual(360);
    expectClean(watched);
  });
});
