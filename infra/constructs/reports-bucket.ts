/**
 * The bucket that keeps each coverage report's CSV (docs/architecture.md §1: the administrators' record of the
 * drive). Private and TLS-only (1.2 at least), ACLs disabled, versioned, its access logged to the web
 * hosting's log bucket, retained when the stack is deleted.
 *
 * Encryption: SSE-KMS with the AWS managed key (aws/s3), the same choice as the table's. Key use shows in
 * CloudTrail per object (no bucket key: a few reports a week cost nothing in KMS requests), and that
 * key's policy only lets principals of this account use it through S3, so even a mistaken bucket policy
 * could not hand the contents to another account. There is no key policy or rotation for us to run, and
 * the function needs no KMS permission (the managed key's policy allows it through S3); the handler's
 * PutObject relies on this default encryption. A customer managed key would only pay off with
 * cross-account sharing or key-level revocation, which nothing here needs.
 *
 * Lifecycle: a report is an aggregate (counts per trade, platform and county, no personal data) and its
 * table item stays the source of truth, so the CSV is an archive copy. Current versions move to
 * Standard-IA after 90 days (objects under 128 KB stay in Standard: IA bills 128 KB at least) and
 * expire after three years, enough for year-on-year comparisons of a drive; overwritten or deleted
 * versions go after 30 days, the delete markers they leave behind go too, and uploads left incomplete
 * are aborted after 7 days.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * The key prefix of the reports' CSVs; functions/reports/handler.ts writes `coverage/<reportId>.csv`
 * and the function may write nowhere else.
 */
export { REPORTS_CSV_PREFIX as REPORTS_KEY_PREFIX } from '../../shared/wiring';

export interface ReportsBucketProps {
  /** Where S3 server access logs go (the web hosting's log bucket). */
  readonly accessLogsBucket: s3.IBucket;
  /** @default 's3/reports/' */
  readonly accessLogsPrefix?: string;
  /** When a current CSV moves to Standard-IA. @default 90 days */
  readonly infrequentAccessAfter?: Duration;
  /** When a current CSV expires. @default three years (1095 days) */
  readonly expireAfter?: Duration;
  /** When an overwritten or deleted version is removed for good. @default 30 days */
  readonly noncurrentVersionsExpireAfter?: Duration;
}

export class ReportsBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ReportsBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: s3.BucketEncryption.KMS_MANAGED,
      bucketKeyEnabled: false,
      versioned: true,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: props.accessLogsPrefix ?? 's3/reports/',
      transitionDefaultMinimumObjectSize: s3.TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128_K,
      lifecycleRules: [
        {
          id: 'ArchiveThenExpireReports',
          transitions: [
            {
              storageClass: s3.StorageClass.INFREQUENT_ACCESS,
              transitionAfter: props.infrequentAccessAfter ?? Duration.days(90),
            },
          ],
          expiration: props.expireAfter ?? Duration.days(3 * 365),
          noncurrentVersionExpiration: props.noncurrentVersionsExpireAfter ?? Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
        // S3 refuses expiredObjectDeleteMarker together with an expiration in one rule.
        { id: 'RemoveExpiredDeleteMarkers', expiredObjectDeleteMarker: true },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
