/**
 * `npm run seed` end to end: the real local stack (`npm start`'s entry point in its own process) and the
 * seed's command in another, as a newcomer runs them; a small count keeps it quick.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/ports';
import { SEED_ADMIN } from '../../local/seed/local-stack';
import { staffToken } from '../support/staff-token';
import { launchStack, type RunningStack, waitForHealth } from './support/local-stack-process';

const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-seed-'));
let stack: RunningStack;

const runSeed = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/seed.ts', ...args], {
      cwd: process.cwd(),
      env: { ...process.env, DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => resolve({ code, output }));
  });

beforeAll(async () => {
  stack = await launchStack(dataDir);
  await waitForHealth(stack);
});

afterAll(async () => {
  if (stack?.child.exitCode === null) {
    stack.child.kill('SIGTERM');
    await stack.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run seed', () => {
  it('refuses a loopback port where the local stack is not, and writes nothing', async () => {
    const elsewhere = await freePort();
    const refused = await runSeed(['--url', `http://127.0.0.1:${elsewhere}`]);
    expect(refused.code).toBe(3);
    expect(refused.output).toMatch(/Not seeding: nothing answers/);
  });

  it('refuses the stack when DATA_DIR is not its data folder', async () => {
    const other = mkdtempSync(join(tmpdir(), 'onboarding-seed-other-'));
    try {
      const refused = await runSeed(['--url', stack.url], { DATA_DIR: other });
      expect(refused.code).toBe(3);
      expect(refused.output).toMatch(/was not started with DATA_DIR/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('fills the running stack: applications, decisions, unions with members moved in, a report', async () => {
    const started = performance.now();
    const seeded = await runSeed(['--count', '16', '--url', stack.url]);
    expect(seeded.output).toContain('Done in');
    expect(seeded.code).toBe(0);
    console.log(`seeded 16 applications in ${Math.round(performance.now() - started)} ms`);

    const token = await staffToken(dataDir, SEED_ADMIN);
    const get = async (path: string) => {
      const response = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      return (await response.json()) as Record<string, unknown>;
    };

    // 16 × 60 % approved, 12 % rejected: 10 and 2 (rounded); the other 4 wait for review.
    // Screening runs through the queue: the last few may still be on their way to the review queue.
    let pending: { items: Array<{ fullName: string }> } = { items: [] };
    for (let tries = 0; tries < 50 && pending.items.length < 4; tries++) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 200));
      pending = (await get('/api/review/applications?limit=100')) as typeof pending;
    }
    expect(pending.items).toHaveLength(4);
    expect(pending.items.every((item) => item.fullName.startsWith('示例·'))).toBe(true);
    const approved = (await get('/api/review/applications?status=approved&limit=100')) as {
      items: unknown[];
    };
    expect(approved.items).toHaveLength(10);

    const unions = (await get('/api/unions')) as {
      items: Array<{ name: string; kind: string; members: number }>;
    };
    const demo = unions.items.filter((union) => union.name.startsWith('示例·'));
    expect(demo.map((union) => union.kind).sort()).toEqual(['industry', 'platform']);
    expect(demo.reduce((n, union) => n + union.members, 0)).toBeGreaterThan(0);

    const reports = (await get('/api/reports/coverage')) as { items: Array<{ reportId: string }> };
    expect(reports.items).toHaveLength(1);
    const report = (await get(`/api/reports/coverage/${reports.items[0]?.reportId}`)) as {
      totals: { newMembers: number; approved: number; rejected: number; left: number };
    };
    expect(report.totals).toMatchObject({ newMembers: 10, approved: 10, rejected: 2, left: 2 });
  });
});
