import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type DynamoClientHook = (client: DynamoDBClient) => void;
const dynamoClientHooks: DynamoClientHook[] = [];

/**
 * Local stack only (local/stack.ts): `hook` sees every DynamoDB client the functions make from now on,
 * to check its calls against the function's IAM grants (local/table-access.ts). Nothing registers one
 * in a Lambda function. Returns a function that removes the hook.
 */
export const onDynamoClient = (hook: DynamoClientHook): (() => void) => {
  dynamoClientHooks.push(hook);
  return () => {
    const at = dynamoClientHooks.indexOf(hook);
    if (at >= 0) dynamoClientHooks.splice(at, 1);
  };
};

/** A DynamoDB client configured from the environment. */
export const dynamoClient = (): DynamoDBClient => {
  const client = new DynamoDBClient({});
  for (const hook of dynamoClientHooks) hook(client);
  return client;
};

/** A DocumentClient over the given (or a default, environment-configured) DynamoDB client. */
export const documentClient = (client: DynamoDBClient = dynamoClient()): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

/**
 * An SQS client that always sends to its configured endpoint. On AWS queue URLs and the endpoint
 * agree anyway; locally the emulator's queue URLs name a host that does not resolve.
 */
export const sqsClient = (): SQSClient => new SQSClient({ useQueueUrlAsEndpoint: false });

/** An S3 client configured from the environment (the reports function's CSV copies). */
export const s3Client = (): S3Client => new S3Client({});
