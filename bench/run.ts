/**
 * `npm run bench`: every figure of README's "Benchmarks" measured side by side against its floor in one run,
 * printed as one table and written as JSON to bench/results/bench-<date>.json (not part of npm test).
 * `npm run bench -- intake cold-start` runs only the named figures (written to bench-<date>-<figures>.json).
 * `province` (bench/province.ts, a quarter of an hour at full size) runs only when named: `npm run bench -- province`.
 * `--rounds=<n>` sets the cold start's rounds (93 by default, about 6 s each).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { benchColdStart, type ColdStartResult, DEFAULT_ROUNDS } from './cold-start';
import { benchCost, type CostResult } from './cost';
import { benchIntake, type IntakeResult } from './intake';
import { benchLocalStart, type LocalStartResult } from './local-start';
import {
  benchProvince,
  CONFLICT_TARGET,
  DRAIN_TARGET_SECONDS,
  HEADROOM_TARGET,
  ITEM_LIMIT_BYTES,
  PARTITION_LIMIT_WCU,
  type ProvinceResult,
} from './province';
import { benchReports } from './reports';
import { machineLine } from './support';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const FIGURES = ['cold-start', 'local-start', 'intake', 'reports', 'cost', 'province'] as const;
type Figure = (typeof FIGURES)[number];
/** Figures run only when named (too long for every run). */
const ON_REQUEST: readonly Figure[] = ['province'];

