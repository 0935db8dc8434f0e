/**
 * What the fault tests share: people to apply with, `npm start` children on DATA_DIRs under the
 * suite's folder (their output kept for the privacy sweep), clients for the emulators a running
 * stack names in DATA_DIR/endpoints.json, and a small HTTP client that applies as a worker does:
 * it asks for an SMS code for the body's phone, reads it from that stack's outbox and sends it with
 * the application. Everything talks to 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { type LocalEndpoints, readLocalEndpoints } from '../../../local/endpoints';
import { SMS_OUTBOX_FILE } from '../../../local/stack';
import { asAltchaChallenge } from '../../../shared/domain/altcha';
import { maskPhone, normalisePhone } from '../../../shared/domain/phone';
import { createHasher, type Hasher } from '../../../shared/privacy/hashing';
import { documentClient } from '../../../shared/runtime/clients';
import { launchStack, type RunningStack, waitForHealth } from '../../integration/support/local-stack-process';
import { solveAltcha } from '../../support/altcha';
import { type ApplicationBody, UNPROVEN, validApplicationBody } from '../../support/applications';
import { idNumber, ZHAOYANG_REGION } from '../../support/id-numbers';
import { type OutboxReader, outboxReader } from '../../support/sms-outbox';

export const suiteRoot = (): string => inject('faultsRoot');

// ── people ────────────────────────────────────────────────────────────────────────────────────────

/**
 * Person number `n` (0 ≤ n < 10,000,000): a valid, adult ID number and a mobile number of their own.
 * Each test file uses its own range of `n`, so no two files share a person.
 */
export const person = (n: number) => {
  const year = 1970 + (n % 30);
  const month = 1 + (Math.floor(n / 30) % 12);
  const day = 1 + (Math.floor(n / 360) % 28);
  const sequence = Math.floor(n / 10_080) % 1000;
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return {
    idNumber: idNumber(ZHAOYANG_REGION, `${year}${pad(month, 2)}${pad(day, 2)}`, pad(sequence, 3)),
    phone: `15${pad(n, 9)}`,
  };
};

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂'];
const COUNTIES = ['zhaoyang', 'ludian', 'qiaojia', 'yanjin', 'daguan', 'yongshan', 'suijiang', 'zhenxiong'];
const WORK = [
  { trade: 'delivery_rider', platforms: ['meituan'] },
  { trade: 'delivery_rider', platforms: ['eleme', 'meituan'] },
  { trade: 'ride_hailing_driver', platforms: ['didi'] },
  { trade: 'courier', platforms: ['sf_express', 'zto'] },
  { trade: 'truck_driver', platforms: ['full_truck_alliance'] },
];

/** A valid application body for person `n`, with a name, trade, platforms and county varying with `n`. */
export const applicationBody = (n: number, overrides: Partial<ApplicationBody> = {}): ApplicationBody =>
  validApplicationBody({
    ...person(n),
    fullName: `${SURNAMES[n % SURNAMES.length]}${GIVEN[Math.floor(n / 20) % GIVEN.length]}${GIVEN[n % GIVEN.length]}`,
    ...(WORK[n % WORK.length] as { trade: string; platforms: string[] }),
    county: COUNTIES[Math.floor(n / 5) % COUNTIES.length] as string,
    ...overrides,
  });

/**
 * Writes the ID and phone numbers a test file sent, for the privacy sweep (outside every DATA_DIR). The
 * phones this file asked codes for (`submit`, `askForCode`) are added to the ones given.
 */
/**
 * Writes what a test file sent, for the privacy sweep (outside every DATA_DIR): the ID and phone
 * numbers, and every application body exactly as sent (`submit` keeps them; a file that sends its own
 * bodies passes them), whose careless hashes the sweep looks for.
 */
export const recordLedger = (
  name: string,
  sent: {
    idNumbers: Iterable<string>;
    phones: Iterable<string>;
    bodies?: Iterable<{ idNumber: string; body: string }>;
  },
) =>
  writeFileSync(
    join(suiteRoot(), 'ledger', `${name}.json`),
    JSON.stringify({
      idNumbers: [...new Set(sent.idNumbers)],
      phones: [...new Set([...sent.phones, ...phonesAsked])],
      bodies: [...bodiesSent, ...(sent.bodies ?? [])],
    }),
  );

/** Appends captured log lines to the suite's log folder (the privacy sweep reads all of it). */
export const saveLog = (name: string, text: string) =>
  appendFileSync(join(suiteRoot(), 'logs', `${name}.log`), text.endsWith('\n') ? text : `${text}\n`);

