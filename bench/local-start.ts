/**
 * Local start (README, "Benchmarks"): `npm start`'s command (`node --import tsx local/start.ts`) as a child
 * process on a fresh DATA_DIR, until `GET /api/health` answers 200, against DynamoDB Local alone
 * (startDynamoDbLocal with a data folder) until it answers. Runs interleaved; everything started is
 * stopped after each run, and a Java left behind is reported (and killed by its pid).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { get } from 'node:http';
import { join } from 'node:path';
import { REPO_ROOT } from '../infra/paths';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { freePort } from '../local/ports';
import { cleanChildEnv, javaProcessesMentioning, median, round, sleep, tempDir } from './support';

const RUNS = 5;
const TARGET = 3;
const POLL_MS = 100;
const TIMEOUT_MS = 120_000;

export interface LocalStartResult {
  runs: number;
  oursSeconds: number;
  floorSeconds: number;
  oursSamplesSeconds: number[];
  floorSamplesSeconds: number[];
  ratio: number;
  target: number;
  met: boolean;
  /** Checked after every run (the bench fails otherwise): no Java outlived its stack. */
  noJavaLeftBehind: true;
}

const healthStatus = (url: string): Promise<number> =>
  new Promise((resolve) => {
    const req = get(url, { agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });

const exitOf = (child: ChildProcess, timeoutMs: number): Promise<boolean> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(true);
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

/** Kills (by pid) any Java still serving `dataDir`; returns how many there were. */
const reapJava = (dataDir: string): number => {
  const left = javaProcessesMentioning(dataDir);
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return left.length;
};

const timeOurs = async (): Promise<number> => {
  const dir = tempDir('local-start');
  const port = await freePort();
  let output = '';
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: REPO_ROOT,
    env: cleanChildEnv({ DATA_DIR: dir.path, PORT: String(port), WEB_DIST: join(dir.path, 'web') }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let seconds: number | undefined;
  let failure: unknown;
  try {
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output}`);
      if ((await healthStatus(`http://127.0.0.1:${port}/api/health`)) === 200) break;
      if (Date.now() > deadline)
        throw new Error(`no healthy /api/health within ${TIMEOUT_MS} ms:\n${output}`);
      await sleep(POLL_MS);
    }
    seconds = (performance.now() - started) / 1000;
  } catch (error) {
    failure = error;
  }
  child.kill('SIGTERM');
  if (!(await exitOf(child, 15_000))) {
    child.kill('SIGKILL');
    await exitOf(child, 5_000);
  }
  const javaLeft = reapJava(dir.path);
  dir.remove();
  if (failure !== undefined) throw failure;
  if (javaLeft > 0) throw new Error(`npm start left ${javaLeft} Java process(es) behind after SIGTERM`);
  return seconds as number;
};

const timeFloor = async (): Promise<number> => {
  const dir = tempDir('dynamodb-start');
  try {
    const started = performance.now();
    const dynamo = await startDynamoDbLocal({ dataDir: dir.path });
    const seconds = (performance.now() - started) / 1000;
    await dynamo.stop();
    const javaLeft = reapJava(dir.path);
    if (javaLeft > 0) throw new Error(`DynamoDB Local left ${javaLeft} Java process(es) behind`);
    return seconds;
  } finally {
    dir.remove();
  }
};

export const benchLocalStart = async (
  log: (line: string) => void = console.log,
): Promise<LocalStartResult> => {
  log(`Local start: npm start → healthy vs DynamoDB Local alone, ${RUNS} interleaved runs each`);
  const ours: number[] = [];
  const floor: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const steps = [async () => ours.push(await timeOurs()), async () => floor.push(await timeFloor())];
    if (run % 2 === 1) steps.reverse();
    for (const step of steps) await step();
  }
  const oursSeconds = round(median(ours), 2);
  const floorSeconds = round(median(floor), 2);
  const ratio = round(oursSeconds / floorSeconds, 2);
  log(`  npm start: ${oursSeconds} s, DynamoDB Local: ${floorSeconds} s (${ratio}×)`);
  return {
    runs: RUNS,
    oursSeconds,
    floorSeconds,
    oursSamplesSeconds: ours.map((s) => round(s, 2)),
    floorSamplesSeconds: floor.map((s) => round(s, 2)),
    ratio,
    target: TARGET,
    met: ratio <= TARGET,
    noJavaLeftBehind: true,
  };
};
