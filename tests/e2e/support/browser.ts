/**
 * A real Chromium for browser tests (DESIGN §8): from CHROMIUM_PATH, a system Chromium, or the
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

const chromiumExecutable = async (): Promise<{ path: string; args: string[] }> => {
  if (process.env.CHROMIUM_PATH) return { path: process.env.CHROMIUM_PATH, args: [] };
  const system = SYSTEM_CHROMIUMS.find((path) => existsSync(path));
  if (system) return { path: system, args: [] };
  const { default: packaged } = await import('@sparticuz/chromium');
  return { path: await packaged.executablePath(), args: packaged.args };
};

export const launchBrowser = async (): Promise<Browser> => {
  const { path, args } = await chromiumExecutable();
  const merged = [...args.filter((arg) => !arg.startsWith('--headless')), ...HARDENING];
  return chromium.launch({ executablePath: path, args: [...new Set(merged)], headless: true });
};