// ── stacks ────────────────────────────────────────────────────────────────────────────────────────

export interface FaultStack extends RunningStack {
  name: string;
  dataDir: string;
  endpoints: LocalEndpoints;
}

const stacks: FaultStack[] = [];

/**
 * The proof-of-work difficulty of the suite's stacks (LOCAL_ALTCHA_MAX_NUMBER; in-process: the challenge
 * handler's dependency). The suite asks for thousands of codes while it loads a stack: at the
 * production difficulty each solve costs this process 30–130 ms of CPU on the event loop the load
 * runs on (shared/domain/altcha.ts); at this one, well under a millisecond. The challenge is still
 * fetched, solved, checked and spent on every code request.
 */
export const FAULTS_ALTCHA_MAX_NUMBER = 1_000;

export const dataDirFor = (name: string): string => {
  const dir = join(suiteRoot(), 'stacks', name);
  mkdirSync(dir, { recursive: true });
  return dir;
};

/** `npm start`'s command as a child on DATA_DIR `stacks/<name>` (kept across restarts), once healthy. */
export const startStack = async (name: string, env: NodeJS.ProcessEnv = {}): Promise<FaultStack> => {
  const dataDir = dataDirFor(name);
  const running = await launchStack(dataDir, {
    LOCAL_ALTCHA_MAX_NUMBER: String(FAULTS_ALTCHA_MAX_NUMBER),
    ...env,
  });
  registerOutbox(running.url, join(dataDir, SMS_OUTBOX_FILE));
  const stack = { ...running, name, dataDir, endpoints: undefined as unknown as LocalEndpoints };
  stacks.push(stack);
  await waitForHealth(running, 90_000);
  const endpoints = readLocalEndpoints(dataDir);
  if (!endpoints || endpoints.pid !== running.child.pid)
    throw new Error(`the stack wrote no endpoints.json of its own in ${dataDir}`);
  stack.endpoints = endpoints;
  return stack;
};

/** Stops a stack with `signal`, keeps its output for the privacy sweep, returns its exit code. */
export const stopStack = async (stack: FaultStack, signal: NodeJS.Signals = 'SIGTERM') => {
  if (stack.child.exitCode === null && stack.child.signalCode === null) stack.child.kill(signal);
  const timeout = setTimeout(() => stack.child.kill('SIGKILL'), 20_000);
  const code = await stack.exited;
  clearTimeout(timeout);
  if (!stacks.includes(stack)) return code;
  stacks.splice(stacks.indexOf(stack), 1);
  saveLog(`stack-${stack.name}`, stack.output());
  return code;
};

/** For afterAll: whatever is still running is stopped (its output saved too). */
export const stopAllStacks = async () => {
  for (const stack of [...stacks]) await stopStack(stack, 'SIGTERM');
};

/** The stack's structured log lines (Powertools JSON and the local stack's own), parsed. */
export const logLines = (output: string): Array<Record<string, unknown>> =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });

/** How many log lines say `message` about `applicationId`. */
export const countLogs = (output: string, message: string, applicationId?: string): number =>
  logLines(output).filter(
    (line) =>
      line.message === message && (applicationId === undefined || line.applicationId === applicationId),
  ).length;

/**
 * `npm run --silent redrive` for DATA_DIR `dataDir`, as an operator runs it (a child process, not
 * awaited synchronously, so this process keeps reading the stacks' output meanwhile). Its output is
 * kept for the privacy sweep.
 */
export const runRedrive = (
  dataDir: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'redrive'], {
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timeout = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('close', (status) => {
      clearTimeout(timeout);
      saveLog('redrive', `${stdout}${stderr}`);
      resolve({ status, stdout, stderr });
    });
  });

// ── emulator clients ──────────────────────────────────────────────────────────────────────────────

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export const dynamoOf = (endpoints: LocalEndpoints): { raw: DynamoDBClient; db: DynamoDBDocumentClient } => {
  const raw = new DynamoDBClient({
    endpoint: endpoints.dynamoEndpoint,
    region: endpoints.region,
    credentials,
  });
  return { raw, db: documentClient(raw) };
};

export const sqsOf = (endpoints: LocalEndpoints): SQSClient =>
  new SQSClient({
    endpoint: endpoints.sqsEndpoint,
    region: endpoints.region,
    credentials,
    useQueueUrlAsEndpoint: false,
  });

/** Every item of the table (every page, consistent reads). */
export const allItems = async (db: DynamoDBDocumentClient, tableName: string) => {
  const items: Array<Record<string, unknown>> = [];
  for await (const page of paginateScan({ client: db }, { TableName: tableName, ConsistentRead: true })) {
    items.push(...(page.Items ?? []));
  }
  return items;
};

