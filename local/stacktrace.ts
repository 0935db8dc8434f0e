/**
 * `npm run stacktrace`: turns a stack trace logged by a deployed function (positions in its minified
 * `index.mjs`) into source positions, with the source map that ships beside the bundle. The functions do
 * not read their maps at start-up (README, "Stack traces"): this is where the map is read instead.
 *
 *   npm run stacktrace -- --map path/to/index.mjs.map  < stack.txt
 *   npm run stacktrace -- --function intake stack.txt   (after `npx cdk synth`: the map in cdk.out)
 *
 * The map must come from the same build as the deployed code: the same commit synthesized again, or the
 * `index.mjs.map` inside the package Lambda serves (`aws lambda get-function` gives its URL).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FUNCTIONS, type FunctionName } from '../shared/wiring';

/** `index.mjs:12:345`, as `file:///var/task/index.mjs:1:23456` or `/var/task/index.mjs:1:23456`. */
const FRAME = /((?:file:\/\/)?[^\s()]*index\.mjs):(\d+):(\d+)/g;

/** Every `index.mjs:line:column` in `stack` replaced by `source:line:column` (1-based, as Node prints). */
export const mapStack = (stack: string, payload: SourceMapPayload): string => {
  const map = new SourceMap(payload);
  return stack.replace(FRAME, (frame, _file: string, line: string, column: string) => {
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry) || !entry.originalSource) return frame;
    const source = entry.originalSource.replace(/^(\.\.\/)+/, '');
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
};

/** A function's source map in a `cdk synth` output, found by its description in the template. */
export const functionSourceMap = (outdir: string, name: FunctionName): string => {
  const templates = readdirSync(outdir).filter((file) => file.endsWith('.template.json'));
  for (const file of templates) {
    const template = JSON.parse(readFileSync(join(outdir, file), 'utf8')) as {
      Resources: Record<
        string,
        { Type: string; Properties?: { Description?: string; Code?: { S3Key?: string } } }
      >;
    };
    const fn = Object.values(template.Resources).find(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties?.Description === FUNCTIONS[name].description,
    );
    const hash = /^([0-9a-f]{64})\.zip$/.exec(fn?.Properties?.Code?.S3Key ?? '')?.[1];
    if (hash) return join(outdir, `asset.${hash}`, 'index.mjs.map');
  }
  throw new Error(`no ${name} function in ${outdir}: run \`npx cdk synth\` first (same commit as deployed)`);
};

const main = () => {
  const { values, positionals } = parseArgs({
    options: { map: { type: 'string' }, function: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: true,
  });
  const name = values.function as FunctionName | undefined;
  if (name && !(name in FUNCTIONS))
    throw new Error(`unknown function ${name}: ${Object.keys(FUNCTIONS).join(', ')}`);
  let mapFile = values.map ?? (name ? functionSourceMap(values.out ?? 'cdk.out', name) : undefined);
  if (!mapFile) throw new Error('say which map: --map <index.mjs.map or its folder> or --function <name>');
  if (existsSync(mapFile) && statSync(mapFile).isDirectory()) mapFile = join(mapFile, 'index.mjs.map');
  const payload = JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload;
  const stack = readFileSync(positionals[0] ?? 0, 'utf8');
  process.stdout.write(mapStack(stack, payload));
};

// Run as a command (npm run stacktrace), not when a test imports mapStack.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
