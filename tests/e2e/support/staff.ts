/**
 * Staff in the browser tests: signing in through the local stack's OpenID provider as a person does
 * (the union-account button, the provider's login page, back to the page), the pasted-token form kept
 * for tests of other features, and the roster command an operator runs (`npm run staff`).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';

/**
 * How long each function trusts what it read from the staff roster in the browser tests' stack
 * (ROSTER_CACHE_SECONDS, set by global-setup.ts): a deactivation shows within seconds, not half a minute.
 */
export const E2E_ROSTER_CACHE_SECONDS = 2;

/** The loopback origins the local stack answers at (its provider's issuer is one of them). */
export const loopbackOrigins = (baseUrl: string): string[] => {
  const { port } = new URL(baseUrl);
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
};

/**
 * Presses "Sign in with the union account" on a staff page, types `account` on the local provider's
 * login page, and waits until the page it started on is back with the sign-in finished (the page's
 * body, or the not-on-the-list screen).
 */
export const signInWithUnionAccount = async (
  page: Page,
  account: string,
  options: { path?: string; body?: string; baseUrl?: string } = {},
): Promise<void> => {
  const path = options.path ?? '/review';
  if (options.baseUrl) await page.goto(`${options.baseUrl}${path}`);
  await page.locator('#oidc-button').click();
  await page.waitForURL((url) => url.pathname.startsWith('/oidc/interaction/'), { timeout: 15_000 });
  await page.locator('input[name="account"]').fill(account);
  await page.locator('button#sign-in').click();
  await page.waitForURL((url) => url.pathname === path && !url.search, { timeout: 15_000 });
  await page
    .locator(`${options.body ?? '#console'}:visible, #not-staff:visible`)
    .first()
    .waitFor({ timeout: 15_000 });
};

/** Opens the secondary "token from the command line" sign-in (a closed <details> when the site has a provider). */
export const openTokenSignIn = async (page: Page): Promise<void> => {
  await page.locator('#sign-in').waitFor({ state: 'visible' });
  const details = page.locator('#token-sign-in');
  if (!(await details.evaluate((element) => (element as HTMLDetailsElement).open)))
    await details.locator('summary').click();
};

/** Signs in with a pasted token (from `npm run token`), as the tests of other features do. */
export const signInWithToken = async (page: Page, token: string, body = '#console'): Promise<void> => {
  await openTokenSignIn(page);
  await page.locator('#token').fill(token);
  await page.locator('#token-submit').click();
  await page.locator(body).waitFor({ state: 'visible' });
};

/** `npm run staff -- …` against the running stack on `dataDir`, as an operator runs it. */
export const staffCommand = async (dataDir: string, ...args: string[]): Promise<string> => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'local/staff.ts', ...args],
    { env: { ...process.env, DATA_DIR: dataDir }, timeout: 60_000 },
  );
  return stdout;
};
