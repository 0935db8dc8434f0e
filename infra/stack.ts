/**
 * The whole backend, generated from shared/wiring.ts: every function, its access, every route,
 * queue, queue consumer and schedule comes from a declaration there, so what deploys is what the
 * local stack runs. The web pages and their headers come from shared/web/pages.ts the same way.
 * Every `auth: 'jwt'` route gets the JWT authorizer of staff sign-in (Cognito, or the union's own
 * OpenID Connect provider: constructs/staff-sign-in.ts); every public route the check of CloudFront's
 * secret origin header, so the public API answers only through CloudFront (and its optional WAF,
 * `-c waf=true`). Every route has its own throttle (wiring THROTTLES).
 * Coverage reports' CSVs go to a private, versioned bucket only the reports function can write to.
 *
 * Two targets (infra/target.ts): global AWS (the default) and `-c target=china`, which uses only what
 * the China Regions offer (infra/china/availability.ts) and stops synth naming every setting it lacks.
 */

import { CfnOutput, Duration, Lazy, Stack, type StackProps, Token } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { InvocationType, Trigger } from 'aws-cdk-lib/triggers';
import type { Construct } from 'constructs';
import type { PAGES } from '../shared/web/pages';
import { REVIEW_CONFIG_FILE } from '../shared/web/pages';
import { DEFAULT_OIDC_SCOPES } from '../shared/web/sign-in-config';
import { API_DOCUMENTS } from '../shared/web/static-documents';
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
import { Schedules } from './constructs/schedules';
import { SMS_CONTEXT, Sms, type SmsSettings, smsSettingsFromContext } from './constructs/sms';
import {
  OIDC_CONTEXT,
  oidcSettingsFromContext,
  type SignInSettings,
  type StaffSignIn,
  staffSignIn,
} from './constructs/staff-sign-in';
import { API_PATH_PATTERN, type WebDomain, WebHosting } from './constructs/web-hosting';
import { WorkQueue } from './constructs/work-queue';
import { DOMAIN_REQUIREMENTS, domainsFromContext } from './domains';
import { pascalCase } from './paths';
import {
  assertRequirements,
  assertTargetRegion,
  type DeploymentTarget,
  type Requirement,
  type TargetProfile,
  targetFromContext,
  targetProfile,
} from './target';

/**
 * `-c sourceMaps=true`: every function reads its source map at start-up (readable stacks in the logs, a
 * slower cold start). Off by default; `npm run stacktrace` reads the same maps after the fact.
 */
