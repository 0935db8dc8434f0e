/**
 * The staff roster over HTTP (issue 11): an administrator adds a reviewer by the identity their
 * provider gives them, the reviewer sees only their counties, a change or deactivation takes effect,
 * invitations are redeemed once, and every change is audited.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signLocalToken } from '../../local/local-issuer';
import { pendingApplications } from './support/applicants';
import { createHarness, credentials, type Harness, region } from './support/harness';
import { type HttpStack, startHttpStack } from './support/http-stack';

let harness: Harness;
let http: HttpStack;
let admin: string;

/** A token for someone the provider knows and the roster may not: no roster entry is written. */
const signedIn = (sub: string) => signLocalToken(http.issuerDir, { role: 'none', sub }, http.issuer);

const queueIds = async (token: string): Promise<Set<string>> => {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const page = await http.call(
      'GET',
      `/api/review/applications?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      { token },
    );
    expect(page.status).toBe(200);
    for (const item of page.body.items) ids.add(item.applicationId);
    cursor = page.body.nextCursor;
  } while (cursor);
  return ids;
};

beforeAll(async () => {
  harness = await createHarness();
  http = await startHttpStack(harness);
  admin = await http.token({ role: 'admin', sub: 'staff-root' });
});
afterAll(async () => {
  await http.close();
  await harness.close();
});

describe('who is staff', () => {
  it('tells anyone signed in who they are, and that they are not staff yet', async () => {
    const response = await http.call('GET', '/api/staff/me', { token: await signedIn('newcomer') });
    expect(response.status).toBe(200);
    expect(response.body.identity.subject).toBe('newcomer');
    expect(response.body.staff).toBeNull();
  });

  it('refuses an identity that is not on the roster everywhere staff work (403 not_staff)', async () => {
    const token = await signedIn('stranger');
    for (const path of ['/api/review/applications', '/api/members?trade=courier', '/api/staff']) {
      const response = await http.call('GET', path, { token });
      expect(response.status, path).toBe(403);
      expect(response.body.error, path).toBe('not_staff');
    }
  });

  it('lets only administrators manage the roster', async () => {
    const reviewer = await http.token({ role: 'reviewer', counties: 'zhaoyang', sub: 'plain-reviewer' });
    for (const [method, path] of [
      ['GET', '/api/staff'],
      ['POST', '/api/staff'],
      ['POST', '/api/staff/invitations'],
    ] as const) {
      const response = await http.call(method, path, {
        token: reviewer,
        body: method === 'POST' ? {} : undefined,
      });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
  });
});

describe('an administrator adds a reviewer for two counties', () => {
  it('who then sees exactly those counties, and nothing after being deactivated', async () => {
    const inZhaoyang = await pendingApplications(harness, 3, { county: 'zhaoyang' });
    const inLudian = await pendingApplications(harness, 2, { county: 'ludian' });
    const inShuifu = await pendingApplications(harness, 2, { county: 'shuifu' });
    const reviewerToken = await signedIn('li-reviewer');

    const added = await http.call('POST', '/api/staff', {
      token: admin,
      body: {
        subject: 'li-reviewer',
        displayName: '李审核',
        role: 'reviewer',
        counties: ['zhaoyang', 'ludian'],
      },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ role: 'reviewer', counties: ['zhaoyang', 'ludian'], active: true });

    const me = await http.call('GET', '/api/staff/me', { token: reviewerToken });
    expect(me.body.staff).toMatchObject({ staffId: added.body.staffId, role: 'reviewer' });

    const seen = await queueIds(reviewerToken);
    for (const a of [...inZhaoyang, ...inLudian]) expect(seen.has(a.applicationId)).toBe(true);
    for (const a of inShuifu) expect(seen.has(a.applicationId)).toBe(false);
    const detail = await http.call('GET', `/api/review/applications/${inShuifu[0]?.applicationId}`, {
      token: reviewerToken,
    });
    // Out of scope reads as absent, as for any reviewer (no existence oracle across counties).
    expect(detail.status).toBe(404);

    const narrowed = await http.call('POST', `/api/staff/${added.body.staffId}`, {
      token: admin,
      body: { counties: ['ludian'] },
    });
    expect(narrowed.status).toBe(200);
    const after = await queueIds(reviewerToken);
    for (const a of inZhaoyang) expect(after.has(a.applicationId)).toBe(false);
    for (const a of inLudian) expect(after.has(a.applicationId)).toBe(true);

    const deactivated = await http.call('POST', `/api/staff/${added.body.staffId}`, {
      token: admin,
      body: { active: false },
    });
    expect(deactivated.status).toBe(200);
    const refused = await http.call('GET', '/api/review/applications', { token: reviewerToken });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('not_staff');
    expect((await http.call('GET', '/api/staff/me', { token: reviewerToken })).body.staff).toBeNull();

    const audit = await http.call('GET', '/api/audit', { token: admin });
    const changes = audit.body.items.filter(
      (entry: { target?: string }) => entry.target === added.body.staffId,
    );
    expect(changes.map((entry: { action: string }) => entry.action).sort()).toEqual([
      'staff.add',
      'staff.change',
      'staff.change',
    ]);
    expect(changes.every((entry: { actor: string }) => entry.actor === 'staff-root')).toBe(true);
  });

  it('lists the roster for administrators', async () => {
    const list = await http.call('GET', '/api/staff', { token: admin });
    expect(list.status).toBe(200);
    expect(list.body.items.map((entry: { subject: string }) => entry.subject)).toEqual(
      expect.arrayContaining(['staff-root', 'li-reviewer']),
    );
  });

  it('refuses bad entries with the field at fault, and stores nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ subject: 'x', displayName: 'X', role: 'reviewer' }, 'counties'],
      [{ subject: 'x', displayName: 'X', role: 'reviewer', counties: ['atlantis'] }, 'counties'],
      [{ subject: 'x', displayName: 'X', role: 'owner', counties: '*' }, 'role'],
      [{ subject: '', displayName: 'X', role: 'admin' }, 'subject'],
      [{ subject: 'x', displayName: '', role: 'admin' }, 'displayName'],
      [{ subject: 'x', displayName: 'X', role: 'admin', issuer: 'not a url' }, 'issuer'],
      [{ subject: 'x', displayName: 'X', role: 'admin', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const response = await http.call('POST', '/api/staff', { token: admin, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.fields, JSON.stringify(body)).toHaveProperty(field);
    }
    const list = await http.call('GET', '/api/staff', { token: admin });
    expect(list.body.items.map((entry: { subject: string }) => entry.subject)).not.toContain('x');
  });

  it('refuses to add an identity twice', async () => {
    const body = { subject: 'twice', displayName: 'Twice', role: 'admin' };
    expect((await http.call('POST', '/api/staff', { token: admin, body })).status).toBe(201);
    const again = await http.call('POST', '/api/staff', { token: admin, body });
    expect(again.status).toBe(400);
    expect(again.body.fields).toHaveProperty('subject');
  });

  it('does not let an administrator lock themselves out', async () => {
    const me = await http.call('GET', '/api/staff/me', { token: admin });
    const response = await http.call('POST', `/api/staff/${me.body.staff.staffId}`, {
      token: admin,
      body: { active: false },
    });
    expect(response.status).toBe(400);
    expect(response.body.fields).toHaveProperty('role');
  });

  it('answers 404 for an id that names no entry', async () => {
    const response = await http.call('POST', '/api/staff/bm90LWEtc3RhZmYtaWQ', {
      token: admin,
      body: { active: false },
    });
    expect(response.status).toBe(404);
  });
});

describe('invitations', () => {
  it('are redeemed once, by whoever signs in with the code, as the role and counties invited', async () => {
    const made = await http.call('POST', '/api/staff/invitations', {
      token: admin,
      body: { displayName: '王新人', role: 'reviewer', counties: ['shuifu'] },
    });
    expect(made.status).toBe(201);
    expect(made.body.code).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(made.body.path).toContain(made.body.code);

    const newcomer = await signedIn('wang-new');
    expect((await http.call('GET', '/api/review/applications', { token: newcomer })).status).toBe(403);
    const redeemed = await http.call('POST', '/api/staff/invitations/redeem', {
      token: newcomer,
      body: { code: made.body.code },
    });
    expect(redeemed.status).toBe(201);
    expect(redeemed.body).toMatchObject({ subject: 'wang-new', role: 'reviewer', counties: ['shuifu'] });
    expect((await http.call('GET', '/api/review/applications', { token: newcomer })).status).toBe(200);

    const again = await http.call('POST', '/api/staff/invitations/redeem', {
      token: await signedIn('someone-else'),
      body: { code: made.body.code },
    });
    expect(again.status).toBe(400);
    expect(again.body.fields).toHaveProperty('code');

    const audit = await http.call('GET', '/api/audit', { token: admin });
    const actions = audit.body.items.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['staff.invite', 'staff.redeem']));
    // Only the code's keyed hash is stored: the code itself appears nowhere in the table.
    expect(JSON.stringify(await harness.scan())).not.toContain(made.body.code);
  });

  it('refuses a code that was never made, the same way as a used one', async () => {
    const response = await http.call('POST', '/api/staff/invitations/redeem', {
      token: await signedIn('guesser'),
      body: { code: 'AAAAAAAAAAAAAAAAAAAAAAAA' },
    });
    expect(response.status).toBe(400);
    expect(response.body.fields).toHaveProperty('code');
  });
});

describe('npm run staff (the first administrator, before anyone can use the page)', () => {
  /** The command as an operator runs it on a deployed stack: --table and --issuer, default credentials. */
  const staffCommand = async (...args: string[]) => {
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'local/staff.ts', ...args, '--table', harness.tableName, '--issuer', http.issuer],
        {
          env: {
            ...process.env,
            AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
            AWS_REGION: region,
            AWS_ACCESS_KEY_ID: credentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
          },
        },
      );
      return { code: 0, stdout, stderr: '' };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it('adds an administrator who can then use the roster, audited as the command line', async () => {
    const added = await staffCommand('add', '--subject', 'cli-chief', '--role', 'admin', '--name', '李主任');
    expect(added, added.stderr).toMatchObject({ code: 0 });
    expect(added.stdout).toContain('added admin cli-chief');

    const chief = await signedIn('cli-chief');
    const me = await http.call('GET', '/api/staff/me', { token: chief });
    expect(me.body.staff).toMatchObject({ role: 'admin', displayName: '李主任', counties: '*' });
    expect((await http.call('GET', '/api/staff', { token: chief })).status).toBe(200);

    const audit = await http.call('GET', '/api/audit', { token: chief });
    expect(audit.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'staff.add', actor: 'command line' })]),
    );
  });

  it('checks what it is given by the same rules as the page, and writes nothing it refuses', async () => {
    const before = (await harness.scan()).length;
    const noCounties = await staffCommand('add', '--subject', 'cli-rev', '--role', 'reviewer');
    expect(noCounties.code).toBe(2);
    expect(noCounties.stderr).toContain('--counties: Choose at least one county');
    const unknownCounty = await staffCommand(
      'add',
      '--subject',
      'cli-rev',
      '--role',
      'reviewer',
      '--counties',
      'atlantis',
    );
    expect(unknownCounty.code).toBe(2);
    const badRole = await staffCommand('add', '--subject', 'cli-rev', '--role', 'owner');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role');
    expect((await harness.scan()).length).toBe(before);
  });

  it('changes and deactivates an entry, and lists it as it now is', async () => {
    expect(
      (await staffCommand('add', '--subject', 'cli-rev', '--role', 'reviewer', '--counties', 'yanjin')).code,
    ).toBe(0);
    const changed = await staffCommand(
      'set',
      '--subject',
      'cli-rev',
      '--counties',
      'yanjin,ludian',
      '--active',
      'false',
    );
    expect(changed, changed.stderr).toMatchObject({ code: 0 });
    const listed = await staffCommand('list');
    const line = listed.stdout.split('\n').find((row) => row.includes('cli-rev'));
    expect(line).toMatch(/^deactivated\s+reviewer\s+cli-rev\b.*\(yanjin,ludian\)/);
    const missing = await staffCommand('set', '--subject', 'nobody', '--active', 'false');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('not on the roster');
  });
});
