/**
 * `DATA_DIR/endpoints.json`: where a running local stack's emulators and queues are, written when it
 * is ready and removed when it stops cleanly, so operator commands (`npm run redrive`) and the fault
 * suite can find them. It holds addresses only, no keys and no personal data. A stack killed with
 * SIGKILL leaves it behind: `pid` tells whether its writer is still alive.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ENDPOINTS_FILE = 'endpoints.json';

export interface LocalEndpoints {
  /** The process that runs the stack (fauxqs lives in its memory). */
  pid: number;
  url: string;
  /** The local OpenID provider's issuer (`<url>/oidc`): what tokens for this stack must carry. */
  oidcIssuer: string;
  region: string;
  dynamoEndpoint: string;
  /** fauxqs's own address (the stack's clients may reach it through LOCAL_SQS_ENDPOINT instead). */
  sqsEndpoint: string;
  tableName: string;
  reviewQueueUrl: string;
  deadLetterQueueUrl: string;
  notificationQueueUrl: string;
  notificationDeadLetterQueueUrl: string;
  /** The local SMS provider's file (docs/architecture.md §11). */
  smsOutboxFile: string;
}

const pathOf = (dataDir: string) => join(dataDir, ENDPOINTS_FILE);

export const writeLocalEndpoints = (dataDir: string, endpoints: LocalEndpoints): void => {
  const temporary = `${pathOf(dataDir)}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(endpoints, null, 2)}\n`);
  renameSync(temporary, pathOf(dataDir));
};

export const removeLocalEndpoints = (dataDir: string): void => rmSync(pathOf(dataDir), { force: true });

/** The endpoints of the stack running on `dataDir`, or undefined when there is no file. */
export const readLocalEndpoints = (dataDir: string): LocalEndpoints | undefined =>
  existsSync(pathOf(dataDir))
    ? (JSON.parse(readFileSync(pathOf(dataDir), 'utf8')) as LocalEndpoints)
    : undefined;

/** Whether the process that wrote the file is still running (a SIGKILLed stack leaves a stale file). */
export const isRunning = (endpoints: LocalEndpoints): boolean => {
  try {
    process.kill(endpoints.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};
