/**
 * Cold start per function (README, "Benchmarks"): the bundles CDK synthesizes, their size, and how long a
 * fresh `node` takes from its own start until each one's handler is ready, against a bare node and against a
 * floor bundle per function that only creates the AWS SDK clients the function's `access` says it uses,
 * bundled with the same esbuild options.
 *
 * "Ready" is the child's `performance.now()` once the import has returned: time since the process began,
 * as Lambda's Init Duration ends when the handler is ready. The process's exit is never part of a cold
 * start, and timing it from the parent would add heap teardown, which grows with the bundle.
 *
 * Runs are paired: each round runs every function's bundle, its floor and its bundle with source maps next
 * to each other (in a shuffled order), and the ratio is the median over rounds of ours ÷ floor in the same
 * round. Pairing cancels the drift of this machine's speed over minutes (a ratio of medians taken minutes
 * apart moved by ±0.1 between runs of the same code); what is left, child-to-child noise, shows in the
 * ratio's 95% interval (about ±0.07 here at 31 rounds, ±0.02 at 93).
 *
 * The target is on the whole cold start, node's own start included: ours ÷ floor. The import overhead
 * alone, (ours − bare) ÷ (floor − bare), is kept beside it as information: it magnifies small differences
 * when the floor imports little (a function with no SDK client), so it is not what the target is set on.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { smsBundlingDefine } from '../infra/constructs/sms';
import { REPO_ROOT } from '../infra/paths';
import type { SmsProviderName } from '../shared/sms/sender';
import { FUNCTION_NAMES, FUNCTIONS, type FunctionAccess, type FunctionName } from '../shared/wiring';
import { median, medianInterval, percentile, round, tempDir } from './support';

/**
 * 93 rounds (about 10 minutes here) narrow a ratio's 95% interval to about ±0.02: at 31, one run's median
 * moved by ±0.06 between runs of the same code, more than the distance of several functions to the target.
 */
export const DEFAULT_ROUNDS = 93;
const TARGET = 1.2;

/** infra/constructs/base-function.ts's bundling, as esbuild options (NodejsFunction passes these to esbuild). */
const REQUIRE_SHIM =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";
const LAMBDA_BUNDLING: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: { js: REQUIRE_SHIM },
  logLevel: 'warning',
  absWorkingDir: REPO_ROOT,
  metafile: true,
};

/** Values for the template's references (Ref / Fn::GetAtt), shaped like the real ones; never called. */
const REFERENCE_VALUES: Record<string, string> = {
  TABLE_NAME: 'bench-table',
  REVIEW_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/bench-review',
  NOTIFICATION_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/bench-notifications',
  HASH_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench-hash-key-AbCdEf',
  REPORTS_BUCKET: 'bench-reports',
};

/** What Lambda gives every function, plus guards: any accidental call goes to a closed local port. */
const BASE_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SESSION_TOKEN: 'bench',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** Prints the milliseconds since this process began, once the handler is ready. */
const IMPORT_SCRIPT =
  "const m = await import(process.argv[1]); if (typeof m.handler !== 'function') { console.error('no handler export'); process.exit(3); } process.stdout.write(String(performance.now()));";
const BARE_SCRIPT = 'process.stdout.write(String(performance.now()));';

export interface SizeBreakdown {
  /** Package (node_modules) or source folder → bytes it contributes to the minified bundle. */
  name: string;
  bytes: number;
}

