/** Runs `npm start`'s command (`node --import tsx local/start.ts`) as a child process, the way a user runs it, and reads what it prints. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../../local/ports';
import { SMS_OUTBOX_FILE } from '../../../local/stack';
import { normalisePhone } from '../../../shared/domain/phone';
import { fetchSolvedAltcha } from '../../support/altcha';
import { outboxReader } from '../../support/sms-outbox';

export interface RunningStack {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

export const launchStack = async (dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<RunningStack> => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), WEB_DIST: join(dataDir, 'web'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
};

export const waitForHealth = async (stack: RunningStack, timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stack.child.exitCode !== null) throw new Error(`the stack exited:\n${stack.output()}`);
    try {
      const response = await fetch(`${stack.url}/api/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no healthy /api/health within ${timeoutMs} ms:\n${stack.output()}`);
};

/** Pids of DynamoDB Local processes serving this data folder. */
export const javaProcessesFor = (dataDir: string): number[] =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return /(^|\/)java$/.test(argv[0] ?? '') && argv.some((arg) => arg.includes(dataDir));
      } catch {
        return false;
      }
    })
    .map(Number);

/** Every file under a folder, as raw bytes in latin1 so any stored ASCII digits can be searched for. */
export const filesUnder = (dir: string): Array<{ path: string; content: string }> =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path, content: readFileSync(path, 'latin1') };
    });

/**
 * Applies through a running stack as the form does: solves a challenge (GET /api/challenge), asks for a
 * code for the body's phone with it, reads the code from the stack's SMS outbox
 * (DATA_DIR/sms-outbox.jsonl), and sends the application with it.
 */
export const applyThroughStack = async (
  url: string,
  dataDir: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Response> => {
  const phone = normalisePhone(String(body.phone ?? '')) ?? '';
  const asked = await fetch(`${url}/api/phone-verifications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, altcha: await fetchSolvedAltcha(url) }),
  });
  if (asked.status !== 202) throw new Error(`code request: ${asked.status} ${await asked.text()}`);
  const { verificationId } = (await asked.json()) as { verificationId: string };
  const sent = outboxReader(join(dataDir, SMS_OUTBOX_FILE)).latestTo(phone, 'verification');
  if (!sent) throw new Error('no code in the outbox');
  return fetch(`${url}/api/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ ...body, verificationId, verificationCode: sent.params.code }),
  });
};
