/**
 * Cold start per function (README, "Benchmarks"): the bundles CDK synthesizes, their size, and the median wall
 * time of a fresh `node` importing each one, against a bare `node -e 0` and against a floor bundle
 * per function that only creates the AWS SDK clients the function's `access` says it uses, bundled
 * with the same esbuild options. All variants run interleaved, round after round, to spread noise.
 *
 * The target is on the whole cold start as a process, node's own start included: (bare + overhead) ÷
 * (bare + floor overhead), which is the median wall time of ours ÷ the floor's. The import overhead alone,
 * overhead ÷ floor overhead, is kept beside it as information: it magnifies small differences when the
 * floor imports little (a function with no SDK client), so it is not what the target is set on.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { smsBundlingDefine } from '../infra/constructs/sms';
import { REPO_ROOT } from '../infra/paths';
import type { SmsProviderName } from '../shared/sms/sender';
import { FUNCTION_NAMES, FUNCTIONS, type FunctionAccess, type FunctionName } from '../shared/wiring';
import { median, round, tempDir } from './support';

const RUNS = 31;
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

const IMPORT_SCRIPT =
  "const m = await import(process.argv[1]); if (typeof m.handler !== 'function') { console.error('no handler export'); process.exit(3); }";

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
    /** This function's own runs of its floor; the median pools every function sharing the bundle. */
    samplesMs: number[];
    pooledRuns: number;
  };
  /** The target's ratio, on totals: (bare + overhead) ÷ (bare + floor overhead), i.e. median ÷ floor median. */
  ratio: number;
  /** Informative: the import overhead alone, overhead ÷ floor overhead. */
  overheadRatio: number;
  /**
   * The same bundle with `NODE_OPTIONS=--enable-source-maps` (what `-c sourceMaps=true` deploys): its
   * overhead over a bare node, and what reading the map adds to the import.
   */
  withSourceMaps: { overheadMs: number; costMs: number; samplesMs: number[] };
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

const timeOnce = (variant: Variant): number => {
  const started = performance.now();
  const result = spawnSync(process.execPath, variant.args, {
    env: variant.env,
    cwd: '/',
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`${variant.id}: exit ${result.status}\n${result.stderr}`);
  return elapsed;
};

export const benchColdStart = async (log: (line: string) => void = console.log): Promise<ColdStartResult> => {
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
    const bare: Variant = { id: 'bare', args: ['-e', '0'], env: BASE_ENV, samples: [] };
    const ours = new Map<FunctionName, Variant>();
    const withMaps = new Map<FunctionName, Variant>();
    const floorVariants = new Map<FunctionName, Variant>();
    for (const asset of assets) {
      const env = { ...BASE_ENV, ...asset.env };
      ours.set(asset.name, { id: asset.name, args: importArgs(asset.bundle), env, samples: [] });
      const mapsOn = `--enable-source-maps ${env.NODE_OPTIONS ?? ''}`.trim();
      withMaps.set(asset.name, {
        id: `maps:${asset.name}`,
        args: importArgs(asset.bundle),
        env: { ...env, NODE_OPTIONS: mapsOn },
        samples: [],
      });
      // A floor per function: the same SDK clients, run bare (the template's environment, which sets no
      // NODE_OPTIONS unless a deployment asks for source maps).
      const floor = floors.get(floorKey(FUNCTIONS[asset.name].access));
      if (floor)
        floorVariants.set(asset.name, {
          id: `floor:${asset.name}`,
          args: importArgs(floor.file),
          env,
          samples: [],
        });
    }
    const variants = [bare, ...ours.values(), ...withMaps.values(), ...floorVariants.values()];
    log(`  timing ${variants.length} variants × ${RUNS} interleaved runs (after one warm-up round)…`);
    for (const variant of variants) timeOnce(variant);
    for (let run = 0; run < RUNS; run++) {
      for (const variant of shuffled(variants, run + 1)) variant.samples.push(timeOnce(variant));
    }

    const bareMedianMs = round(median(bare.samples));
    const functions = assets.map((asset): ColdStartRow => {
      const variant = ours.get(asset.name) as Variant;
      const floorVariant = floorVariants.get(asset.name) as Variant;
      const kinds = floorClients(FUNCTIONS[asset.name].access);
      const floor = floors.get(floorKey(FUNCTIONS[asset.name].access));
      if (!floor) throw new Error(`no floor for ${asset.name}`);
      const medianMs = round(median(variant.samples));
      // Functions with the same clients share one floor bundle: pool its samples from every run of it.
      const floorSamples = [...floorVariants]
        .filter(([name]) => floorKey(FUNCTIONS[name].access) === floorKey(FUNCTIONS[asset.name].access))
        .flatMap(([, other]) => other.samples);
      const floorMedianMs = round(median(floorSamples));
      const overheadMs = round(medianMs - bareMedianMs);
      const floorOverheadMs = round(floorMedianMs - bareMedianMs);
      const ratio = round((bareMedianMs + overheadMs) / (bareMedianMs + floorOverheadMs), 2);
      const overheadRatio = round(overheadMs / floorOverheadMs, 2);
      const mapped = withMaps.get(asset.name) as Variant;
      const mappedOverheadMs = round(median(mapped.samples) - bareMedianMs);
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
          pooledRuns: floorSamples.length,
        },
        ratio,
        overheadRatio,
        withSourceMaps: {
          overheadMs: mappedOverheadMs,
          costMs: round(mappedOverheadMs - overheadMs),
          samplesMs: mapped.samples.map((ms) => round(ms)),
        },
        target: TARGET,
        met: ratio <= TARGET,
        rebuiltBytes: again.bytes,
        topInputs: heaviest(again.sizes, 8),
        overFloor: heaviest(extra, 8),
      };
      log(
        `  ${asset.name}: ${round(row.bundleBytes / 1024, 0)} KB, ${medianMs} ms vs floor ${floorMedianMs} ms (${ratio}×; import overhead +${overheadMs} vs +${floorOverheadMs} ms, ${overheadRatio}×)`,
      );
      return row;
    });
    return {
      runs: RUNS,
      bareMedianMs,
      bareSamplesMs: bare.samples.map((ms) => round(ms)),
      environment:
        "each function's template environment (no NODE_OPTIONS: source maps are not read at start-up; references filled with placeholders), AWS_REGION=us-east-1; the floor runs under the same environment; each bundle also with NODE_OPTIONS=--enable-source-maps (-c sourceMaps=true)",
      synthSeconds,
      functions,
    };
  } finally {
    work.remove();
  }
};
