/** Starts DynamoDB Local (in memory) and the fauxqs SQS emulator once for the integration tests. */
import { startFauxqs } from 'fauxqs';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sqsEndpoint: string;
  }
}

export default async function startEmulators(project: TestProject) {
  const [dynamo, fauxqs] = await Promise.all([startDynamoDbLocal(), startFauxqs({ port: 0, logger: false })]);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('sqsEndpoint', fauxqs.address);
  return async function stopEmulators() {
    await Promise.all([dynamo.stop(), fauxqs.stop()]);
  };
}
