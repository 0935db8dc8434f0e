/**
 * Fills the running local stack with the demo, as workers and an administrator would: applications
 * through the public API (proof of work, SMS code read from the stack's outbox), then decisions, two
 * grassroots unions with a bulk transfer from the fallback union, two members leaving, and a coverage
 * report, through the staff API.
 */
import { asAltchaChallenge } from '../../shared/domain/altcha';
import { beijingDate } from '../../shared/domain/beijing-time';
import { MAX_BULK_DECISIONS } from '../../shared/domain/decision';
import { fallbackUnionId } from '../../shared/domain/union';
import { solveAltcha } from '../../tests/support/altcha';
import { type OutboxReader, outboxReader } from '../../tests/support/sms-outbox';
import { type Api, ApiRefused, api, inParallel } from './api';
import { DEMO_NAME_PREFIX, DEMO_SOURCE, type DemoApplicant, demoApplicants, type Random } from './people';
import { movedInto, planUnions, type UnionPlan } from './unions';

export interface SeedOptions {
  origin: URL;
  /** A token of an administrator on the stack's roster. */
  adminToken: string;
  /** The stack's SMS outbox (DATA_DIR/sms-outbox.jsonl), where the codes are read. */
  smsOutboxFile: string;
  applications: number;
  /** Shares of the applications approved and rejected; the rest stay waiting for review. */
  approveShare?: number;
  rejectShare?: number;
  concurrency?: number;
  random?: Random;
  log?: (line: string) => void;
}

export interface SeedSummary {
  applications: number;
  approved: number;
  rejected: number;
  pending: number;
  unions: Array<{ unionId: string; name: string; moved: number }>;
  left: number;
  reportId: string;
  seconds: number;
}

interface Applied {
  applicant: DemoApplicant;
  applicationId: string;
  statusToken: string;
}

export interface Member {
  applicant: DemoApplicant;
  memberId: string;
}

const REJECTION_REASONS = [
  '示例数据：身份证照片不清晰，请重新提交',
  '示例数据：所填平台与工作证明不符',
  '示例数据：电话多次无法接通，请核实号码后重新申请',
];

/** Asks for a code the way the form does, reads it from the outbox, and applies with it. */
const applyAs = async (publicApi: Api, outbox: OutboxReader, applicant: DemoApplicant): Promise<Applied> => {
  const { body: challenge } = await publicApi.get<unknown>('/api/challenge');
  const solvable = asAltchaChallenge(challenge);
  if (!solvable) throw new Error(`GET /api/challenge gave no challenge: ${JSON.stringify(challenge)}`);
  const { body: asked } = await publicApi.post<{ verificationId: string }>('/api/phone-verifications', {
    phone: applicant.phone,
    altcha: solveAltcha(solvable),
  });
  const sms = await outbox.waitFor(applicant.phone, 'verification', 30_000);
  const { body: accepted } = await publicApi.post<{ applicationId: string; statusToken: string }>(
    '/api/applications',
    {
      ...applicant,
      consent: true,
      source: DEMO_SOURCE,
      verificationId: asked.verificationId,
      verificationCode: sms.params.code,
    },
    [202],
  );
  return { applicant, applicationId: accepted.applicationId, statusToken: accepted.statusToken };
};

