/**
 * A real Chromium for browser tests (docs/architecture.md §14): from CHROMIUM_PATH, a system Chromium, or the
 * @sparticuz/chromium package, in that order. It is never allowed to reach beyond this machine.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

const HARDENING = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
];

/**
 * The packaged build's own argument list is made for Lambda (single process, web security off): it is
 * not used, so the pages are tested under a normal browser's rules, CSP included.
 */
const chromiumExecutable = async (): Promise<string> => {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const system = SYSTEM_CHROMIUMS.find((path) => existsSync(path));
  if (system) return system;
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath();
};

export const launchBrowser = async (): Promise<Browser> =>
  chromium.launch({ executablePath: await chromiumExecutable(), args: HARDENING, headless: true });
