/**
 * Report generation cost at small and large member counts (README, "Benchmarks"): the same period, the same
 * decisions in it, 1,000 vs 20,000 members. Real DynamoDB Local, real approval transactions.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { generateReport } from '../functions/reports/generate';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { ensureTable } from '../local/resources';
import { customPeriod } from '../shared/domain/report-period';
import { documentClient } from '../shared/runtime/clients';
import { applicationStore } from '../shared/storage/applications';
import { reportStore } from '../shared/storage/reports';
import { reviewStore } from '../shared/storage/review';
import { unionStore } from '../shared/storage/unions';
import { seedApplications, seedStores } from '../tests/support/seed';

export interface ReportBenchRow {
  members: number;
  decisionsInPeriod: number;
  itemsRead: number;
  medianMs: number;
  runs: number;
  seedSeconds: number;
  /** Unions in the report (the same at both sizes), and members the report counts in fallback unions. */
  unions: number;
  inFallback: number;
}

const RUNS = 9;
const BENCH_UNIONS: Array<[string, string]> = [
  ['zhaoyang', 'meituan'],
  ['zhaoyang', 'didi'],
  ['zhaoyang', 'sf_express'],
  ['ludian', 'meituan'],
  ['ludian', 'eleme'],
  ['yanjin', 'didi'],
  ['daguan', 'meituan'],
  ['yongshan', 'zto'],
  ['weixin', 'eleme'],
  ['yiliang', 'didi'],
  ['qiaojia', 'meituan'],
  ['shuifu', 'sf_express'],
];
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const measure = async (members: number, log: (line: string) => void): Promise<ReportBenchRow> => {
  const dynamo = await startDynamoDbLocal();
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  try {
    await ensureTable(client, 'bench');
    const db = documentClient(client);
    const stores = seedStores(db, 'bench', {
      applications: applicationStore(db, 'bench'),
      review: reviewStore(db, 'bench'),
    });
    const seedStart = performance.now();
    // The same unions at both sizes (each county's fallback and a dozen platform unions), set up first so
    // the members are placed across them: the report reads the unions and their counters too.
    const unions = unionStore(db, 'bench');
    const admin = { sub: 'bench', name: 'bench', role: 'admin' as const, counties: '*' as const };
    for (const [n, [county, platform]] of BENCH_UNIONS.entries()) {
      await unions.createUnion(
        { name: `工会${n}`, kind: 'platform', county, platform, setUpOn: '2026-01-01' },
        `U-${county}-bench${n}`,
        admin,
        new Date('2026-01-01T00:00:00Z'),
      );
    }
    // Members who joined long before the period: they must not cost anything to report on.
    await seedApplications(stores, {
      count: members,
      seed: 1,
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-08-01T00:00:00Z'),
      prefix: '260101',
      shares: { pending: 0, approved: 1 },
      concurrency: 24,
    });
    // The same 300 applications and decisions around the period at both sizes.
    const around = await seedApplications(stores, {
      count: 300,
      seed: 2,
      from: new Date('2026-10-01T00:00:00Z'),
      to: new Date('2026-10-20T00:00:00Z'),
      prefix: '261001',
    });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const period = customPeriod('2026-10-05', '2026-10-18');
    const reports = reportStore(db, 'bench');
    const times: number[] = [];
    let itemsRead = 0;
    let unionsReported = 0;
    let inFallback = 0;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const result = await generateReport({ reports, now: () => new Date() }, period);
      times.push(performance.now() - started);
      itemsRead = result.itemsRead;
      unionsReported = result.report.unions?.perUnion.length ?? 0;
      inFallback = result.report.unions?.inFallback ?? 0;
    }
    const row = {
      members,
      decisionsInPeriod: around.filter(
        (a) => a.decidedAt && a.decidedAt >= period.start && a.decidedAt < period.end,
      ).length,
      itemsRead,
      medianMs: Math.round(median(times) * 10) / 10,
      runs: RUNS,
      seedSeconds: Math.round(seedSeconds),
      unions: unionsReported,
      inFallback,
    };
    log(
      `  ${members} members: ${row.medianMs} ms (median of ${RUNS}), ${itemsRead} items read, ${row.unions} unions (${row.inFallback} members in fallback unions), seeded in ${row.seedSeconds} s`,
    );
    return row;
  } finally {
    client.destroy();
    await dynamo.stop();
  }
};

export const benchReports = async (log: (line: string) => void = console.log) => {
  log('Reports: generation cost at 1,000 and 20,000 members');
  const small = await measure(1_000, log);
  const large = await measure(20_000, log);
  return {
    small,
    large,
    timeRatio: Math.round((large.medianMs / small.medianMs) * 100) / 100,
    itemsRatio: Math.round((large.itemsRead / small.itemsRead) * 100) / 100,
    target: 1.1,
  };
};
