/**
 * The API description (shared/api/openapi.ts), for the developer:
 * - `npm run api:write` writes shared/api/openapi.json, which web/build.ts publishes as the static
 *   document /api/openapi.json (shared/web/static-documents.ts); tests/unit/openapi.test.ts fails
 *   while the file is behind.
 * - `npm run lint:api` writes the document to a temporary file and runs `redocly lint` on it
 *   (redocly.yaml), the way `npm test` does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from '../shared/api/openapi';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OPENAPI_JSON = join(REPO, 'shared', 'api', 'openapi.json');

const run = (command: string, args: string[]): number =>
  spawnSync(command, args, {
    cwd: REPO,
    stdio: 'inherit',
    // Redocly sends usage data unless told not to.
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  }).status ?? 1;

const write = (): number => {
  writeFileSync(OPENAPI_JSON, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
  // Formatted as Biome formats it, so `npm run lint` stays clean.
  return run('npx', ['--no-install', 'biome', 'format', '--write', OPENAPI_JSON]);
};

const lint = (): number => {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(openApiDocument(), null, 2));
    return run('npx', ['--no-install', 'redocly', 'lint', '--config', join(REPO, 'redocly.yaml'), file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const command = process.argv[2];
if (command === 'write') process.exitCode = write();
else if (command === 'lint') process.exitCode = lint();
else {
  console.error('usage: node --import tsx local/openapi.ts write|lint');
  process.exitCode = 2;
}
