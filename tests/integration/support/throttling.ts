/**
 * DynamoDB clients that throttle on demand: DynamoDB Local never throttles, so this is the one fault the
 * tests inject (a middleware that throws what DynamoDB throws), on the real emulator otherwise.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { credentials, region } from './harness';

interface ThrottledCall {
  commandName: string;
  input: unknown;
}

/**
 * A client factory for `createHarness({ dynamoClient })`: each call for which `throttles` says yes fails
 * with `errorName` (the SDK retries it once, then gives up).
 */
export const throttlingClient =
  (throttles: (call: ThrottledCall) => boolean, errorName = 'ProvisionedThroughputExceededException') =>
  () => {
    const client = new DynamoDBClient({
      endpoint: inject('dynamoEndpoint'),
      region,
      credentials,
      maxAttempts: 2,
    });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (throttles({ commandName: String(context.commandName), input: args.input })) {
          const error = new Error('Throughput exceeds the current capacity of your table');
          error.name = errorName;
          Object.assign(error, { $metadata: { httpStatusCode: 400 }, $fault: 'client' });
          throw error;
        }
        return next(args);
      },
      { step: 'finalizeRequest', name: 'injectThrottling' },
    );
    return client;
  };
