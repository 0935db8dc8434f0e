/** `npm run bench`: prints the figures and writes them as JSON under bench/results/ (not part of npm test). */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchReports } from './reports';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const reports = await benchReports();
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const result = { date: new Date().toISOString(), machine, reports };

console.log('');
console.log('| figure | small | large | ratio | target |');
console.log('|---|---|---|---|---|');
console.log(
  `| report generation (1,000 vs 20,000 members) | ${reports.small.medianMs} ms | ${reports.large.medianMs} ms | ${reports.timeRatio}× | ≤ ${reports.target}× |`,
);
console.log(
  `| items read (1,000 vs 20,000 members) | ${reports.small.itemsRead} | ${reports.large.itemsRead} | ${reports.itemsRatio}× | ≤ ${reports.target}× |`,
);
console.log(`\n${machine}`);
const file = `bench/results/bench-${result.date.slice(0, 10)}.json`;
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(`written to ${file}`);
