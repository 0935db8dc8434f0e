/**
 * The whole backend, generated from shared/wiring.ts: every function, its access, every route,
 * queue, queue consumer and schedule comes from a declaration there, so what deploys is what the
 * local stack runs. The web pages and their headers come from shared/web/pages.ts the same way.
 * Every `auth: 'jwt'` route gets the Cognito authorizer of the reviewer sign-in; every public route the
 * check of CloudFront's secret origin header, so the public API answers only through CloudFront (and its
 * optional WAF, `-c waf=true`). Every route has its own throttle (wiring THROTTLES).
 * Coverage reports' CSVs go to a private, versioned bucket only the reports function can write to.
 */

import { CfnOutput, Duration, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { InvocationType, Trigger } from 'aws-cdk-lib/triggers';
import type { Construct } from 'constructs';
import type { PAGES } from '../shared/web/pages';
import { REVIEW_CONFIG_FILE } from '../shared/web/pages';
import {
  ENV,
  FUNCTIONS,
  type FunctionDeclaration,
  type FunctionName,
  ORIGIN_HEADER,
  QUEUE_CONSUMERS,
  QUEUES,
  type QueueName,
  ROUTES,
  routeKey,
  SCHEDULES,
  TABLE,
  THROTTLES,
} from '../shared/wiring';
import { BaseFunction } from './constructs/base-function';
import { bindAccess } from './constructs/bind';
import { DataTable } from './constructs/data-table';
import { EdgeFirewall, WAF_CONTEXT } from './constructs/edge-firewall';
import { HashKeySecret } from './constructs/hash-key-secret';
import { type ApiDomain, HttpApi } from './constructs/http-api';
import { ORIGIN_SECRET_GENERATION_CONTEXT, OriginLock } from './constructs/origin-lock';
import { ReportsBucket } from './constructs/reports-bucket';
import { ReviewerSignIn } from './constructs/reviewer-sign-in';
import { Schedules } from './constructs/schedules';
import { SMS_CONTEXT, Sms, type SmsSettings, smsSettingsFromContext } from './constructs/sms';
import { API_PATH_PATTERN, type WebDomain, WebHosting } from './constructs/web-hosting';
import { WorkQueue } from './constructs/work-queue';
import { pascalCase } from './paths';

export interface GigUnionOnboardingStackProps extends StackProps {
  /**
   * The Cognito domain prefix of the reviewers' hosted sign-in pages; unique within the region across
   * all accounts. @default `<stack name, lowercased>-<account id>`
   */
  readonly signInDomainPrefix?: string;
  /**
   * A custom domain for the web pages and API (CloudFront); without it they use the *.cloudfront.net name.
   * Requires `apiDomain`: with a custom domain the API's default execute-api endpoint is disabled.
   */
  readonly webDomain?: WebDomain;
  /**
   * The API's own custom domain (e.g. `api.join.example.org`, certificate in the stack's Region), which
   * CloudFront's /api origin then uses; the default execute-api endpoint is disabled. The deployer points
   * its DNS (CNAME) at the ApiDomainTarget output. Required with `webDomain`.
   */
  readonly apiDomain?: ApiDomain;
  /**
   * The ARN of an AWS WAF web ACL (scope CLOUDFRONT, us-east-1) for the distribution, made outside this
   * stack. Or `-c waf=true` to have the stack create one (only in us-east-1: infra/constructs/edge-firewall.ts).
   */
  readonly webAclId?: string;
  /**
   * How SMS are sent. @default from CDK context (`-c smsProvider=aws|aliyun|tencent` and its settings,
   * infra/constructs/sms.ts); without any, AWS End User Messaging SMS in the stack's Region.
   */
  readonly sms?: SmsSettings;
}

/** The reviewer console's page (DESIGN §5a): where the hosted sign-in returns with an authorization code. */
export const REVIEW_CONSOLE_PATH = '/review' satisfies keyof typeof PAGES;

/** Lambda's rule of thumb for SQS event sources (DESIGN §7). */
const VISIBILITY_TIMEOUT_FACTOR = 6;

/** `-c waf=true` (a string from the CLI, a boolean from code); off when absent. */
const wafFromContext = (value: unknown): boolean => {
  if (value === undefined || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw new Error(`-c ${WAF_CONTEXT}= takes true or false, got ${JSON.stringify(value)}`);
};

const byName = <K extends string, V, R>(record: Readonly<Record<K, V>>, make: (name: K, value: V) => R) =>
  Object.fromEntries(
    Object.entries(record).map(([name, value]) => [name, make(name as K, value as V)]),
  ) as Record<K, R>;

export class GigUnionOnboardingStack extends Stack {
  readonly functions: Readonly<Record<FunctionName, BaseFunction>>;
  readonly queues: Readonly<Record<QueueName, WorkQueue>>;
  readonly data: DataTable;
  readonly hashKey: HashKeySecret;
  readonly reviewerSignIn: ReviewerSignIn;
  readonly http: HttpApi;
  readonly schedules: Schedules;
  readonly migrations: Trigger;
  readonly web: WebHosting;
  readonly reports: ReportsBucket;
  readonly sms: Sms;
  readonly originLock: OriginLock;
  /** The WAF web ACL, with `-c waf=true`. */
  readonly edgeFirewall?: EdgeFirewall;

  constructor(scope: Construct, id: string, props: GigUnionOnboardingStackProps = {}) {
    super(scope, id, props);

    this.data = new DataTable(this, 'Data', { declaration: TABLE });
    this.hashKey = new HashKeySecret(this, 'HashKey');
    this.queues = byName(
      QUEUES,
      (name, declaration) => new WorkQueue(this, `${pascalCase(name)}Queue`, { name, declaration }),
    );

    const smsSettings =
      props.sms ??
      (this.node.tryGetContext(SMS_CONTEXT.provider)
        ? smsSettingsFromContext(this)
        : { provider: 'aws' as const });
    this.sms = new Sms(this, 'Sms', { settings: smsSettings });

    this.functions = byName(
      FUNCTIONS,
      (name, declaration: FunctionDeclaration) =>
        new BaseFunction(this, `${pascalCase(name)}Function`, {
          name,
          declaration,
          // A function that sends SMS is bundled with its provider alone (shared/sms/config.ts).
          ...(declaration.access.sms ? { bundling: { define: this.sms.bundlingDefine } } : {}),
        }),
    );
    const handlers = byName(this.functions, (_name, fn): IFunction => fn.function);

    for (const consumer of QUEUE_CONSUMERS) {
      const queue = this.queues[consumer.queue];
      const fn = this.functions[consumer.function];
      const needed = VISIBILITY_TIMEOUT_FACTOR * fn.declaration.timeoutSeconds;
      if (QUEUES[consumer.queue].visibilityTimeoutSeconds < needed) {
        throw new Error(
          `queue ${consumer.queue}: visibility timeout must be at least ${needed}s (${VISIBILITY_TIMEOUT_FACTOR}× the ${consumer.function} timeout)`,
        );
      }
      fn.function.addEventSource(
        new SqsEventSource(queue.queue, {
          batchSize: consumer.batchSize,
          maxBatchingWindow: Duration.seconds(consumer.maxBatchingWindowSeconds),
          maxConcurrency: consumer.maxConcurrency,
          reportBatchItemFailures: true,
        }),
      );
    }

    // The console client's callback URL is the site's, and the site's /api origin is this API. That is no
    // cycle in CloudFormation (routes → authorizer → client → distribution → API), only in construction
    // order here, so the URL is read when the template is written, after the site exists.
    const consoleUrl = Lazy.string({
      produce: () => {
        if (!this.web) throw new Error('the web hosting must exist before the sign-in client is rendered');
        return `${this.web.url}${REVIEW_CONSOLE_PATH}`;
      },
    });
    this.reviewerSignIn = new ReviewerSignIn(this, 'ReviewerSignIn', {
      consoleUrl,
      ...(props.signInDomainPrefix ? { domainPrefix: props.signInDomainPrefix } : {}),
    });

    const generation = this.node.tryGetContext(ORIGIN_SECRET_GENERATION_CONTEXT);
    this.originLock = new OriginLock(this, 'OriginLock', {
      checker: this.functions[ORIGIN_HEADER.function],
      ...(generation === undefined ? {} : { generation: Number(generation) }),
    });
    if (props.webDomain && !props.apiDomain) {
      throw new Error(
        "webDomain needs apiDomain: with a custom domain the API's execute-api endpoint is disabled, so CloudFront's /api origin must be the API's own custom domain (e.g. api.<webDomain>, with a certificate in the stack's Region)",
      );
    }
    const declaredRoutes = new Set<string>(ROUTES.map(routeKey));
    const strayThrottles = Object.keys(THROTTLES.routes).filter((key) => !declaredRoutes.has(key));
    if (strayThrottles.length > 0) {
      throw new Error(`THROTTLES.routes names routes wiring does not declare: ${strayThrottles.join(', ')}`);
    }
    // Staff added by subject alone belong to the deployment's own sign-in.
    this.functions.staff.function.addEnvironment(
      ENV.staffIssuer,
      this.reviewerSignIn.userPool.userPoolProviderUrl,
    );

    this.http = new HttpApi(this, 'Http', {
      routes: ROUTES,
      handlers,
      jwtAuthorizer: this.reviewerSignIn.authorizer,
      publicAuthorizer: this.originLock.authorizer,
      ...(props.apiDomain ? { domain: props.apiDomain } : {}),
    });
    this.schedules = new Schedules(this, 'Schedules', { schedules: SCHEDULES, handlers });

    // The data migrations run on every deployment, after the table exists and before the stack is done;
    // each is marked done in the table, so a deployment with nothing to migrate costs a few reads.
    this.migrations = new Trigger(this, 'RunMigrations', {
      handler: this.functions.migrate.function,
      executeAfter: [this.data],
      executeOnHandlerChange: true,
      timeout: Duration.seconds(FUNCTIONS.migrate.timeoutSeconds),
      invocationType: InvocationType.REQUEST_RESPONSE,
    });

    const apiPrefix = API_PATH_PATTERN.replace(/\*$/, '');
    const outside = ROUTES.filter((route) => !route.path.startsWith(apiPrefix));
    if (outside.length > 0) {
      throw new Error(
        `routes outside ${API_PATH_PATTERN} would not reach the API through CloudFront: ${outside.map((route) => route.path).join(', ')}`,
      );
    }
    const waf = wafFromContext(this.node.tryGetContext(WAF_CONTEXT));
    if (waf && props.webAclId) {
      throw new Error(`-c ${WAF_CONTEXT}=true creates a web ACL, and webAclId names another: choose one`);
    }
    if (waf) this.edgeFirewall = new EdgeFirewall(this, 'EdgeFirewall');
    const webAclId = this.edgeFirewall?.webAclArn ?? props.webAclId;
    this.web = new WebHosting(this, 'Web', {
      apiDomainName: this.http.domainName,
      apiOriginHeaders: this.originLock.originHeaders,
      connectSources: [this.reviewerSignIn.hostedUiUrl],
      jsonFiles: { [REVIEW_CONFIG_FILE]: { cognito: this.reviewerSignIn.consoleOAuth } },
      ...(props.webDomain ? { domain: props.webDomain } : {}),
      ...(webAclId ? { webAclId } : {}),
    });

    // The reports bucket logs to the web hosting's log bucket, so it (and with it every function's access)
    // comes after the site; construction order only, nothing here depends on it at deploy time.
    this.reports = new ReportsBucket(this, 'Reports', { accessLogsBucket: this.web.logBucket });
    for (const fn of Object.values<BaseFunction>(this.functions)) {
      bindAccess(fn, fn.declaration.access, {
        table: this.data,
        reviewQueue: this.queues.review.queue,
        notificationQueue: this.queues.notifications.queue,
        hashKey: this.hashKey.secret,
        reportsBucket: this.reports.bucket,
        sms: this.sms,
      });
    }

    new CfnOutput(this, 'ApiUrl', {
      value: this.http.url,
      description:
        "Base URL of the HTTP API; its public routes answer only through WebUrl's /api (CloudFront adds the origin header)",
    });
    if (this.http.customDomain) {
      new CfnOutput(this, 'ApiDomainTarget', {
        value: this.http.customDomain.regionalDomainName,
        description:
          "Point the API's custom domain here (DNS CNAME); CloudFront's /api origin uses that name",
      });
    }
    new CfnOutput(this, 'WebUrl', {
      value: this.web.url,
      description: 'The web pages, with the API under /api on the same origin',
    });
    new CfnOutput(this, 'UserPoolId', {
      value: this.reviewerSignIn.userPool.userPoolId,
      description: "The reviewers' Cognito user pool (administrators create users and set custom:counties)",
    });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.reviewerSignIn.consoleClient.userPoolClientId,
      description: 'The reviewer console app client (public, authorization code with PKCE)',
    });
    new CfnOutput(this, 'SignInUrl', {
      value: this.reviewerSignIn.signInUrl,
      description: 'The hosted sign-in page for the reviewer console',
    });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'ReviewQueueUrl', { value: this.queues.review.queue.queueUrl });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.queues.review.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'NotificationQueueUrl', { value: this.queues.notifications.queue.queueUrl });
    new CfnOutput(this, 'NotificationDeadLetterQueueUrl', {
      value: this.queues.notifications.deadLetterQueue.queueUrl,
      description:
        'SMS that failed 5 times (provider down); redrive with npm run redrive -- --source … --target …',
    });
    new CfnOutput(this, 'ReportsBucketName', {
      value: this.reports.bucket.bucketName,
      description: "The coverage reports' CSVs (coverage/<reportId>.csv)",
    });
  }
}
