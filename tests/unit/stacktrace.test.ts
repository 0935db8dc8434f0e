import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { mapStack } from '../../local/stacktrace';

/**
 * A minified ESM bundle with an external map, built as the functions are (infra/constructs/base-function.ts),
 * that throws from a known source line: its stack, printed without --enable-source-maps, maps back.
 */
describe('npm run stacktrace', () => {
  it('turns a minified bundle’s stack into source positions with the map that ships beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stacktrace-'));
    const source = join(dir, 'decide.ts');
    writeFileSync(
      source,
      [
        'export const decide = (input: { ok: boolean }) => {',
        '  if (!input.ok) {',
        "    throw new Error('not ok');",
        '  }',
        '  return 1;',
        '};',
        'try { decide({ ok: false }); } catch (error) { console.log((error as Error).stack); }',
        '',
      ].join('\n'),
    );
    const bundle = join(dir, 'index.mjs');
    await build({
      entryPoints: [source],
      outfile: bundle,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      sourcemap: 'external',
      sourcesContent: false,
    });
    const run = spawnSync(process.execPath, [bundle], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    const stack = run.stdout;
    expect(stack).toMatch(/index\.mjs:1:\d+/);
    const mapped = mapStack(stack, JSON.parse(readFileSync(`${bundle}.map`, 'utf8')));
    expect(mapped).toMatch(/decide\.ts:3:\d+/);
    expect(mapped).not.toMatch(/index\.mjs:1:\d+/);
    // Lines that are not frames of the bundle stay as they were.
    expect(mapped.split('\n')[0]).toBe('Error: not ok');
  });
});
