/**
 * Bundles an entry the way CDK bundles a function that sends SMS (infra/constructs/base-function.ts and
 * sms.ts): esbuild, minified ESM for Node 22 with the `require` shim, `process.env.SMS_PROVIDER`
 * defined as the provider. Returns the bundle's text.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { smsBundlingDefine } from '../../infra/constructs/sms';
import type { SmsProviderName } from '../../shared/sms/sender';

const ROOT = join(import.meta.dirname, '..', '..');
const REQUIRE_SHIM =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export const bundleForProvider = async (provider: SmsProviderName, entry: string): Promise<string> => {
  const result = await build({
    stdin: { contents: entry, resolveDir: ROOT, sourcefile: 'entry.ts', loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    minify: true,
    mainFields: ['module', 'main'],
    banner: { js: REQUIRE_SHIM },
    define: smsBundlingDefine(provider),
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
};