export interface ColdStartRow {
  function: FunctionName;
  asset: string;
  bundleBytes: number;
  sourceMapBytes: number;
  medianMs: number;
  overheadMs: number;
  samplesMs: number[];
  floor: {
    clients: string[];
    bundleBytes: number;
    medianMs: number;
    overheadMs: number;
    /** This function's own runs of its floor, one per round, each next to the function's own run. */
    samplesMs: number[];
  };
  /** The target's ratio, on totals: the median over rounds of ours ÷ floor, both timed in the same round. */
  ratio: number;
  /** The paired ratios, round by round, and their interquartile range (how much rounds disagree). */
  pairedRatios: number[];
  ratioSpread: { p25: number; p75: number };
  /** 95% confidence interval of the median ratio (order statistics): the machine's noise, in the ratio's terms. */
  ratioInterval: { low: number; high: number };
  /** Informative: the import overhead alone, overhead ÷ floor overhead. */
  overheadRatio: number;
  /**
   * The same bundle with `NODE_OPTIONS=--enable-source-maps` (what `-c sourceMaps=true` deploys): its
   * overhead over a bare node, what reading the map adds, and the paired ratio to the bundle without it.
   */
  withSourceMaps: { overheadMs: number; costMs: number; ratio: number; samplesMs: number[] };
  target: number;
  met: boolean;
  /** The same entry rebuilt here with a metafile: its size should equal CDK's bundle. */
  rebuiltBytes: number;
  topInputs: SizeBreakdown[];
  /** What this bundle carries beyond its floor, heaviest first. */
  overFloor: SizeBreakdown[];
}

export interface ColdStartResult {
  runs: number;
  bareMedianMs: number;
  bareSamplesMs: number[];
  measure: string;
  environment: string;
  synthSeconds: number;
  functions: ColdStartRow[];
}

interface Template {
  Resources: Record<
    string,
    {
      Type: string;
      Properties?: {
        Description?: string;
        Code?: { S3Key?: string };
        Environment?: { Variables?: Record<string, unknown> };
      };
    }
  >;
}

const synthesize = (outdir: string): Template => {
  const cdk = join(REPO_ROOT, 'node_modules', '.bin', 'cdk');
  const result = spawnSync(cdk, ['synth', '--quiet', '-o', outdir], {
    cwd: REPO_ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (result.status !== 0) throw new Error(`cdk synth failed:\n${result.stdout}\n${result.stderr}`);
  const templates = readdirSync(outdir).filter((name) => name.endsWith('.template.json'));
  if (templates.length !== 1) throw new Error(`expected one stack template in ${outdir}, got ${templates}`);
  return JSON.parse(readFileSync(join(outdir, templates[0] as string), 'utf8')) as Template;
};

/** Each declared function's Lambda resource, found by its description, and its asset folder by hash. */
const functionAssets = (template: Template, outdir: string) =>
  FUNCTION_NAMES.map((name) => {
    const matches = Object.values(template.Resources).filter(
      (resource) =>
        resource.Type === 'AWS::Lambda::Function' &&
        resource.Properties?.Description === FUNCTIONS[name].description,
    );
    if (matches.length !== 1) throw new Error(`${matches.length} Lambda functions described as ${name}'s`);
    const properties = matches[0]?.Properties ?? {};
    const hash = /^([0-9a-f]{64})\.zip$/.exec(properties.Code?.S3Key ?? '')?.[1];
    if (!hash) throw new Error(`${name}: no asset hash in Code.S3Key`);
    const folder = join(outdir, `asset.${hash}`);
    const bundle = join(folder, 'index.mjs');
    if (!existsSync(bundle)) throw new Error(`${name}: no index.mjs in ${folder}`);
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(properties.Environment?.Variables ?? {})) {
      env[key] = typeof value === 'string' ? value : (REFERENCE_VALUES[key] ?? `bench-${key.toLowerCase()}`);
    }
    return { name, hash, bundle, env };
  });

/** The SDK clients `access` implies, created the way shared/runtime creates them. */
const CLIENTS: Record<keyof FunctionAccess, { label: string; imports: string; create: string }> = {
  table: {
    label: 'DynamoDBClient + DynamoDBDocumentClient',
    imports:
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    create:
      'DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } })',
  },
  reviewQueue: {
    label: 'SQSClient',
    imports: "import { SQSClient } from '@aws-sdk/client-sqs';",
    create: 'new SQSClient({ useQueueUrlAsEndpoint: false })',
  },
  notificationQueue: {
    label: 'SQSClient',
    imports: "import { SQSClient } from '@aws-sdk/client-sqs';",
    create: 'new SQSClient({ useQueueUrlAsEndpoint: false })',
  },
  sms: {
    label: 'PinpointSMSVoiceV2Client',
    imports: "import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';",
    create: 'new PinpointSMSVoiceV2Client({})',
  },
  hashKey: {
    label: 'SecretsManagerClient',
    imports: "import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';",
    create: 'new SecretsManagerClient({})',
  },
  reportsBucket: {
    label: 'S3Client',
    imports: "import { S3Client } from '@aws-sdk/client-s3';",
    create: 'new S3Client({})',
  },
};

const floorClients = (access: FunctionAccess) =>
  (Object.keys(CLIENTS) as Array<keyof FunctionAccess>).filter((kind) => access[kind]);

const floorKey = (access: FunctionAccess): string => floorClients(access).join('+') || 'none';

const floorSource = (kinds: Array<keyof FunctionAccess>): string =>
  [
    ...kinds.map((kind) => CLIENTS[kind].imports),
    `const clients = [${kinds.map((kind) => CLIENTS[kind].create).join(', ')}];`,
    'export const handler = async () => clients.length;',
  ].join('\n');

const bundle = async (
  entry: { file: string } | { source: string },
  outfile: string,
  define: Record<string, string> = {},
): Promise<{ bytes: number; metafile: Metafile }> => {
  const result = await build({
    ...LAMBDA_BUNDLING,
    define,
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.source, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: 'floor.ts' } }),
    outfile,
  });
  return { bytes: statSync(outfile).size, metafile: result.metafile as Metafile };
};

