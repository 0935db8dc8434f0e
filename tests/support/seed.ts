/**
 * A randomised, seeded data set written through the real storage modules (the same transactions the
 * handlers use), with decision times chosen by the test, and the truth kept in memory for comparison.
 */
import { catalog } from '../../shared/catalog/index';
import { newApplicationRecord } from '../../shared/domain/application';
import type { Caller } from '../../shared/domain/caller';
import type { ApplicationStore } from '../../shared/storage/applications';
import { type PersonStore, personStore } from '../../shared/storage/people';
import type { ReviewStore } from '../../shared/storage/review';
import { type VerificationStore, verificationStore } from '../../shared/storage/verifications';

export interface SeededApplication {
  applicationId: string;
  trade: string;
  platforms: string[];
  county: string;
  submittedAt: string;
  outcome: 'pending' | 'approved' | 'rejected';
  decidedAt?: string;
}

/** mulberry32: a small deterministic generator, so a failing seed can be replayed. */
export const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;

const pool = async <T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) => {
  let index = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (index < items.length) await work(items[index++] as T);
    }),
  );
};

/** The stores seeding writes through; people and verifications default to the same table as the others. */
export interface SeedStores {
  applications: ApplicationStore;
  review: ReviewStore;
  people: PersonStore;
  verifications: VerificationStore;
}

export const seedStores = (
  db: Parameters<typeof personStore>[0],
  tableName: string,
  stores: Pick<SeedStores, 'applications' | 'review'>,
): SeedStores => ({
  ...stores,
  people: personStore(db, tableName),
  verifications: verificationStore(db, tableName),
});

export const seedApplications = async (
  stores: SeedStores,
  options: {
    count: number;
    seed: number;
    from: Date;
    to: Date;
    prefix: string;
    /** Shares of pending and approved applications (the rest are rejected). */
    shares?: { pending: number; approved: number };
    concurrency?: number;
  },
): Promise<SeededApplication[]> => {
  const next = random(options.seed);
  const admin: Caller = { sub: 'seed', name: 'seed-admin', role: 'admin', counties: '*' };
  const span = options.to.getTime() - options.from.getTime();
  const plans = Array.from({ length: options.count }, (_, i) => {
    const trade = pick(next, catalog.trades).code;
    const serving = catalog.platforms
      .filter((p) => p.trades.includes(trade) && p.code !== 'other')
      .map((p) => p.code);
    const platforms = [...new Set([pick(next, serving), ...(next() < 0.3 ? [pick(next, serving)] : [])])];
    const submitted = new Date(options.from.getTime() + next() * span * 0.9);
    const roll = next();
    const shares = options.shares ?? { pending: 0.2, approved: 0.6 };
    const outcome: SeededApplication['outcome'] =
      roll < shares.pending ? 'pending' : roll < shares.pending + shares.approved ? 'approved' : 'rejected';
    const decided = new Date(submitted.getTime() + (1 + next() * 96) * 3600_000);
    const id = `A${options.prefix}-${String(i)
      .padStart(8, '0')
      .replace(/[ILOU]/g, '0')}`;
    return {
      applicationId: id,
      trade,
      platforms,
      county: pick(next, catalog.counties).code,
      submittedAt: submitted.toISOString(),
      outcome,
      ...(outcome === 'pending' ? {} : { decidedAt: decided.toISOString() }),
    } satisfies SeededApplication;
  });

  await pool(plans, options.concurrency ?? 16, async (plan) => {
    const record = newApplicationRecord(
      {
        fullName: '测试员',
        phone: '13800000000',
        idNumber: 'unused',
        trade: plan.trade,
        platforms: plan.platforms,
        county: plan.county,
        consent: true,
        verificationId: 'unused',
        verificationCode: 'unused',
      },
      {
        applicationId: plan.applicationId,
        now: new Date(plan.submittedAt),
        consentVersion: 'seed',
        locale: 'zh-CN',
      },
      { idHash: `seed-${plan.applicationId}`, phoneHash: `seed-${plan.applicationId}`, statusTokenHash: 'x' },
      { idNumberMasked: '530602********0000', phoneMasked: '138****0000' },
    );
    // Each seeded applicant proved their phone, as intake requires: a code item the application spends.
    const proof = {
      verificationId: `V-seed-${plan.applicationId}`,
      phoneHash: record.phoneHash,
      codeHash: 'seed',
      at: new Date(plan.submittedAt),
    };
    await stores.verifications.create({
      verificationId: proof.verificationId,
      phoneHash: proof.phoneHash,
      codeHash: proof.codeHash,
      createdAt: plan.submittedAt,
      validUntil: new Date(Date.parse(plan.submittedAt) + 600_000).toISOString(),
      attempts: 0,
    });
    const person = await stores.people.get(record.idHash);
    await stores.applications.create(
      record,
      { read: person, next: { ...person, open: { [record.applicationId]: record.phoneHash } } },
      { ...proof, applicationId: record.applicationId },
    );
    await stores.applications.markPendingReview(record, [], new Date(plan.submittedAt));
    const pending = { ...record, status: 'pending_review' as const };
    const decidedAt = new Date(plan.decidedAt as string);
    if (plan.outcome === 'approved')
      await stores.review.approve(pending, await stores.people.get(record.idHash), admin, decidedAt);
    if (plan.outcome === 'rejected') {
      await stores.review.reject(pending, await stores.people.get(record.idHash), admin, 'seeded', decidedAt);
    }
  });
  return plans;
};
