/** Browser tests run against the real local stack, started the way `npm start` starts it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { launchStack, waitForHealth } from '../integration/support/local-stack-process';
import { E2E_ROSTER_CACHE_SECONDS } from './support/staff';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The stack's DATA_DIR: `signLocalToken(dataDir, …)` makes tokens it accepts. */
    dataDir: string;
  }
}

export default async function startStackForBrowsers(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-e2e-'));
  const stack = await launchStack(dataDir, { ROSTER_CACHE_SECONDS: String(E2E_ROSTER_CACHE_SECONDS) });
  await waitForHealth(stack);
  let stopping = false;
  // A stack that dies under the tests takes every later test with it: say why, once.
  void stack.exited.then((code) => {
    if (!stopping)
      process.stderr.write(`\nthe e2e stack exited (${code}) during the tests:\n${stack.output()}\n`);
  });
  project.provide('baseUrl', stack.url);
  project.provide('dataDir', dataDir);
  return async function stopStack() {
    stopping = true;
    stack.child.kill('SIGTERM');
    await stack.exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
}