/** Bytes in the output by package (node_modules) or by source folder (two levels). */
const breakdown = (metafile: Metafile): Map<string, number> => {
  const sizes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const inModules = path.lastIndexOf('node_modules/');
      let name: string;
      if (inModules >= 0) {
        const parts = path.slice(inModules + 'node_modules/'.length).split('/');
        name = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
      } else {
        name = path.split('/').slice(0, 2).join('/');
      }
      sizes.set(name, (sizes.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  return sizes;
};

const heaviest = (sizes: Map<string, number>, count: number): SizeBreakdown[] =>
  [...sizes]
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => ({ name, bytes }));

/** A small deterministic shuffle, so each round runs the variants in a different order. */
const shuffled = <T>(items: readonly T[], seed: number): T[] => {
  const copy = [...items];
  let state = seed * 2654435761;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
};

interface Variant {
  id: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  samples: number[];
}

/**
 * Each child runs on one CPU (the machine's last), as a Lambda function of 1,769 MB or less has at most one
 * vCPU's worth of time (ours have 256–1,024 MB): V8's helper threads then take from the same CPU instead of
 * a second core Lambda would not give them. Without `taskset` (not Linux) children run unpinned.
 */
const PINNED: string[] =
  spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0
    ? ['taskset', '-c', String(cpus().length - 1)]
    : [];

/** Milliseconds from the child's start until its handler was ready, as the child measured it. */
const timeOnce = (variant: Variant): number => {
  const [command, ...prefix] = [...PINNED, process.execPath];
  const result = spawnSync(command as string, [...prefix, ...variant.args], {
    env: variant.env,
    cwd: '/',
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  const ready = Number(result.stdout);
  if (result.status !== 0 || !Number.isFinite(ready))
    throw new Error(`${variant.id}: exit ${result.status}\n${result.stderr}`);
  return ready;
};

export const benchColdStart = async (
  log: (line: string) => void = console.log,
  rounds = DEFAULT_ROUNDS,
): Promise<ColdStartResult> => {
  log('Cold start: synthesizing the CDK app (esbuild bundles every function)…');
  const work = tempDir('cold-start');
  try {
    const outdir = join(work.path, 'cdk.out');
    const synthStarted = performance.now();
    const template = synthesize(outdir);
    const synthSeconds = round((performance.now() - synthStarted) / 1000);
    const assets = functionAssets(template, outdir);

    const floors = new Map<
      string,
      { kinds: Array<keyof FunctionAccess>; file: string; bytes: number; sizes: Map<string, number> }
    >();
    const rebuilt = new Map<FunctionName, { bytes: number; sizes: Map<string, number> }>();
    for (const asset of assets) {
      const kinds = floorClients(FUNCTIONS[asset.name].access);
      const key = floorKey(FUNCTIONS[asset.name].access);
      if (!floors.has(key)) {
        const file = join(work.path, `floor-${key}`, 'index.mjs');
        const built = await bundle({ source: floorSource(kinds) }, file);
        floors.set(key, { kinds, file, bytes: built.bytes, sizes: breakdown(built.metafile) });
      }
      // As CDK bundles it: a function that sends SMS holds its provider alone (infra/constructs/sms.ts).
      const provider = asset.env.SMS_PROVIDER;
      const again = await bundle(
        { file: join(REPO_ROOT, 'functions', asset.name, 'handler.ts') },
        join(work.path, `rebuilt-${asset.name}`, 'index.mjs'),
        provider ? smsBundlingDefine(provider as SmsProviderName) : {},
      );
      rebuilt.set(asset.name, { bytes: again.bytes, sizes: breakdown(again.metafile) });
    }

    const importArgs = (file: string) => [
      '--input-type=module',
      '-e',
      IMPORT_SCRIPT,
      pathToFileURL(file).href,
    ];
    const bare: Variant = { id: 'bare', args: ['-e', BARE_SCRIPT], env: BASE_ENV, samples: [] };
    // A function's three variants always run next to each other: its bundle, its floor, its bundle with maps.
    const groups = assets.map((asset) => {
      const env = { ...BASE_ENV, ...asset.env };
      const floor = floors.get(floorKey(FUNCTIONS[asset.name].access));
      if (!floor) throw new Error(`no floor for ${asset.name}`);
      const mapsOn = `--enable-source-maps ${env.NODE_OPTIONS ?? ''}`.trim();
      return {
        asset,
        floorBundle: floor,
        ours: { id: asset.name, args: importArgs(asset.bundle), env, samples: [] } as Variant,
        // The same SDK clients under the same environment (the template sets no NODE_OPTIONS unless a
        // deployment asks for source maps).
        floor: { id: `floor:${asset.name}`, args: importArgs(floor.file), env, samples: [] } as Variant,
        maps: {
          id: `maps:${asset.name}`,
          args: importArgs(asset.bundle),
          env: { ...env, NODE_OPTIONS: mapsOn },
          samples: [],
        } as Variant,
      };
    });
    const spawns = 1 + groups.length * 3;
    log(
      `  timing ${spawns} variants × ${rounds} rounds, each function next to its floor (after one warm-up round)…`,
    );
    for (const variant of [bare, ...groups.flatMap((g) => [g.ours, g.floor, g.maps])]) timeOnce(variant);
    for (let run = 0; run < rounds; run++) {
      const order = shuffled([...groups, undefined], run + 1);
      for (const [index, group] of order.entries()) {
        if (!group) {
          bare.samples.push(timeOnce(bare));
          continue;
        }
        for (const variant of shuffled([group.ours, group.floor, group.maps], run * 31 + index + 7))
          variant.samples.push(timeOnce(variant));
      }
    }

    const bareMedianMs = round(median(bare.samples));
    /** Round by round, `top` ÷ `bottom`: the two were timed next to each other. */
    const paired = (top: Variant, bottom: Variant) =>
      top.samples.map((ms, run) => ms / (bottom.samples[run] as number));
    const functions = groups.map(({ asset, floorBundle: floor, ...group }): ColdStartRow => {
      const variant = group.ours;
      const floorVariant = group.floor;
      const kinds = floorClients(FUNCTIONS[asset.name].access);
      const medianMs = round(median(variant.samples));
      const floorMedianMs = round(median(floorVariant.samples));
      const overheadMs = round(medianMs - bareMedianMs);
      const floorOverheadMs = round(floorMedianMs - bareMedianMs);
      const pairedRatios = paired(variant, floorVariant);
      const ratio = round(median(pairedRatios), 2);
      const spread = { p25: percentile(pairedRatios, 25), p75: percentile(pairedRatios, 75) };
      const interval = medianInterval(pairedRatios);
      const overheadRatio = round(overheadMs / floorOverheadMs, 2);
      const mapped = group.maps;
      const mappedOverheadMs = round(median(mapped.samples) - bareMedianMs);
      const mappedRatio = round(median(paired(mapped, variant)), 2);
      const again = rebuilt.get(asset.name) as { bytes: number; sizes: Map<string, number> };
      const extra = new Map<string, number>();
      for (const [name, bytes] of again.sizes) extra.set(name, bytes - (floor.sizes.get(name) ?? 0));
      const row: ColdStartRow = {
        function: asset.name,
        asset: `asset.${asset.hash}`,
        bundleBytes: statSync(asset.bundle).size,
        sourceMapBytes: existsSync(`${asset.bundle}.map`) ? statSync(`${asset.bundle}.map`).size : 0,
        medianMs,
        overheadMs,
        samplesMs: variant.samples.map((ms) => round(ms)),
        floor: {
          clients: kinds.map((kind) => CLIENTS[kind].label),
          bundleBytes: floor.bytes,
          medianMs: floorMedianMs,
          overheadMs: floorOverheadMs,
          samplesMs: floorVariant.samples.map((ms) => round(ms)),
        },
        ratio,
        pairedRatios: pairedRatios.map((r) => round(r, 3)),
        ratioSpread: { p25: round(spread.p25, 2), p75: round(spread.p75, 2) },
        ratioInterval: { low: round(interval.low, 2), high: round(interval.high, 2) },
        overheadRatio,
        withSourceMaps: {
          overheadMs: mappedOverheadMs,
          costMs: round(mappedOverheadMs - overheadMs),
          ratio: mappedRatio,
          samplesMs: mapped.samples.map((ms) => round(ms)),
        },
        target: TARGET,
        met: ratio <= TARGET,
        rebuiltBytes: again.bytes,
        topInputs: heaviest(again.sizes, 8),
        overFloor: heaviest(extra, 8),
      };
      log(
        `  ${asset.name}: ${round(row.bundleBytes / 1024, 0)} KB, ${medianMs} ms vs floor ${floorMedianMs} ms (${ratio}×, 95% interval ${row.ratioInterval.low}–${row.ratioInterval.high}×, rounds' middle half ${row.ratioSpread.p25}–${row.ratioSpread.p75}×; import overhead +${overheadMs} vs +${floorOverheadMs} ms, ${overheadRatio}×)`,
      );
      return row;
    });
    return {
      runs: rounds,
      bareMedianMs,
      bareSamplesMs: bare.samples.map((ms) => round(ms)),
      measure: `milliseconds from the child process's start until the handler is ready (its performance.now() after the import)${PINNED.length > 0 ? `, each child on one CPU (${PINNED.join(' ')})` : ', children unpinned (no taskset)'}`,
      environment:
        "each function's template environment (no NODE_OPTIONS: source maps are not read at start-up; references filled with placeholders), AWS_REGION=us-east-1; the floor runs under the same environment; each bundle also with NODE_OPTIONS=--enable-source-maps (-c sourceMaps=true)",
      synthSeconds,
      functions,
    };
  } finally {
    work.remove();
  }
};
