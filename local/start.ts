/** `npm start`: the whole workflow on this machine. Ctrl-C (or SIGTERM) stops everything it started. */
// Set before the AWS SDK is loaded: the SDK's Node 20 notice is noise for a local run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import type { LocalStackOptions } from './stack';

const { JavaMissing } = await import('./dynamodb-local');
const { startLocalStack } = await import('./stack');
const { buildWeb } = await import('../web/build');
const { SCHEDULES } = await import('../shared/wiring');

const dataDir = process.env.DATA_DIR || '.local';
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '127.0.0.1';
const started = performance.now();

const log = (message: string, details?: Record<string, unknown>) =>
  console.log(
    JSON.stringify({
      level: 'INFO',
      source: 'local-stack',
      message,
      ...details,
      timestamp: new Date().toISOString(),
    }),
  );

// Where the pages are built to and served from (tests build their own copy elsewhere).
const webRoot = process.env.WEB_DIST || 'web/dist';

const numberFrom = (name: string): number | undefined => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`\n${name} must be a whole number, got "${raw}"\n`);
    process.exit(1);
  }
  return value;
};

/**
 * Local-only knobs, for the fault suite (tests/faults) and for trying failure modes by hand; none of
 * them exists in the AWS deployment. See README, "Fault suite".
 */
const visibilityTimeoutSeconds = numberFrom('LOCAL_VISIBILITY_TIMEOUT_SECONDS');
const altchaMaxNumber = numberFrom('LOCAL_ALTCHA_MAX_NUMBER');
if (altchaMaxNumber === 0) {
  console.error('\nLOCAL_ALTCHA_MAX_NUMBER must be at least 1\n');
  process.exit(1);
}
const overrides: Partial<LocalStackOptions> = {
  sweepAfterSeconds: numberFrom('SWEEP_AFTER_SECONDS'),
  sweepCron: process.env.LOCAL_SWEEP_CRON || undefined,
  sqsPort: numberFrom('LOCAL_SQS_PORT'),
  sqsClientEndpoint: process.env.LOCAL_SQS_ENDPOINT || undefined,
  queueOverrides: visibilityTimeoutSeconds === undefined ? undefined : { visibilityTimeoutSeconds },
  altchaMaxNumber,
  rosterCacheSeconds: numberFrom('ROSTER_CACHE_SECONDS'),
};
const overridden = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));

try {
  buildWeb(webRoot);
  const stack = await startLocalStack({ dataDir, port, host, log, webRoot, ...overrides });
  if (Object.keys(overridden).length > 0) log('local overrides in effect', overridden);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    [
      '',
      `Local stack ready in ${seconds} s`,
      `  Application form ${stack.url}/   (status page: ${stack.url}/status)`,
      `  Staff            ${stack.url}/review, ${stack.url}/reports and ${stack.url}/staff`,
      `  Staff sign-in    ${stack.oidcIssuer}   (OpenID provider: sign in with any account name;`,
      '                   the first administrator: npm run staff -- add --subject NAME --role admin)',
      `  API              ${stack.url}/api   (health: ${stack.url}/api/health)`,
      `  DynamoDB Local   ${stack.dynamoEndpoint}   data in ${dataDir}/`,
      `  SQS (fauxqs)     ${stack.sqsEndpoint}   review and notifications queues + dead-letter queues`,
      `  SMS outbox       ${stack.smsOutboxFile}   (codes are also printed here, phone masked)`,
      ...SCHEDULES.map(
        (schedule, i) =>
          `  ${i === 0 ? 'Schedules       ' : '                '} ${schedule.name} (${schedule.cron}, ${schedule.timeZone})`,
      ),
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received: stopping the local stack…`);
    await stack.stop();
    console.log('Stopped. Your data is kept in', `${dataDir}/`);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof JavaMissing) {
    console.error(`\nCannot start the local stack: ${error.message}\n`);
  } else if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
    console.error(
      `\nPort ${port} is already in use. Stop whatever uses it, or run with PORT=3001 npm start.\n`,
    );
  } else {
    console.error('\nCannot start the local stack:', error);
  }
  process.exit(1);
}
