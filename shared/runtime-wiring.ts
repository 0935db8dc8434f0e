/**
 * The part of the wiring (shared/wiring.ts, which re-exports all of it) that the functions read at run
 * time. A module of its own so that a function's bundle carries these few names, not the declarations of
 * every function, route and schedule, which only the stacks read.
 */

/** Environment variable names, shared by the stack that sets them and the functions that read them. */
export const ENV = {
  tableName: 'TABLE_NAME',
  reviewQueueUrl: 'REVIEW_QUEUE_URL',
  notificationQueueUrl: 'NOTIFICATION_QUEUE_URL',
  hashKeySecretArn: 'HASH_KEY_SECRET_ARN',
  hashKeyFile: 'HASH_KEY_FILE',
  sweepAfterSeconds: 'SWEEP_AFTER_SECONDS',
  reportsBucket: 'REPORTS_BUCKET',
  /** How long a container trusts a roster entry (shared/http/auth.ts); tests shorten it. */
  rosterCacheSeconds: 'ROSTER_CACHE_SECONDS',
  /** The deployment's own staff sign-in issuer (Cognito's, the union's OIDC provider, or the local one). */
  staffIssuer: 'STAFF_ISSUER',
  smsProvider: 'SMS_PROVIDER',
  smsOutboxFile: 'SMS_OUTBOX_FILE',
  smsSignName: 'SMS_SIGN_NAME',
  smsTemplateIds: 'SMS_TEMPLATE_IDS',
  smsCredentialsSecretArn: 'SMS_CREDENTIALS_SECRET_ARN',
  smsAppId: 'SMS_APP_ID',
  smsRegion: 'SMS_REGION',
  smsEndpoint: 'SMS_ENDPOINT',
  smsOriginationIdentity: 'SMS_ORIGINATION_IDENTITY',
  /**
   * Working days a county has to decide an application (shared/domain/deadline.ts); unset: 15
   * (DEFAULT_DECISION_WORKING_DAYS). Read once at cold start (shared/runtime/env.ts decisionWorkingDaysFromEnv).
   */
  decisionWorkingDays: 'DECISION_WORKING_DAYS',
  /** Set by the local stack only (LOCAL_ALTCHA_MAX_NUMBER): a lower proof-of-work difficulty for load tests. */
  altchaMaxNumber: 'ALTCHA_MAX_NUMBER',
} as const;

/** Where each report's CSV goes in the reports bucket (the function writes there; IAM allows only there). */
export const REPORTS_CSV_PREFIX = 'coverage/';

/**
 * How many times SQS delivers a message of each queue before moving it to its dead-letter queue
 * (`QUEUES` in shared/wiring.ts); notify reads its own to tell a message's last attempt.
 */
export const MAX_RECEIVE_COUNT = { review: 5, notifications: 5 } as const;

/** An application still `submitted` this long after it was accepted is re-enqueued by the sweeper. */
export const DEFAULT_SWEEP_AFTER_SECONDS = 120;

export interface IndexDeclaration {
  name: string;
  partitionKey: string;
  sortKey: string;
  /** Attributes projected besides the keys, or every attribute. */
  include: readonly string[] | 'ALL';
}

export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: [
    { name: 'byStatus', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', include: 'ALL' },
    { name: 'byCounty', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', include: 'ALL' },
    { name: 'byPhone', partitionKey: 'phoneHash', sortKey: 'pk', include: ['idHash', 'status'] },
  ],
} as const satisfies {
  partitionKey: string;
  sortKey: string;
  ttlAttribute: string;
  indexes: readonly IndexDeclaration[];
};
