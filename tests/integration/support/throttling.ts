/**
 * DynamoDB clients that throttle on demand, or do something else first: DynamoDB Local never throttles and
 * runs one transaction at a time, so these are the faults and interleavings the tests inject (a middleware
 * in front of each call), on the real emulator otherwise.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { credentials, region } from './harness';

export interface InterceptedCall {
  commandName: string;
  input: unknown;
}

/**
 * A client factory for `createHarness({ dynamoClient })` that awaits `before(call)` ahead of every call: it
 * may throw (the call fails with that error) or do other work first (another request, racing this one).
 */
export const interceptingClient = (before: (call: InterceptedCall) => Promise<void> | void) => () => {
  const client = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region,
    credentials,
    maxAttempts: 2,
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      await before({ commandName: String(context.commandName), input: args.input });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'interceptCalls' },
  );
  return client;
};

/** The error DynamoDB answers when it throttles (`errorName`), as the SDK sees it. */
export const throttlingError = (errorName = 'ProvisionedThroughputExceededException'): Error => {
  const error = new Error('Throughput exceeds the current capacity of your table');
  error.name = errorName;
  Object.assign(error, { $metadata: { httpStatusCode: 400 }, $fault: 'client' });
  return error;
};

/**
 * A client factory for `createHarness({ dynamoClient })`: each call for which `throttles` says yes fails
 * with `errorName` (the SDK retries it once, then gives up).
 */
export const throttlingClient = (
  throttles: (call: InterceptedCall) => boolean,
  errorName = 'ProvisionedThroughputExceededException',
) =>
  interceptingClient((call) => {
    if (throttles(call)) throw throttlingError(errorName);
  });
