/** The roster's rules, its ids, and the per-container cache window (issue 11). */
import { describe, expect, it } from 'vitest';
import { NotStaff } from '../../shared/domain/errors';
import {
  displayNameFromClaims,
  identityOfStaffId,
  type StaffEntry,
  staffIdOf,
} from '../../shared/domain/staff';
import { validateInvitation, validateNewStaff, validateStaffChange } from '../../shared/domain/staff-rules';
import { cachedRoster, callerFor, ROSTER_CACHE_SECONDS, type RosterReader } from '../../shared/http/auth';
import { httpEvent } from '../support/events';

const identity = { issuer: 'https://sso.example.cn/realms/union', subject: 'u-42' };
const entry = (changes: Partial<StaffEntry> = {}): StaffEntry => ({
  staffId: staffIdOf(identity),
  ...identity,
  displayName: '张三',
  role: 'reviewer',
  counties: ['zhaoyang', 'ludian'],
  active: true,
  createdAt: '2026-11-30T00:00:00.000Z',
  updatedAt: '2026-11-30T00:00:00.000Z',
  updatedBy: 'test',
  version: 1,
  ...changes,
});

describe('staff ids', () => {
  it('name one identity and decode back to it', () => {
    const id = staffIdOf(identity);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(identityOfStaffId(id)).toEqual(identity);
    expect(staffIdOf({ ...identity, issuer: 'https://other.example.cn' })).not.toBe(id);
  });

  it('reject ids that do not decode to exactly an issuer and a subject', () => {
    for (const bad of ['', '!!!', staffIdOf({ issuer: 'a', subject: 'b\nc' }), btoa('only-issuer')]) {
      expect(identityOfStaffId(bad)).toBeUndefined();
    }
  });
});

describe('roster rules', () => {
  it('accept a reviewer with known counties, and an administrator for every county', () => {
    expect(
      validateNewStaff({ subject: 'u-1', displayName: '李四', role: 'reviewer', counties: ['zhaoyang'] }),
    ).toEqual({
      ok: true,
      value: { subject: 'u-1', displayName: '李四', role: 'reviewer', counties: ['zhaoyang'] },
    });
    const admin = validateNewStaff({
      subject: 'u-2',
      displayName: 'Root',
      role: 'admin',
      counties: ['ludian'],
    });
    expect(admin.ok && admin.value.counties).toBe('*');
  });

  it('name the field at fault', () => {
    const problems = (input: unknown) => {
      const result = validateNewStaff(input);
      return result.ok ? {} : result.fields;
    };
    expect(problems({ subject: 'u', displayName: 'X', role: 'reviewer' })).toHaveProperty('counties');
    expect(problems({ subject: 'u', displayName: 'X', role: 'reviewer', counties: [] })).toHaveProperty(
      'counties',
    );
    expect(
      problems({ subject: 'u', displayName: 'X', role: 'reviewer', counties: ['zhaoyang', 'zhaoyang'] }),
    ).toHaveProperty('counties');
    expect(problems({ subject: 'u v', displayName: 'X', role: 'admin' })).toHaveProperty('subject');
    expect(problems({ subject: 'u', displayName: 'X\u202e', role: 'admin' })).toHaveProperty('displayName');
    expect(problems({ subject: 'u', displayName: 'x'.repeat(61), role: 'admin' })).toHaveProperty(
      'displayName',
    );
    expect(problems({ subject: 'u', displayName: 'X', role: 'admin', issuer: 'ftp://x' })).toHaveProperty(
      'issuer',
    );
    expect(problems([])).toHaveProperty('body');
  });

  it('change any of name, role, counties and active, and nothing else', () => {
    expect(validateStaffChange({ active: false })).toEqual({ ok: true, value: { active: false } });
    const bad = validateStaffChange({ active: 'no', version: 3 });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && Object.keys(bad.fields).sort()).toEqual(['active', 'version']);
  });

  it('make an invitation without an identity', () => {
    expect(validateInvitation({ displayName: 'X', role: 'reviewer', counties: ['shuifu'] })).toMatchObject({
      ok: true,
    });
    const withSubject = validateInvitation({ subject: 'u', displayName: 'X', role: 'admin' });
    expect(!withSubject.ok && withSubject.fields).toHaveProperty('subject');
  });

  it('show staff by their provider’s name claim, else the subject', () => {
    expect(displayNameFromClaims({ sub: 'u', name: '王五', email: 'w@example.cn' })).toBe('王五');
    expect(displayNameFromClaims({ sub: 'u-9' })).toBe('u-9');
  });
});

describe('the cached roster', () => {
  const counted = (read: () => StaffEntry | undefined) => {
    let reads = 0;
    const roster: RosterReader = {
      async get() {
        reads++;
        return read();
      },
    };
    return { roster, reads: () => reads };
  };

  it('reads once per identity within the window, and again after it', async () => {
    let now = 0;
    const source = counted(() => entry());
    const cached = cachedRoster(source.roster, ROSTER_CACHE_SECONDS, () => now);
    await cached.get(identity);
    now += (ROSTER_CACHE_SECONDS - 1) * 1000;
    await cached.get(identity);
    expect(source.reads()).toBe(1);
    now += 2000;
    await cached.get(identity);
    expect(source.reads()).toBe(2);
  });

  it('refuses a deactivated reviewer on the first request after the window', async () => {
    let now = 0;
    let current = entry();
    const cached = cachedRoster({ get: async () => current }, ROSTER_CACHE_SECONDS, () => now);
    const event = httpEvent({
      routeKey: 'GET /api/review/applications',
      claims: { iss: identity.issuer, sub: identity.subject },
    });
    expect((await callerFor(cached, event)).counties).toEqual(['zhaoyang', 'ludian']);
    current = entry({ active: false, version: 2 });
    now += ROSTER_CACHE_SECONDS * 1000 - 1;
    await expect(callerFor(cached, event)).resolves.toBeDefined();
    now += 1;
    await expect(callerFor(cached, event)).rejects.toBeInstanceOf(NotStaff);
  });

  it('keeps identities apart: one issuer’s subject is not another’s', async () => {
    const cached = cachedRoster({
      get: async (who) => (who.issuer === identity.issuer ? entry() : undefined),
    });
    expect(await cached.get(identity)).toBeDefined();
    expect(await cached.get({ issuer: 'https://evil.example', subject: identity.subject })).toBeUndefined();
  });
});
