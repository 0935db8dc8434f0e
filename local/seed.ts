/**
 * `npm run seed [-- --count 300] [--url http://localhost:3000]`: fills the RUNNING local stack (npm start,
 * same DATA_DIR) with a clearly fake demo — applications, decisions, unions, a coverage report — through
 * its public and staff APIs (README, "A populated demo"). Refuses any other target.
 */
import { parseArgs } from 'node:util';

// Set before the AWS SDK is loaded (the imports below load it).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { readLocalEndpoints } = await import('./endpoints');
const { seedTarget } = await import('./seed/local-stack');
const { seedDemo } = await import('./seed/run');
const { NotTheLocalStack } = await import('./seed/target');

const usage = 'usage: npm run seed -- [--count N] [--url http://localhost:3000]';
const dataDir = process.env.DATA_DIR || '.local';

let count = 300;
let url: string;
try {
  const { values } = parseArgs({ options: { count: { type: 'string' }, url: { type: 'string' } } });
  if (values.count !== undefined) count = Number(values.count);
  url = values.url ?? readLocalEndpoints(dataDir)?.url ?? `http://localhost:${process.env.PORT || 3000}`;
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exit(2);
}
if (!Number.isInteger(count) || count < 1 || count > 2000) {
  console.error(`--count must be a whole number from 1 to 2000\n${usage}`);
  process.exit(2);
}

try {
  const target = await seedTarget(dataDir, url);
  console.log(`Seeding the local stack at ${target.origin.origin} with ${count} demo applications…`);
  const summary = await seedDemo({ ...target, applications: count, log: (line) => console.log(line) });
  console.log(
    [
      '',
      `Done in ${summary.seconds} s: ${summary.applications} applications (${summary.approved} approved, ${summary.rejected} rejected, ${summary.pending} waiting for review),`,
      `${summary.unions.map((u) => `${u.name} (${u.moved} moved in)`).join(', ')}, ${summary.left} members left,`,
      `coverage report ${summary.reportId}.`,
      `Look at ${target.origin.origin}/review, /unions and /reports (staff sign-in: any account name; or npm run staff).`,
    ].join('\n'),
  );
} catch (error) {
  if (error instanceof NotTheLocalStack) {
    console.error(`\nNot seeding: ${error.message}\n`);
    process.exit(3);
  }
  console.error('\nThe seed failed:', error);
  process.exit(1);
}
