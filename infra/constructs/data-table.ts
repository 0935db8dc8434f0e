/**
 * The single DynamoDB table, keys and indexes straight from wiring's TABLE. On demand, point-in-time
 * recovery, TTL, retained on stack deletion, and encrypted with the AWS managed key (aws/dynamodb):
 * key use shows in CloudTrail, with no key policy or rotation for us to run. A customer managed key
 * would only add value with cross-account access or key-level revocation, which nothing here needs.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { IndexDeclaration } from '../../shared/wiring';

export interface TableDeclaration {
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly ttlAttribute: string;
  readonly indexes: readonly IndexDeclaration[];
}

const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

export class DataTable extends Construct {
  readonly table: dynamodb.Table;
  readonly indexNames: readonly string[];

  constructor(scope: Construct, id: string, props: { declaration: TableDeclaration }) {
    super(scope, id);
    const { declaration } = props;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: stringKey(declaration.partitionKey),
      sortKey: stringKey(declaration.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: declaration.ttlAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of declaration.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        ...(index.include === 'ALL'
          ? { projectionType: dynamodb.ProjectionType.ALL }
          : { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...index.include] }),
      });
    }
    this.indexNames = declaration.indexes.map((index) => index.name);
  }
}