const readArgs = () => {
  try {
    return parseArgs({ options: { rounds: { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    console.error(`${(error as Error).message}; the only option is --rounds=<n> (the cold start's rounds)`);
    process.exit(2);
  }
};
const args = readArgs();
const coldStartRounds = args.values.rounds === undefined ? DEFAULT_ROUNDS : Number(args.values.rounds);
if (!Number.isInteger(coldStartRounds) || coldStartRounds < 5) {
  console.error(`--rounds=${args.values.rounds}: give the cold start's rounds as a whole number, at least 5`);
  process.exit(2);
}

const asked = args.positionals;
const unknown = asked.filter((name) => !FIGURES.includes(name as Figure));
if (unknown.length > 0) {
  console.error(`unknown figure(s): ${unknown.join(', ')}; choose from ${FIGURES.join(', ')}`);
  process.exit(2);
}
const selected = new Set<Figure>(
  asked.length > 0 ? (asked as Figure[]) : FIGURES.filter((f) => !ON_REQUEST.includes(f)),
);

interface Row {
  figure: string;
  ours: string;
  floor: string;
  ratio: string;
  target: string;
  met: string;
}

const times = (ratio: number) => `${ratio.toFixed(2)}×`;

/** Cost is reported against the design's minimum; no target: it is a figure to watch, not to meet. */
const costRows = (result: CostResult): Row[] => {
  const total = result.perApplication.total;
  return [
    {
      figure: 'cost per application: DynamoDB write units (code → approval)',
      ours: `${total.write} WRU`,
      floor: `${result.minimum.write} WRU (each kept item written once)`,
      ratio: times(result.ratio.write),
      target: '—',
      met: '—',
    },
    {
      figure: 'cost per application: DynamoDB read units',
      ours: `${total.read} RRU`,
      floor: '0',
      ratio: '—',
      target: '—',
      met: '—',
    },
    {
      figure: 'cost per application: SQS requests',
      ours: `${total.sqsRequests}`,
      floor: `${result.minimum.sqsRequests}`,
      ratio: times(result.ratio.sqsRequests),
      target: '—',
      met: '—',
    },
    {
      figure: 'cost per application: SMS',
      ours: `${result.perApplication.sms}`,
      floor: '1',
      ratio: times(result.perApplication.sms),
      target: '—',
      met: '—',
    },
  ];
};
const yes = (met: boolean) => (met ? 'yes' : 'no');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;

const coldStartRows = (result: ColdStartResult): Row[] => [
  ...result.functions.map((row) => ({
    figure: `cold start: ${row.function}`,
    ours: `${kb(row.bundleBytes)}, ${row.medianMs.toFixed(1)} ms (+${row.overheadMs.toFixed(1)})`,
    floor: `${row.floor.clients.length === 0 ? 'no SDK client, ' : ''}${kb(row.floor.bundleBytes)}, ${row.floor.medianMs.toFixed(1)} ms (+${row.floor.overheadMs.toFixed(1)})`,
    ratio: `${times(row.ratio)} (95% ${row.ratioInterval.low}–${row.ratioInterval.high}; overhead ${times(row.overheadRatio)})`,
    target: `≤ ${row.target}×`,
    met: yes(row.met),
  })),
  sourceMapRow(result),
];

/** What `--enable-source-maps` would add (-c sourceMaps=true): the median over the functions, on its own line. */
const sourceMapRow = (result: ColdStartResult): Row => {
  const middle = <T>(rows: T[], by: (row: T) => number) =>
    [...rows].sort((a, b) => by(a) - by(b))[Math.floor(rows.length / 2)] as T;
  const row = middle(result.functions, (r) => r.withSourceMaps.costMs);
  return {
    figure: `cold start: source maps read at start-up (median function, ${row.function}; not deployed by default)`,
    ours: `${(result.bareMedianMs + row.withSourceMaps.overheadMs).toFixed(1)} ms (+${row.withSourceMaps.overheadMs.toFixed(1)})`,
    floor: `${row.medianMs.toFixed(1)} ms (+${row.overheadMs.toFixed(1)})`,
    ratio: `${times(row.withSourceMaps.ratio)} (overhead ${times(row.withSourceMaps.overheadMs / row.overheadMs)})`,
    target: '—',
    met: '—',
  };
};

const intakeRows = (result: IntakeResult): Row[] => [
  {
    figure: `intake: ${result.n.toLocaleString('en')} applications, ${result.inFlight} in flight (applications/s)`,
    ours: `${result.ours.perSecond.toFixed(1)}/s`,
    floor: `${result.floor.perSecond.toFixed(1)}/s`,
    ratio: times(result.ratio),
    target: `≤ ${result.target}×`,
    met: yes(result.met),
  },
  ...(['submitP50Ms', 'submitP99Ms'] as const).map((key) => ({
    figure: `intake: submit latency ${key === 'submitP50Ms' ? 'p50' : 'p99'}`,
    ours: `${result.ours[key].toFixed(1)} ms`,
    floor: `${result.floor[key].toFixed(1)} ms`,
    ratio: times(result.ours[key] / result.floor[key]),
    target: '—',
    met: '—',
  })),
];

const localStartRows = (result: LocalStartResult): Row[] => [
  {
    figure: `local start: \`npm start\` healthy vs DynamoDB Local ready (median of ${result.runs})`,
    ours: `${result.oursSeconds.toFixed(2)} s`,
    floor: `${result.floorSeconds.toFixed(2)} s`,
    ratio: times(result.ratio),
    target: `≤ ${result.target}×`,
    met: yes(result.met),
  },
];

const reportRows = (result: Awaited<ReturnType<typeof benchReports>>): Row[] => [
  {
    figure: `reports: generation time, ${result.large.members.toLocaleString('en')} vs ${result.small.members.toLocaleString('en')} members (median of ${result.large.runs})`,
    ours: `${result.large.medianMs.toFixed(1)} ms`,
    floor: `${result.small.medianMs.toFixed(1)} ms`,
    ratio: times(result.timeRatio),
    target: `≤ ${result.target}×`,
    met: yes(result.timeRatio <= result.target),
  },
  {
    figure: `reports: items read, ${result.large.members.toLocaleString('en')} vs ${result.small.members.toLocaleString('en')} members`,
    ours: String(result.large.itemsRead),
    floor: String(result.small.itemsRead),
    ratio: times(result.itemsRatio),
    target: `≤ ${result.target}×`,
    met: yes(result.itemsRatio <= result.target),
  },
];

const provinceRows = (result: ProvinceResult): Row[] => {
  const { hottest, reports, intake, model } = result;
  const [paced, backToBack] = model.runs;
  const n = (value: number) => value.toLocaleString('en');
  const limit = `${n(PARTITION_LIMIT_WCU)} WCU/s (per-partition limit)`;
  const local = result.partitions.approval.find((row) => row.partition === hottest.partition);
  // The busiest partitions come from the model: on AWS each reviewer's function instance keeps its own
  // counter shard, where the bench's one process gives every reviewer the same one.
  const busiest = (run: (typeof model.runs)[number] | undefined, only?: RegExp) =>
    run?.partitions.find((p) => !only || only.test(p.partition)) ?? { partition: '—', peakWcuPerSecond: 0 };
  const partitionRow = (figure: string, row: { partition: string; peakWcuPerSecond: number }): Row => ({
    figure,
    ours: `${row.partition}: ${n(row.peakWcuPerSecond)} WCU/s`,
    floor: limit,
    ratio: times(row.peakWcuPerSecond / PARTITION_LIMIT_WCU),
    target: `≤ ${HEADROOM_TARGET.toFixed(2)}×`,
    met: yes(row.peakWcuPerSecond / PARTITION_LIMIT_WCU <= HEADROOM_TARGET),
  });
  return [
    partitionRow(
      `province: busiest partition on AWS at the sign-up peak (modelled: ${result.settings.reviewers} reviewers' bulks back to back, ${backToBack?.approvalsPerSecond ?? 0} approvals/s), busiest second`,
      busiest(backToBack),
    ),
    partitionRow(
      `province: busiest counter shard on AWS at the sign-up peak (modelled, the same run)`,
      busiest(backToBack, /^COUNTERS/),
    ),
    partitionRow(
      `province: busiest partition on AWS at the day's pace (a bulk of ${result.settings.bulk} per reviewer every ${result.settings.bulkEverySeconds} s, modelled), busiest second`,
      busiest(paced),
    ),
    {
      figure: `province: busiest partition on DynamoDB Local, busiest second (wall clock, ${n(result.approvals.approved)} approvals at ${result.approvals.perSecond}/s; one process, so every reviewer on one counter shard)`,
      ours: `${hottest.partition}: ${n(local?.peakWcuPerSecond ?? 0)} WCU/s, ${n(local?.peakWritesPerSecond ?? 0)} writes/s`,
      floor: limit,
      ratio: times((local?.peakWcuPerSecond ?? 0) / PARTITION_LIMIT_WCU),
      target: '—',
      met: '—',
    },
    {
      figure: `province: approval transaction conflicts per approval on AWS (modelled, the day's pace)`,
      ours: `${paced?.conflictsPerApproval ?? 0} (${paced?.unavailable ?? 0} × 503)`,
      floor: `0 (DynamoDB Local: ${result.approvals.localConflicts} conflicts, ${result.approvals.localRetriedApplications} retried)`,
      ratio: '—',
      target: `≤ ${CONFLICT_TARGET}`,
      met: yes((paced?.conflictsPerApproval ?? 0) <= CONFLICT_TARGET),
    },
    {
      figure: `province: approval conflicts per approval on AWS (modelled, ${result.settings.reviewers} reviewers back to back)`,
      ours: `${backToBack?.conflictsPerApproval ?? 0} (${backToBack?.unavailable ?? 0} × 503, ${backToBack?.approvalsPerSecond ?? 0} approvals/s)`,
      floor: '0',
      ratio: '—',
      target: `≤ ${CONFLICT_TARGET}`,
      met: yes((backToBack?.conflictsPerApproval ?? 0) <= CONFLICT_TARGET),
    },
    {
      figure: `province: report generation, ${reports.province.counties} vs ${reports.city.counties} counties, ${n(reports.province.members)} members (median of ${reports.province.runsMs.length})`,
      ours: `${reports.province.medianMs} ms`,
      floor: `${reports.city.medianMs} ms`,
      ratio: times(reports.timeRatio),
      target: `≤ ${reports.counterItemsRatio}× (counter items ${n(reports.province.counterItems)} vs ${n(reports.city.counterItems)}; cells ${n(reports.province.cells)} vs ${n(reports.city.cells)})`,
      met: yes(reports.timeRatio <= reports.counterItemsRatio),
    },
    {
      figure: `province: report items read, ${reports.province.counties} vs ${reports.city.counties} counties`,
      ours: n(reports.province.itemsRead),
      floor: n(reports.city.itemsRead),
      ratio: times(reports.itemsRatio),
      target: `≤ ${reports.counterItemsRatio}×`,
      met: yes(reports.itemsRatio <= reports.counterItemsRatio),
    },
    {
      figure: `province: stored report item at ${reports.province.counties} counties (gzipped) vs DynamoDB's 400 KB item limit`,
      ours: `${kb(reports.province.reportItemBytes)} (${kb(reports.province.reportJsonBytes)} as JSON)`,
      floor: '400 KB',
      ratio: times(reports.province.reportItemBytes / ITEM_LIMIT_BYTES),
      target: `≤ ${HEADROOM_TARGET.toFixed(2)}×`,
      met: yes(reports.province.reportItemBytes / ITEM_LIMIT_BYTES <= HEADROOM_TARGET),
    },
    {
      figure: `province: queue drain, ${n(intake.applications)} applications (${intake.drain === 'live' ? 'screening while they come in' : 'from a full queue'}; last queued → last pending_review)`,
      ours: `${intake.drainSeconds} s`,
      floor: `${intake.totalSeconds} s from the first submitted`,
      ratio: '—',
      target: `≤ ${DRAIN_TARGET_SECONDS} s`,
      met: yes(intake.drainSeconds <= DRAIN_TARGET_SECONDS),
    },
  ];
};

const started = new Date();
const machine = machineLine();
const loadBefore = loadavg().map((value) => Math.round(value * 100) / 100);
console.log(`npm run bench — ${started.toISOString()} — ${machine} — load average ${loadBefore.join(' ')}\n`);
if ((loadBefore[0] ?? 0) > 1)
  console.log(
    `WARNING: something else is keeping this machine busy (1-minute load ${loadBefore[0]}): expect noisy figures.\n`,
  );

const results: {
  coldStart?: ColdStartResult;
  localStart?: LocalStartResult;
  intake?: IntakeResult;
  reports?: Awaited<ReturnType<typeof benchReports>>;
  cost?: CostResult;
  province?: ProvinceResult;
} = {};
if (selected.has('cold-start')) results.coldStart = await benchColdStart(console.log, coldStartRounds);
if (selected.has('local-start')) results.localStart = await benchLocalStart();
if (selected.has('intake')) results.intake = await benchIntake();
if (selected.has('reports')) results.reports = await benchReports();
if (selected.has('cost')) results.cost = await benchCost();
if (selected.has('province')) results.province = await benchProvince();

const rows: Row[] = [
  ...(results.coldStart ? coldStartRows(results.coldStart) : []),
  ...(results.intake ? intakeRows(results.intake) : []),
  ...(results.reports ? reportRows(results.reports) : []),
  ...(results.localStart ? localStartRows(results.localStart) : []),
  ...(results.cost ? costRows(results.cost) : []),
  ...(results.province ? provinceRows(results.province) : []),
];
const columns: Array<[keyof Row, string]> = [
  ['figure', 'figure'],
  ['ours', 'ours'],
  ['floor', 'floor'],
  ['ratio', 'ratio'],
  ['target', 'target'],
  ['met', 'met?'],
];
const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
const table = [
  line(columns.map(([, title]) => title)),
  line(columns.map(() => '---')),
  ...rows.map((row) => line(columns.map(([key]) => row[key]))),
].join('\n');

const seconds = Math.round((Date.now() - started.getTime()) / 1000);
console.log(`\n${table}\n`);
if (results.coldStart) {
  console.log(
    `Cold start: ${results.coldStart.runs} rounds, each running every function's bundle next to its floor; "x ms" is the median time from a fresh \`node\`'s start until the handler is ready, and "(+y)" that minus a bare node (${results.coldStart.bareMedianMs} ms), the import overhead; floor = a bundle creating only the SDK clients the function's access uses. The ratio the target applies to is the median over rounds of ours ÷ floor timed in the same round, node's own start included, with its 95% confidence interval (order statistics) — this machine's noise in the ratio's terms; "overhead" in brackets is the import overhead alone, ours ÷ floor, for information. Every function's paired ratios are in the JSON. Measure: ${results.coldStart.measure}.`,
  );
  for (const row of results.coldStart.functions.filter((f) => !f.met)) {
    const heaviest = row.overFloor
      .slice(0, 5)
      .map((input) => `${input.name} ${(input.bytes / 1024).toFixed(1)} KB`)
      .join(', ');
    console.log(
      `  ${row.function} is over by ${((row.ratio / row.target - 1) * 100).toFixed(0)}% (+${(row.overheadMs - row.floor.overheadMs).toFixed(1)} ms over its floor); heaviest beyond the floor: ${heaviest}`,
    );
  }
}
if (results.intake) {
  const { ours, floor, runs, order, warmUp, disturbedRuns, quietLimitCores } = results.intake;
  const perApplication = (side: typeof ours) =>
    `${(((side.nodeCpuSeconds + side.javaCpuSeconds) / side.applications) * 1000).toFixed(1)} ms (Node ${((side.nodeCpuSeconds / side.applications) * 1000).toFixed(1)} + DynamoDB Local ${((side.javaCpuSeconds / side.applications) * 1000).toFixed(1)})`;
  console.log(
    `Intake: ${runs.length} timed runs in the order ${order.join(', ')} after ${warmUp} untimed applications per side; applications/s is each side's median run (${runs.map((run) => `${run.side} ${run.perSecond}`).join(', ')}). CPU per application: ours ${perApplication(ours)}, floor ${perApplication(floor)}; other processes on the machine used ${(ours.otherCpuSeconds + floor.otherCpuSeconds).toFixed(1)} CPU s meanwhile${disturbedRuns.length > 0 ? `; ${disturbedRuns.length} run(s) set aside and rerun because other processes kept more than ${quietLimitCores} of a core busy (${disturbedRuns.map((run) => `${run.side} ${run.perSecond}`).join(', ')})` : ''}.`,
  );
  const stillBusy = runs.filter((run) => run.otherCpuSeconds / run.seconds > quietLimitCores);
  if (stillBusy.length > 0)
    console.log(
      `  WARNING: ${stillBusy.length} of the kept intake runs were still disturbed by other processes: the intake figure is not trustworthy; run again on a quiet machine.`,
    );
}
if (results.province) {
  const { hottest, sharedItems, approvals } = results.province;
  const everyApproval = sharedItems
    .filter((item) => item.approvals >= approvals.approved * 0.8)
    .map((item) => `${item.item} (${item.kind})`);
  console.log(
    `Province: the hottest partition of an approval is ${hottest.partition} (${hottest.wcuPerApproval} WCU per approval, ${hottest.checksPerApproval} of them a ConditionCheck's): at most ${hottest.maxApprovalsPerSecond} approvals/s fit under the limit; its busiest item ${hottest.hottestItem} takes ${hottest.hottestItemWcuPerApproval} WCU per approval. Items every approval of the county names: ${everyApproval.join(', ') || 'none'}. Intake's hottest partition: ${hottest.intakePartition}, ${hottest.intakeWcuPerApplication} WCU per application (at most ${hottest.intakeMaxApplicationsPerSecond} applications/s).`,
  );
}
const loadAfter = loadavg().map((value) => Math.round(value * 100) / 100);
console.log(
  `${started.toISOString().slice(0, 10)} · ${machine} · ${seconds} s in all · load average ${loadBefore.join(' ')} before, ${loadAfter.join(' ')} after`,
);

const result = {
  date: started.toISOString(),
  machine,
  loadAverageBefore: loadBefore,
  loadAverageAfter: loadAfter,
  seconds,
  table: rows,
  ...results,
};
mkdirSync('bench/results', { recursive: true });
// A partial run (`npm run bench -- intake`) does not overwrite the day's full results.
const partial = asked.length > 0 ? `-${[...selected].join('-')}` : '';
const file = `bench/results/bench-${result.date.slice(0, 10)}${partial}.json`;
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(`written to ${file}`);