export const applicationsIn = async (db: DynamoDBDocumentClient, tableName: string) =>
  (await allItems(db, tableName)).filter((item) => item.entity === 'application');

/**
 * Application items per person — one ID number with one proven phone, by their keyed hashes — that
 * number more than one: the same person's application stored twice. (One ID number with two phones
 * is two applications by design, a conflict for reviewers; the suite's people each have a phone of
 * their own, so for them it is also one application per ID number.)
 */
export const duplicateApplications = (applications: Array<Record<string, unknown>>): string[] =>
  [...countBy(applications.map((item) => `${item.idHash} ${item.phoneHash}`))]
    .filter(([, count]) => count > 1)
    .map(([pair]) => pair);

/** The keyed hasher of an `npm start` stack: its DATA_DIR/hash.key, read as shared/runtime/hash-key.ts reads it. */
export const hasherOf = (dataDir: string): Hasher =>
  createHasher(new TextEncoder().encode(readFileSync(join(dataDir, 'hash.key'), 'utf8').trim()));

export const queueDepth = async (sqs: SQSClient, queueUrl: string) => {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(Attributes?.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
};

// ── HTTP ──────────────────────────────────────────────────────────────────────────────────────────

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions
  body: any;
}

export const call = async (
  url: string,
  method: string,
  path: string,
  options: {
    body?: unknown;
    raw?: Uint8Array<ArrayBuffer> | string;
    headers?: Record<string, string>;
    token?: string;
  } = {},
): Promise<Answer> => {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.raw !== undefined ? { body: options.raw } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body };
};

/** Whether `call` failed because the connection was refused or reset (not because of an answer). */
export const isConnectionError = (error: unknown): boolean =>
  error instanceof TypeError && error.message === 'fetch failed';

// ── proving phones ────────────────────────────────────────────────────────────────────────────────

/** Each stack's SMS outbox file, by the stack's URL; one reader per file, which keeps its place. */
const outboxByUrl = new Map<string, string>();
const readers = new Map<string, OutboxReader>();
/** Every phone this test file asked a code for, whatever the answer (added to its ledger). */
const phonesAsked = new Set<string>();
/** Every application body `submit` sent, exactly as sent (this file's module: one list per test file). */
const bodiesSent: Array<{ idNumber: string; body: string }> = [];

/** Where the stack at `url` writes its SMS (npm start: DATA_DIR/sms-outbox.jsonl). Kept on disk. */
export const registerOutbox = (url: string, file: string) => void outboxByUrl.set(url, file);

const readerOf = (file: string): OutboxReader => {
  let reader = readers.get(file);
  if (!reader) {
    reader = outboxReader(file);
    readers.set(file, reader);
  }
  return reader;
};

export interface Proof {
  verificationId: string;
  verificationCode: string;
}

/** What the code requests of this test file met, for its summary line. */
export const codeRequests = { sent: 0, accepted: 0, tooMany: 0, unavailable: 0, secondsWaited: 0, reused: 0 };

