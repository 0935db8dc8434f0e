/** Where the CDK app finds the code it bundles: the repository root, its lockfile and each function's entry. */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const LOCK_FILE = join(REPO_ROOT, 'package-lock.json');
export const CDK_JSON = join(REPO_ROOT, 'cdk.json');

/** Each Lambda's entry point: `functions/<name>/handler.ts`, exporting `handler`. */
export const functionEntry = (name: string): string => join(REPO_ROOT, 'functions', name, 'handler.ts');

/** `sweep-submitted` → `SweepSubmitted`, `intake` → `Intake`: construct ids derived from wiring names. */
export const pascalCase = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');

/** The web pages' sources; web/build.ts builds them into a directory the CDK deploys. */
export const WEB_ROOT = join(REPO_ROOT, 'web');