export const SOURCE_MAPS_CONTEXT = 'sourceMaps';
const sourceMapsFromContext = (value: unknown): boolean => {
  if (value === undefined || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw new Error(`-c ${SOURCE_MAPS_CONTEXT} must be true or false, not ${JSON.stringify(value)}`);
};

export interface GigUnionOnboardingStackProps extends StackProps {
  /** Global AWS or the China Regions. @default `-c target`, else 'global' */
  readonly target?: DeploymentTarget;
  /**
   * How staff sign in. @default the OpenID Connect provider of `-c oidcIssuer`/`-c oidcClientId`, else
   * Cognito (global AWS only)
   */
  readonly signIn?: SignInSettings;
  /**
   * The Cognito domain prefix of the reviewers' hosted sign-in pages; unique within the region across
   * all accounts. @default `<stack name, lowercased>-<account id>`
   */
  readonly signInDomainPrefix?: string;
  /**
   * A custom domain for the web pages and API (CloudFront); without it they use the *.cloudfront.net name
   * (global AWS only). Requires `apiDomain`: with a custom domain the API's default execute-api endpoint
   * is disabled. @default `-c webDomain` with `-c webCertificateArn` or `-c webCertificateId`
   */
  readonly webDomain?: WebDomain;
  /**
   * The API's own custom domain (e.g. `api.join.example.org`, certificate in the stack's Region), which
   * CloudFront's /api origin then uses; the default execute-api endpoint is disabled. The deployer points
   * its DNS (CNAME) at the ApiDomainTarget output. Required with `webDomain`.
   * @default `-c apiDomain` with `-c apiCertificateArn`
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

/** The reviewer console's page (README, "The pages"): where the sign-in provider returns with an authorization code. */
export const REVIEW_CONSOLE_PATH = '/review' satisfies keyof typeof PAGES;

/** In China staff sign in with the union's own OpenID Connect provider: Cognito user pools are not there. */
const CHINA_SIGN_IN_REQUIREMENTS: readonly Requirement[] = [
  {
    context: OIDC_CONTEXT.issuer,
    what: "your OpenID Connect provider's https issuer URL (Cognito user pools are not offered in the China Regions)",
  },
  {
    context: OIDC_CONTEXT.clientId,
    what: `the reviewer console's client id there (public client, authorization code with PKCE, scopes "${DEFAULT_OIDC_SCOPES}")`,
  },
];

/** End User Messaging and SNS SMS are not offered in China (constructs/sms.ts). */
const CHINA_SMS_REQUIREMENT: Requirement = {
  context: `${SMS_CONTEXT.provider}=aliyun|tencent -c ${SMS_CONTEXT.signName}=… -c ${SMS_CONTEXT.templateIds}`,
  what: 'Alibaba Cloud or Tencent Cloud SMS, with the registered signature and template ids (tencent: also -c smsAppId)',
};

const WEB_DOMAIN_KEYS = new Set<string>([
  DOMAIN_REQUIREMENTS.webDomain.context,
  DOMAIN_REQUIREMENTS.webCertificateId.context,
]);

/** Lambda's rule of thumb for SQS event sources (docs/architecture.md §12). */
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
  readonly target: DeploymentTarget;
  readonly profile: TargetProfile;
  readonly signIn: StaffSignIn;
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

    this.target = props.target ?? targetFromContext(this);
    assertTargetRegion(this.target, this.region);
    this.profile = targetProfile(this, this.target);
    const signInSettings: SignInSettings = props.signIn ??
      oidcSettingsFromContext(this) ?? {
        provider: 'cognito',
        ...(props.signInDomainPrefix ? { domainPrefix: props.signInDomainPrefix } : {}),
      };
    const contextDomains = domainsFromContext(
      this,
      this.target,
      Token.isUnresolved(this.region) ? undefined : this.region,
    );
    const webDomain = props.webDomain ?? contextDomains.webDomain;
    const apiDomain = props.apiDomain ?? contextDomains.apiDomain;
    const smsFromContext = this.node.tryGetContext(SMS_CONTEXT.provider) !== undefined;
    if (this.target === 'china') {
      assertRequirements(this.target, [
        ...(signInSettings.provider === 'cognito' ? CHINA_SIGN_IN_REQUIREMENTS : []),
        ...(props.sms || smsFromContext ? [] : [CHINA_SMS_REQUIREMENT]),
        ...contextDomains.missing.filter((requirement) =>
          WEB_DOMAIN_KEYS.has(requirement.context) ? !props.webDomain : !props.apiDomain,
        ),
      ]);
    }

    this.data = new DataTable(this, 'Data', { declaration: TABLE });
    this.hashKey = new HashKeySecret(this, 'HashKey');
    this.queues = byName(
      QUEUES,
      (name, declaration) => new WorkQueue(this, `${pascalCase(name)}Queue`, { name, declaration }),
    );

    const smsSettings =
      props.sms ??
      (smsFromContext ? smsSettingsFromContext(this, this.target) : { provider: 'aws' as const });
    this.sms = new Sms(this, 'Sms', { settings: smsSettings, target: this.target });

    this.functions = byName(
      FUNCTIONS,
      (name, declaration: FunctionDeclaration) =>
        new BaseFunction(this, `${pascalCase(name)}Function`, {
          name,
          declaration,
          architecture: this.profile.architecture,
          tracing: this.profile.tracing,
          sourceMapsAtRuntime: sourceMapsFromContext(this.node.tryGetContext(SOURCE_MAPS_CONTEXT)),
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
    this.signIn = staffSignIn(this, { settings: signInSettings, consoleUrl });

    const generation = this.node.tryGetContext(ORIGIN_SECRET_GENERATION_CONTEXT);
    this.originLock = new OriginLock(this, 'OriginLock', {
      checker: this.functions[ORIGIN_HEADER.function],
      ...(generation === undefined ? {} : { generation: Number(generation) }),
    });
    if (webDomain && !apiDomain) {
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
    this.functions.staff.function.addEnvironment(ENV.staffIssuer, this.signIn.issuer);

    this.http = new HttpApi(this, 'Http', {
      routes: ROUTES,
      handlers,
      jwtAuthorizer: this.signIn.authorizer,
      publicAuthorizer: this.originLock.authorizer,
      ...(apiDomain ? { domain: apiDomain } : {}),
    });
    this.schedules = new Schedules(this, 'Schedules', {
      schedules: SCHEDULES,
      handlers,
      kind: this.profile.schedules,
    });

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
    const shadowed = ROUTES.filter((route) => API_DOCUMENTS.some((document) => document.path === route.path));
    if (shadowed.length > 0) {
      throw new Error(
        `routes at a static document's path would never reach the API (CloudFront sends that path to the site bucket): ${shadowed.map((route) => route.path).join(', ')}`,
      );
    }
    const waf = wafFromContext(this.node.tryGetContext(WAF_CONTEXT));
    if (this.target === 'china' && (waf || props.webAclId)) {
      throw new Error(
        `${waf ? `-c ${WAF_CONTEXT}=true` : 'webAclId'}: AWS WAF is regional only in the China Regions and cannot protect a CloudFront distribution there (infra/china/availability.ts): deploy without it`,
      );
    }
    if (waf && props.webAclId) {
      throw new Error(`-c ${WAF_CONTEXT}=true creates a web ACL, and webAclId names another: choose one`);
    }
    if (waf) this.edgeFirewall = new EdgeFirewall(this, 'EdgeFirewall');
    const webAclId = this.edgeFirewall?.webAclArn ?? props.webAclId;
    this.web = new WebHosting(this, 'Web', {
      apiDomainName: this.http.domainName,
      apiOriginHeaders: this.originLock.originHeaders,
      connectSources: this.signIn.connectSources,
      jsonFiles: { [REVIEW_CONFIG_FILE]: this.signIn.consoleSettings },
      edge: this.target,
      ...(webDomain ? { domain: webDomain } : {}),
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
    if (webDomain) {
      new CfnOutput(this, 'WebDomainTarget', {
        value: this.web.distribution.distributionDomainName,
        description: "Point the site's domain here (DNS CNAME): the CloudFront distribution's own name",
      });
    }
    new CfnOutput(this, 'SignInIssuer', {
      value: this.signIn.issuer,
      description: "Staff sign-in: the OpenID Connect issuer whose tokens the API's JWT authorizer accepts",
    });
    new CfnOutput(this, 'ConsoleRedirectUri', {
      value: consoleUrl,
      description: 'The reviewer console: the redirect URI to register with the sign-in provider',
    });
    const cognito = this.signIn.cognito;
    if (cognito) {
      new CfnOutput(this, 'UserPoolId', {
        value: cognito.userPool.userPoolId,
        description:
          'Staff accounts (Cognito): administrators create users here; the staff roster (/staff, npm run staff) says what they may do',
      });
      new CfnOutput(this, 'UserPoolClientId', {
        value: cognito.consoleClient.userPoolClientId,
        description: 'The reviewer console app client (public, authorization code with PKCE)',
      });
      new CfnOutput(this, 'SignInUrl', {
        value: cognito.signInUrl,
        description: 'The hosted sign-in page for the reviewer console',
      });
    }
    new CfnOutput(this, 'TableName', {
      value: this.data.table.tableName,
      description: 'The table (also npm run staff -- --table for the staff roster)',
    });
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
