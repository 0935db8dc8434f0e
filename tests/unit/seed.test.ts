/** `npm run seed`: it refuses anything but the local stack, and the people it makes are valid and fake. */
import { describe, expect, it, vi } from 'vitest';
import { demoApplicants } from '../../local/seed/people';
import { confirmLocalStack, NotTheLocalStack } from '../../local/seed/target';
import { movedInto, planUnions } from '../../local/seed/unions';
import { catalog } from '../../shared/catalog/index';
import { idNumberProblem } from '../../shared/domain/id-number';
import { normalisePhone } from '../../shared/domain/phone';

const discovery = (issuer: unknown, status = 200) =>
  vi.fn(async (_url: string) => ({ status, body: { issuer } }));

describe('the seed’s target', () => {
  it.each([
    ['a deployment', 'https://join.example.org'],
    ['a private address', 'http://10.0.0.5:3000'],
    ['a name that merely starts with localhost', 'http://localhost.example.org:3000'],
    ['another loopback address than the three', 'http://127.0.0.2:3000'],
    ['the unspecified address', 'http://0.0.0.0:3000'],
    ['another scheme', 'ftp://localhost:3000'],
    ['credentials in the URL', 'http://admin:secret@localhost:3000'],
    ['not a URL', 'localhost:3000'],
  ])('refuses %s without asking it anything', async (_case, url) => {
    const fetchJson = discovery('http://localhost:3000/oidc');
    await expect(confirmLocalStack(url, fetchJson)).rejects.toBeInstanceOf(NotTheLocalStack);
    expect(fetchJson).not.toHaveBeenCalled();
  });

  it.each([
    ['no sign-in provider there', discovery(undefined, 404)],
    ['an issuer elsewhere', discovery('https://login.example.org/oidc')],
    ['an issuer on another local port', discovery('http://localhost:3001/oidc')],
    ['an issuer at another path', discovery('http://localhost:3000/realms/staff')],
    ['no issuer in the answer', discovery(42)],
    [
      'nothing listening',
      vi.fn(async () => {
        throw new Error('connect ECONNREFUSED');
      }),
    ],
  ])('refuses a loopback address that is not the local stack: %s', async (_case, fetchJson) => {
    await expect(confirmLocalStack('http://127.0.0.1:3000', fetchJson)).rejects.toBeInstanceOf(
      NotTheLocalStack,
    );
  });

  it.each(['http://localhost:3000', 'http://127.0.0.1:3000/review', 'http://[::1]:3000'])(
    'accepts the local stack at %s, asking its own origin for the local provider',
    async (url) => {
      const fetchJson = discovery('http://localhost:3000/oidc');
      const target = await confirmLocalStack(url, fetchJson);
      expect(fetchJson).toHaveBeenCalledWith(`${new URL(url).origin}/oidc/.well-known/openid-configuration`);
      expect(target).toEqual({ origin: new URL(new URL(url).origin), issuer: 'http://localhost:3000/oidc' });
    },
  );
});

describe('the demo’s people', () => {
  // A fixed sequence, so the test sees the same people every run.
  let state = 42;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const today = new Date('2026-11-30T04:00:00Z');
  const people = demoApplicants(400, random, today);

  it('are marked as demo data, with valid ID numbers and mainland mobile numbers, none twice', () => {
    expect(people).toHaveLength(400);
    for (const person of people) {
      expect(person.fullName).toMatch(/^示例·\p{Script=Han}{2,3}$/u);
      expect(idNumberProblem(person.idNumber, today)).toBeNull();
      expect(normalisePhone(person.phone)).toBe(person.phone);
    }
    expect(new Set(people.map((p) => p.phone)).size).toBe(400);
    expect(new Set(people.map((p) => p.idNumber)).size).toBe(400);
  });

  it('spread over every trade and county, on platforms that serve their trade', () => {
    expect(new Set(people.map((p) => p.trade))).toEqual(new Set(catalog.trades.map((t) => t.code)));
    expect(new Set(people.map((p) => p.county))).toEqual(new Set(catalog.counties.map((c) => c.code)));
    for (const person of people) {
      for (const platform of person.platforms)
        expect(catalog.platforms.find((p) => p.code === platform)?.trades).toContain(person.trade);
    }
  });

  it('give a platform union and an industry union in two counties, where members are', () => {
    const plans = planUnions(people.slice(0, 200).map((applicant) => ({ applicant })));
    expect(plans.map((p) => p.union.kind)).toEqual(['platform', 'industry']);
    expect(plans[0]?.union.county).not.toBe(plans[1]?.union.county);
    expect(plans.every((p) => p.union.name.startsWith('示例·'))).toBe(true);
  });

  it('move members into each planned union: those of its county on its platform, or in its trade', () => {
    const members = people.slice(0, 10);
    for (const plan of planUnions(members.map((applicant) => ({ applicant })))) {
      const moved = members.filter((applicant) => movedInto(plan, applicant));
      expect(moved.length).toBeGreaterThan(0);
      for (const applicant of moved) {
        expect(applicant.county).toBe(plan.union.county);
        if (plan.union.platform) expect(applicant.platforms).toContain(plan.union.platform);
        else expect(applicant.trade).toBe(plan.union.trade);
      }
    }
  });
});
