/**
 * The fault suite's run: one folder that holds every DATA_DIR the suite's stacks use, every log line
 * they (and the in-process handlers) print, and a ledger of the ID and phone numbers each test sent,
 * so that the last file (8-privacy-sweep) can search all of it. Removed at the end unless
 * KEEP_FAULTS_DATA is set. Also starts the emulators the in-process tests (throttling, fuzz) use.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import startEmulators from '../integration/global-setup';

declare module 'vitest' {
  export interface ProvidedContext {
    faultsRoot: string;
  }
}

export default async function setup(project: TestProject) {
  const root = mkdtempSync(join(tmpdir(), 'onboarding-faults-'));
  for (const folder of ['stacks', 'logs', 'ledger']) mkdirSync(join(root, folder));
  project.provide('faultsRoot', root);
  const stopEmulators = await startEmulators(project);
  return async function teardown() {
    await stopEmulators();
    if (process.env.KEEP_FAULTS_DATA) console.log(`fault suite data kept in ${root}`);
    else rmSync(root, { recursive: true, force: true });
  };
}
