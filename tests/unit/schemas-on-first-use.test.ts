/**
 * The form's schemas are built by the first request that validates, not at import: intake and verification
 * import these modules at every cold start (README, "Cold start by function").
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const built = vi.hoisted(() => ({ count: 0 }));

vi.mock('zod/mini', async (importOriginal) => {
  const z = await importOriginal<typeof import('zod/mini')>();
  const counted =
    <A extends unknown[], R>(build: (...args: A) => R) =>
    (...args: A): R => {
      built.count++;
      return build(...args);
    };
  return {
    ...z,
    string: counted(z.string),
    pipe: counted(z.pipe),
    array: counted(z.array),
    enum: counted(z.enum),
  };
});

const validApplication = {
  fullName: '张伟',
  phone: '13800138000',
  idNumber: '11010519491231002X',
  trade: 'courier',
  platforms: ['sf-express'],
  county: '110105',
  consent: true,
  verificationId: 'v'.repeat(26),
  verificationCode: '123456',
};

describe('schemas built on first use', () => {
  beforeEach(() => {
    vi.resetModules();
    built.count = 0;
  });

  it('importing the application rules builds no schema; the first validation builds them, later ones reuse them', async () => {
    const rules = await import('../../shared/domain/application-rules');
    expect(built.count).toBe(0);

    rules.validateApplication(validApplication);
    const first = built.count;
    expect(first).toBeGreaterThan(10);

    rules.validateApplication(validApplication);
    // Only the ID number's schema is made per request: the applicant's age depends on the clock.
    expect(built.count - first).toBeLessThanOrEqual(2);
  });

  it('importing the verification request rules builds no schema until a request is checked', async () => {
    const rules = await import('../../shared/domain/verification-rules');
    expect(built.count).toBe(0);

    const checked = rules.validateVerificationRequest({ phone: '13800138000', altcha: 'x' });
    expect(checked.ok).toBe(true);
    const first = built.count;
    expect(first).toBeGreaterThan(0);

    rules.validateVerificationRequest({ phone: '13800138000', altcha: 'x' });
    expect(built.count).toBe(first);
  });
});
