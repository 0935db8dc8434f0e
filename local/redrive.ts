/**
 * `npm run redrive`: moves the messages of the review queue's dead-letter queue back to the review
 * queue, by receive (batches of 10) + SendMessageBatch + DeleteMessageBatch — the emulator has no
 * StartMessageMoveTask, and this works the same on AWS. A message is deleted from the dead-letter
 * queue only after the review queue accepted it, so a failure half-way can at worst send a message
 * twice, which the screening consumer tolerates (it is idempotent); it never loses one.
 *
 * Lives in local/ beside `npm run token` because its default is the local stack (found through
 * DATA_DIR/endpoints.json); on AWS it takes the two queue URLs and the default credential chain.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} = await import('@aws-sdk/client-sqs');
const { isRunning, readLocalEndpoints, ENDPOINTS_FILE } = await import('./endpoints');

const HELP = `Moves the review queue's dead letters back to the review queue.

usage: npm run redrive [-- --source <dead-letter queue URL> --target <queue URL>]

Local stack (no arguments): finds the stack started by \`npm start\` on the same DATA_DIR
(default .local) through DATA_DIR/${ENDPOINTS_FILE}, and moves review-dlq → review on its SQS
emulator. The stack must be running: the emulator keeps its queues in memory.

    npm run redrive
    DATA_DIR=/tmp/other npm run redrive

AWS: name both queues (the stack's outputs DeadLetterQueueUrl and ReviewQueueUrl); credentials
come from the default chain (AWS_PROFILE, environment, SSO, instance or task role) and the region
from AWS_REGION, or else from the queue URL.

    out() { aws cloudformation describe-stacks --stack-name GigUnionOnboarding \\
      --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text; }
    npm run redrive -- --source "$(out DeadLetterQueueUrl)" --target "$(out ReviewQueueUrl)"

It moves the messages that are visible in the source when it starts (messages that fail again
while it runs are left for the next run), prints \`redriven N/TOTAL\` as it goes (in place on a
terminal) and one summary line, and exits 0 when every message was moved, 1 otherwise.
Fix the cause first: a message that still fails comes back to the dead-letter queue after
maxReceiveCount receives.`;

const fail = (message: string, code = 1): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

const parseArgs = (args: string[]): { source?: string; target?: string } => {
  const values: { source?: string; target?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${HELP}\n`);
      process.exit(0);
    }
    const match = /^--(source|target)(?:=(.*))?$/.exec(arg);
    if (!match) fail(`unknown argument: ${arg}\nRun npm run redrive -- --help for usage.`, 2);
    const value = match?.[2] ?? args[++i];
    if (!value) fail(`--${match?.[1]} needs a queue URL`, 2);
    values[match?.[1] as 'source' | 'target'] = value;
  }
  if (Boolean(values.source) !== Boolean(values.target))
    fail('give both --source and --target, or neither', 2);
  return values;
};

const regionOf = (queueUrl: string): string | undefined =>
  /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\//.exec(queueUrl)?.[1];

const nameOf = (queueUrl: string): string => queueUrl.split('/').pop() || queueUrl;

const options = parseArgs(process.argv.slice(2));
let sqs: InstanceType<typeof SQSClient>;
let source: string;
let target: string;
if (options.source && options.target) {
  source = options.source;
  target = options.target;
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? regionOf(source);
  sqs = new SQSClient(region ? { region } : {});
} else {
  const dataDir = process.env.DATA_DIR || '.local';
  const endpoints = readLocalEndpoints(dataDir);
  if (!endpoints) {
    fail(
      `No local stack found: ${dataDir}/${ENDPOINTS_FILE} does not exist. Start it with npm start (same DATA_DIR), or name the queues with --source and --target.`,
    );
  } else if (!isRunning(endpoints)) {
    fail(
      `The local stack that wrote ${dataDir}/${ENDPOINTS_FILE} (pid ${endpoints.pid}) is not running; its in-memory queues went with it. Start it again with npm start: applications left submitted are re-enqueued at start-up.`,
    );
  }
  const local = endpoints as NonNullable<typeof endpoints>;
  source = local.deadLetterQueueUrl;
  target = local.reviewQueueUrl;
  sqs = new SQSClient({
    endpoint: local.sqsEndpoint,
    region: local.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    useQueueUrlAsEndpoint: false,
  });
}

const onTerminal = Boolean(process.stdout.isTTY);
const started = performance.now();
let lastPrinted = started;
const progress = (moved: number, total: number, final = false) => {
  const line = `redriven ${moved}/${total}`;
  if (final) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `${onTerminal ? '\r\x1b[K' : ''}${line} from ${nameOf(source)} to ${nameOf(target)} in ${seconds} s\n`,
    );
  } else if (onTerminal) {
    process.stdout.write(`\r\x1b[K${line}`);
  } else if (performance.now() - lastPrinted > 5000) {
    lastPrinted = performance.now();
    process.stdout.write(`${line}\n`);
  }
};

const visibleIn = async (queueUrl: string): Promise<number> => {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
};

const redrive = async (): Promise<number> => {
  const total = await visibleIn(source);
  let moved = 0;
  let notSent = 0;
  let notDeleted = 0;
  let emptyReceives = 0;
  progress(0, total);
  while (moved + notSent < total && emptyReceives < 3) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: source,
        MaxNumberOfMessages: Math.min(10, total - moved - notSent),
        WaitTimeSeconds: 1,
        VisibilityTimeout: 60,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) {
      emptyReceives++;
      continue;
    }
    emptyReceives = 0;
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: target,
        Entries: Messages.map((message, index) => ({
          Id: String(index),
          MessageBody: message.Body ?? '',
          ...(message.MessageAttributes && Object.keys(message.MessageAttributes).length > 0
            ? { MessageAttributes: message.MessageAttributes }
            : {}),
        })),
      }),
    );
    const delivered = (sent.Successful ?? []).map((entry) => Messages[Number(entry.Id)]);
    notSent += Messages.length - delivered.length;
    if (delivered.length > 0) {
      const deleted = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: source,
          Entries: delivered.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message?.ReceiptHandle ?? '',
          })),
        }),
      );
      notDeleted += deleted.Failed?.length ?? 0;
    }
    moved += delivered.length;
    progress(moved, total);
  }
  progress(moved, total, true);
  if (notSent > 0)
    process.stderr.write(
      `${notSent} message(s) could not be sent to ${nameOf(target)}; they stay in ${nameOf(source)} and reappear after 60 s. Run the command again.\n`,
    );
  if (notDeleted > 0)
    process.stderr.write(
      `${notDeleted} message(s) reached ${nameOf(target)} but could not be deleted from ${nameOf(source)}; a later redrive sends them again, which the idempotent consumer tolerates.\n`,
    );
  if (moved < total && notSent === 0)
    process.stderr.write(
      `${total - moved} message(s) counted at the start were not received (in flight or expired).\n`,
    );
  return moved === total && notSent === 0 && notDeleted === 0 ? 0 : 1;
};

try {
  process.exitCode = await redrive();
} catch (error) {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  fail(`redrive failed: ${name}: ${message}`);
} finally {
  sqs.destroy();
}

export {};