/** Screening moves each application to pending review through the queue; only then can it be decided. */
const waitUntilScreened = async (publicApi: Api, applied: Applied, timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await publicApi.get<{ status: string }>(`/api/applications/${applied.applicationId}`, {
      'x-status-token': applied.statusToken,
    });
    if (body.status !== 'submitted') return;
    if (Date.now() > deadline) throw new Error(`${applied.applicationId} was not screened in time`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

interface BulkResult {
  applicationId: string;
  ok: boolean;
  status?: string;
  memberId?: string;
}

/** Decides in the console's bulk batches; every item must succeed. */
const decideAll = async (
  staffApi: Api,
  items: Array<{ applicationId: string; decision: 'approve' | 'reject'; reason?: string }>,
): Promise<BulkResult[]> => {
  const results: BulkResult[] = [];
  for (let at = 0; at < items.length; at += MAX_BULK_DECISIONS) {
    const batch = items.slice(at, at + MAX_BULK_DECISIONS);
    const { body } = await staffApi.post<{ results: BulkResult[] }>(
      '/api/review/decisions',
      { items: batch },
      [200],
    );
    const failed = body.results.filter((r) => !r.ok);
    if (failed.length > 0) throw new Error(`decisions refused: ${JSON.stringify(failed.slice(0, 3))}`);
    results.push(...body.results);
  }
  return results;
};

/** Sets up a union (or finds the one already in its slot, when the seed ran before) and fills it. */
const setUpAndFill = async (staffApi: Api, plan: UnionPlan, today: string) => {
  let unionId: string;
  try {
    const { body } = await staffApi.post<{ unionId: string }>(
      '/api/unions',
      { ...plan.union, setUpOn: today },
      [201],
    );
    unionId = body.unionId;
  } catch (error) {
    const taken = error instanceof ApiRefused && (error.body as { unionId?: string })?.unionId;
    if (!taken) throw error;
    unionId = taken;
  }
  let moved = 0;
  for (;;) {
    const { body } = await staffApi.post<{ moved: number; done: boolean }>(
      `/api/unions/${fallbackUnionId(plan.union.county)}/transfers`,
      { to: unionId, reason: '示例数据：建会后从兜底工会批量转入' },
      [200],
    );
    moved += body.moved;
    if (body.done) return { unionId, name: plan.union.name, moved };
  }
};

export const seedDemo = async (options: SeedOptions): Promise<SeedSummary> => {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const random = options.random ?? Math.random;
  const publicApi = api(options.origin);
  const staffApi = api(options.origin, options.adminToken);
  const outbox = outboxReader(options.smsOutboxFile);
  const now = new Date();
  const today = beijingDate(now);

  // Fails before anything is written when the token is not an administrator's on this stack.
  const { body: me } = await staffApi.get<{ staff: { role?: string } | null }>('/api/staff/me');
  if (me.staff?.role !== 'admin')
    throw new Error(`the seed's token is not an active administrator's: ${JSON.stringify(me.staff)}`);

  const applicants = demoApplicants(options.applications, random, now);
  log(`applying for ${applicants.length} demo workers (${DEMO_NAME_PREFIX}…), each with their own phone…`);
  let done = 0;
  const applied = await inParallel(applicants, options.concurrency ?? 6, async (applicant) => {
    const result = await applyAs(publicApi, outbox, applicant);
    if (++done % 50 === 0) log(`  ${done} applied`);
    return result;
  });

  const approveCount = Math.round(applied.length * (options.approveShare ?? 0.6));
  const rejectCount = Math.round(applied.length * (options.rejectShare ?? 0.12));
  const toDecide = applied.slice(0, approveCount + rejectCount);
  log(`waiting for screening, then ${approveCount} approvals and ${rejectCount} rejections…`);
  await inParallel(toDecide, options.concurrency ?? 6, (one) => waitUntilScreened(publicApi, one));
  const decided = await decideAll(
    staffApi,
    toDecide.map((one, index) =>
      index < approveCount
        ? { applicationId: one.applicationId, decision: 'approve' as const }
        : {
            applicationId: one.applicationId,
            decision: 'reject' as const,
            reason: REJECTION_REASONS[index % REJECTION_REASONS.length] as string,
          },
    ),
  );
  const members: Member[] = decided.flatMap((result, index) =>
    result.memberId ? [{ applicant: (toDecide[index] as Applied).applicant, memberId: result.memberId }] : [],
  );

  const plans = planUnions(members);
  log(`setting up ${plans.length} unions and moving their members from the fallback unions…`);
  const unions = [];
  for (const plan of plans) unions.push(await setUpAndFill(staffApi, plan, today));

  // Two members leave, so the report's "left" column and the leaving flow have something to show:
  // preferably two who stayed in their fallback union, so the demo unions keep who was moved into them.
  const isMovedIn = ({ applicant }: Member) => plans.some((plan) => movedInto(plan, applicant));
  const leaving = [...members.filter(isMovedIn), ...members.filter((m) => !isMovedIn(m))].slice(-2);
  for (const member of leaving)
    await staffApi.post(
      `/api/members/${member.memberId}/leave`,
      { reason: 'changed_work', note: '示例数据' },
      [200],
    );

  const weekAgo = beijingDate(new Date(now.getTime() - 6 * 86_400_000));
  const { body: report } = await staffApi.post<{ reportId: string }>(
    '/api/reports/coverage',
    { from: weekAgo, to: today },
    [201],
  );
  log(`coverage report ${report.reportId} generated`);

  return {
    applications: applied.length,
    approved: approveCount,
    rejected: rejectCount,
    pending: applied.length - approveCount - rejectCount,
    unions,
    left: leaving.length,
    reportId: report.reportId,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
};
