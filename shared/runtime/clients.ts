import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A DocumentClient over the given (or a default, environment-configured) DynamoDB client. */
export const documentClient = (client: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

/**
 * An SQS client that always sends to its configured endpoint. On AWS queue URLs and the endpoint
 * agree anyway; locally the emulator's queue URLs name a host that does not resolve.
 */
export const sqsClient = (): SQSClient => new SQSClient({ useQueueUrlAsEndpoint: false });