/** The answer that ended a code request, when it was not a 202 (submit hands it back as the answer). */
class CodeRefused extends Error {
  constructor(readonly answer: Answer) {
    super(`code request answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
}

/** Retries of a code request on 429 or 503: at most this many requests and this much waiting in all. */
const MAX_CODE_REQUESTS = 30;
const MAX_CODE_WAIT_SECONDS = 150;

/**
 * GET /api/challenge, solved (`altcha`), then POST /api/phone-verifications for `phone` (11 digits), and
 * the code the stack sent it, read from the stack's outbox as a worker reads the SMS. Every attempt
 * solves a new challenge (each is good once). A 429 or a 503 (from either call) is retried after its
 * Retry-After (bounded); any other refusal is thrown as a CodeRefused. `onAnswer` sees every answer.
 */
export const askForCode = async (
  url: string,
  phone: string,
  onAnswer: (answer: Answer) => void = () => undefined,
): Promise<Proof> => {
  const file = outboxByUrl.get(url);
  if (!file) throw new Error(`no SMS outbox registered for ${url}`);
  const outbox = readerOf(file);
  phonesAsked.add(phone);
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    const before = outbox.latestTo(phone, 'verification');
    const got = await call(url, 'GET', '/api/challenge');
    const challenge = got.status === 200 ? asAltchaChallenge(got.body) : undefined;
    let answer: Answer;
    if (challenge) {
      codeRequests.sent++;
      answer = await call(url, 'POST', '/api/phone-verifications', {
        body: { phone, altcha: solveAltcha(challenge) },
      });
    } else answer = got;
    onAnswer(answer);
    if (answer.status === 202) {
      codeRequests.accepted++;
      const sms = outbox.latestTo(phone, 'verification');
      if (!sms || sms === before) throw new Error(`no new code for ${maskPhone(phone)} in ${file}`);
      return {
        verificationId: String(answer.body.verificationId),
        verificationCode: String(sms.params.code),
      };
    }
    if (answer.status === 429) codeRequests.tooMany++;
    if (answer.status === 503) codeRequests.unavailable++;
    const wait = Number(answer.headers.get('retry-after'));
    const retryable = (answer.status === 429 || answer.status === 503) && Number.isInteger(wait) && wait >= 1;
    if (!retryable || attempt >= MAX_CODE_REQUESTS || waited + wait > MAX_CODE_WAIT_SECONDS)
      throw new CodeRefused(answer);
    waited += wait;
    codeRequests.secondsWaited += wait;
    await sleep(wait * 1000);
  }
};

/**
 * Proofs already made, by (outbox, phone, Idempotency-Key): a request sent again with the same key
 * carries the same code, so its body is byte for byte the same and the server can replay its answer
 * (after a crash the new stack on the same DATA_DIR finds the same outbox, and the same proof).
 */
const proofs = new Map<string, Promise<Proof>>();

const proofFor = (
  url: string,
  phone: string,
  idempotencyKey: string,
  onAnswer?: (answer: Answer) => void,
) => {
  const cacheKey = `${outboxByUrl.get(url)}\n${phone}\n${idempotencyKey}`;
  const cached = proofs.get(cacheKey);
  if (cached) {
    codeRequests.reused++;
    return cached;
  }
  const proof = askForCode(url, phone, onAnswer);
  proofs.set(cacheKey, proof);
  // A request that got no code (cut off, refused) asks again next time.
  proof.catch(() => proofs.delete(cacheKey));
  return proof;
};

/**
 * POST /api/applications with an Idempotency-Key, as a worker applies: a body whose phone is a mobile
 * number and that carries no verification of its own (or the UNPROVEN placeholder) gets a code for
 * that phone first (`askForCode`, or the proof already made for this key). When the code request
 * ends refused, its answer is returned instead. Throws on a network error (connection refused/reset).
 */
export const submit = async (
  url: string,
  body: unknown,
  idempotencyKey: string,
  options: { onCodeAnswer?: (answer: Answer) => void } = {},
): Promise<Answer> => {
  const fields = body as Record<string, unknown>;
  const phone = typeof fields?.phone === 'string' ? normalisePhone(fields.phone) : null;
  const unproven = fields?.verificationId === undefined || fields.verificationId === UNPROVEN.verificationId;
  let sent = body;
  if (phone && unproven) {
    try {
      sent = { ...fields, ...(await proofFor(url, phone, idempotencyKey, options.onCodeAnswer)) };
    } catch (error) {
      if (error instanceof CodeRefused) return error.answer;
      throw error;
    }
  }
  if (typeof fields?.idNumber === 'string')
    bodiesSent.push({ idNumber: fields.idNumber, body: JSON.stringify(sent) });
  return call(url, 'POST', '/api/applications', {
    body: sent,
    headers: { 'idempotency-key': idempotencyKey },
  });
};

export const statusOf = (url: string, applicationId: string, statusToken: string) =>
  call(url, 'GET', `/api/applications/${applicationId}`, { headers: { 'x-status-token': statusToken } });

/** Runs `work` over `items` with at most `concurrency` at a time; stops taking new items once `stop()`. */
export const inPool = async <T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> => {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stop()) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until `done`, at most `timeoutMs`; throws with the last value otherwise. */
export const eventually = async <T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  describe = 'condition',
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      const shown = JSON.stringify(value);
      throw new Error(`${describe} not met within ${timeoutMs} ms: ${shown.slice(0, 500)}`);
    }
    await sleep(200);
  }
};

/** Statuses of many applications through the public status API (16 at a time). */
export const statusesOf = async (
  url: string,
  applications: ReadonlyArray<{ applicationId: string; statusToken: string }>,
): Promise<Map<string, string>> => {
  const statuses = new Map<string, string>();
  await inPool(applications, 16, async ({ applicationId, statusToken }) => {
    const answer = await statusOf(url, applicationId, statusToken);
    statuses.set(applicationId, answer.status === 200 ? String(answer.body.status) : `http ${answer.status}`);
  });
  return statuses;
};

export const countBy = <T>(values: Iterable<T>): Map<T, number> => {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
};
