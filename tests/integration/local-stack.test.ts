/** The local stack as a user runs it: `npm start`'s entry point in its own process, spoken to over HTTP. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import apiDescription from '../../shared/api/openapi.json';
import { catalog } from '../../shared/catalog/index';
import { ALTCHA_MAX_NUMBER, ALTCHA_VALID_SECONDS } from '../../shared/domain/altcha';
import { checkAnswer } from '../support/api-contract';
import { validApplicationBody } from '../support/applications';
import { idNumber, ZHAOYANG_REGION } from '../support/id-numbers';
import { eventually } from './support/harness';
import {
  applyThroughStack,
  filesUnder,
  javaProcessesFor,
  launchStack,
  type RunningStack,
  waitForHealth,
} from './support/local-stack-process';

const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-stack-'));
const person = { idNumber: idNumber(ZHAOYANG_REGION, '19880412', '517'), phone: '15912345678' };
const logs: string[] = [];
const running: RunningStack[] = [];

const start = async (env: NodeJS.ProcessEnv = {}) => {
  // The same worker applies again within seconds here; a minute between codes is the default (README).
  const stack = await launchStack(dataDir, { LIMIT_PHONE_CODE_INTERVAL_SECONDS: '0', ...env });
  running.push(stack);
  await waitForHealth(stack);
  return stack;
};

const stop = async (stack: RunningStack, signal: NodeJS.Signals) => {
  stack.child.kill(signal);
  const code = await stack.exited;
  logs.push(stack.output());
  return code;
};

const post = (stack: RunningStack, body: Record<string, unknown>) =>
  applyThroughStack(stack.url, dataDir, body);

/** GET /api/challenge through the gateway. */
const challengeOf = async (stack: RunningStack) => {
  const response = await fetch(`${stack.url}/api/challenge`);
  return {
    status: response.status,
    cacheControl: response.headers.get('cache-control'),
    body: (await response.json()) as { maxnumber?: number; salt?: string },
  };
};

afterAll(async () => {
  for (const stack of running) if (stack.child.exitCode === null) stack.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  let applicationId = '';
  let statusToken = '';
  const status = (stack: RunningStack) =>
    fetch(`${stack.url}/api/applications/${applicationId}`, {
      headers: { 'x-status-token': statusToken },
    }).then(async (r) => ({ code: r.status, body: (await r.json()) as { status?: string } }));

  it('serves health, the catalogue, and takes an application to pending_review', async () => {
    const stack = await start();
    expect(stack.output()).toContain('Local stack ready');
    expect(await (await fetch(`${stack.url}/api/health`)).json()).toEqual({ status: 'ok' });
    // The catalogue and the API description: the built files, with the headers CloudFront gives them,
    // the same bytes and headers the catalog function answered with before they were static.
    for (const [path, served] of [
      ['/api/catalog', catalog],
      ['/catalog.json', catalog],
      ['/api/openapi.json', apiDescription],
    ] as const) {
      const response = await fetch(`${stack.url}${path}`);
      const text = await response.text();
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toBe('application/json; charset=utf-8');
      expect(response.headers.get('cache-control'), path).toBe('public, max-age=300');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(text, path).toBe(JSON.stringify(served));
      checkAnswer('GET', path, {
        status: response.status,
        headers: response.headers,
        body: JSON.parse(text),
      });
    }
    const counties = ((await (await fetch(`${stack.url}/api/catalog`)).json()) as { counties: unknown[] })
      .counties;
    expect(counties).toHaveLength(11);
    // The proof of work a code request needs, at the production difficulty.
    const challenge = await challengeOf(stack);
    expect(challenge).toMatchObject({ status: 200, cacheControl: 'no-store' });
    expect(challenge.body.maxnumber).toBe(ALTCHA_MAX_NUMBER);
    const expires = Number(/expires=(\d+)/.exec(challenge.body.salt ?? '')?.[1]);
    expect(Math.abs(expires - Date.now() / 1000 - ALTCHA_VALID_SECONDS)).toBeLessThan(30);
    const unsolved = await fetch(`${stack.url}/api/phone-verifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: person.phone }),
    });
    expect(unsolved.status).toBe(400);
    expect(((await unsolved.json()) as { fields: object }).fields).toHaveProperty('altcha');

    const response = await post(stack, validApplicationBody(person));
    expect(response.status).toBe(202);
    const body = (await response.json()) as { applicationId: string; statusToken: string };
    applicationId = body.applicationId;
    statusToken = body.statusToken;
    await eventually(
      () => status(stack),
      (s) => s.body.status === 'pending_review',
      10_000,
    );

    const bad = await post(
      stack,
      validApplicationBody({ idNumber: `${person.idNumber.slice(0, 17)}0`, phone: '159 1111 2222' }),
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { fields: object }).fields).toHaveProperty('idNumber');
    expect((await fetch(`${stack.url}/api/nothing-here`)).status).toBe(404);

    expect(await stop(stack, 'SIGTERM')).toBe(0);
    expect(javaProcessesFor(dataDir)).toEqual([]);
  });

  it('keeps every application across a restart (this time with a lower proof-of-work difficulty)', async () => {
    const stack = await start({ LOCAL_ALTCHA_MAX_NUMBER: '500' });
    expect(stack.output()).toMatch(/local overrides in effect.*"altchaMaxNumber":500/);
    expect((await challengeOf(stack)).body.maxnumber).toBe(500);
    expect(await status(stack)).toMatchObject({ code: 200, body: { status: 'pending_review' } });
    // The same person again, from the same phone: their application, not a second one.
    const again = await post(stack, validApplicationBody(person));
    expect(again.status).toBe(202);
    expect(((await again.json()) as { applicationId: string }).applicationId).toBe(applicationId);
    await stop(stack, 'SIGINT');
  });

  it('leaves no DynamoDB Local behind even when killed with SIGKILL, and starts again on the same data', async () => {
    const stack = await start();
    expect(javaProcessesFor(dataDir).length).toBe(1);
    await stop(stack, 'SIGKILL');
    await eventually(
      async () => javaProcessesFor(dataDir),
      (pids) => pids.length === 0,
      10_000,
    );
    const again = await start();
    expect((await status(again)).code).toBe(200);
    await stop(again, 'SIGTERM');
  });

  it('keeps the full ID number out of every file and log, and the full phone out of the logs', () => {
    const everything = filesUnder(dataDir);
    expect(everything.length).toBeGreaterThan(0);
    for (const file of everything) expect(file.content, file.path).not.toContain(person.idNumber);
    const allLogs = logs.join('\n');
    expect(allLogs).toContain('application accepted');
    expect(allLogs).not.toContain(person.idNumber);
    expect(allLogs).not.toContain(person.phone);
    expect(allLogs).toContain('159****5678');
    // The SMS outbox stands in for the provider: it holds the phone, as the provider would; the console
    // shows the code with the phone masked, as a person trying the stack reads it.
    expect(everything.find((file) => file.path.endsWith('sms-outbox.jsonl'))?.content).toContain(
      person.phone,
    );
    expect(allLogs).toMatch(/SMS to 159\*{4}5678: .*\d{6}/);
  });

  it('says clearly what is missing when Java is absent', async () => {
    const stack = await launchStack(mkdtempSync(join(tmpdir(), 'onboarding-nojava-')), {
      PATH: '/nonexistent',
    });
    running.push(stack);
    expect(await stack.exited).toBe(1);
    expect(stack.output()).toMatch(/Java was not found.*Java 17\+/s);
  });
});
