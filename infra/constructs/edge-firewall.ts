/**
 * The optional AWS WAF web ACL for the CloudFront distribution (`npx cdk deploy -c waf=true`): per-IP
 * rate limits at the edge, before a request reaches API Gateway's per-route throttles. A flood from a few
 * addresses is then blocked by address instead of spending the route's budget that everyone shares.
 *
 * - `sign-up-per-ip`: 300 requests per 5 minutes from one address to the routes that send an SMS or
 *   store an application (POST /api/phone-verifications, POST /api/applications). An applicant makes 2–4
 *   of those; 300 leaves room for a whole sign-up event behind one venue Wi-Fi or carrier NAT address.
 * - `all-per-ip`: 2,000 requests per 5 minutes from one address to anything (pages, assets, API): a page
 *   load is ~10 requests, so this stops scrapers and floods, not a busy office behind one address.
 * Both answer 429; everything else is allowed.
 *
 * A web ACL for CloudFront has scope CLOUDFRONT and must be created in us-east-1
 * (https://docs.aws.amazon.com/waf/latest/developerguide/how-aws-waf-works-resources.html). The stack
 * creates it only when its Region is us-east-1 or not known at synth (an environment-agnostic stack; then
 * CloudFormation refuses the web ACL in any other Region and the deploy rolls back); in any other Region
 * synth stops and points at `webAclId`, for a web ACL made in us-east-1 separately.
 *
 * AWS China: AWS WAF is offered in the Beijing and Ningxia Regions at the regional level only
 * (https://docs.amazonaws.cn/en_us/aws/latest/userguide/waf.html: "Amazon WAF is supported at a regional
 * level only in the Beijing and Ningxia Regions"), so no web ACL can be attached to a CloudFront
 * distribution there; in the China Regions the per-route throttles and the origin lock are the protection.
 */
import { Stack, Token } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ROUTES, type RouteKey, routeKey } from '../../shared/wiring';

/** `-c waf=true` creates the web ACL (infra/stack.ts). */
export const WAF_CONTEXT = 'waf';

/** The Region a CLOUDFRONT-scope web ACL must be created in. */
export const CLOUDFRONT_WAF_REGION = 'us-east-1';

/** Per-IP limits over one evaluation window (WAF allows 60, 120, 300 or 600 seconds). */
export const EDGE_RATE_LIMITS = {
  windowSeconds: 300,
  signUp: {
    limit: 300,
    routes: ['POST /api/phone-verifications', 'POST /api/applications'],
  },
  everything: { limit: 2000 },
} as const satisfies {
  windowSeconds: 60 | 120 | 300 | 600;
  signUp: { limit: number; routes: readonly RouteKey[] };
  everything: { limit: number };
};

/** Throws a synth error naming what to do when a CLOUDFRONT web ACL cannot be created in `region`. */
export const assertCloudFrontWafRegion = (region: string): void => {
  if (Token.isUnresolved(region) || region === CLOUDFRONT_WAF_REGION) return;
  const china = region.startsWith('cn-')
    ? ' In the China Regions AWS WAF is regional only and cannot protect a CloudFront distribution at all (https://docs.amazonaws.cn/en_us/aws/latest/userguide/waf.html): deploy without -c waf=true.'
    : ` Create the web ACL in ${CLOUDFRONT_WAF_REGION} yourself (or deploy this stack there) and pass its ARN as the stack's webAclId prop.`;
  throw new Error(
    `-c ${WAF_CONTEXT}=true: a web ACL for CloudFront (scope CLOUDFRONT) can only be created in ${CLOUDFRONT_WAF_REGION}, and this stack is in ${region}.${china}`,
  );
};

const byteMatch = (
  fieldToMatch: wafv2.CfnWebACL.FieldToMatchProperty,
  searchString: string,
): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch,
    positionalConstraint: 'EXACTLY',
    searchString,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

const anyOf = (statements: wafv2.CfnWebACL.StatementProperty[]): wafv2.CfnWebACL.StatementProperty => {
  const [only, ...rest] = statements;
  if (!only) throw new Error('anyOf needs at least one statement');
  return rest.length === 0 ? only : { orStatement: { statements } };
};

/** Requests to exactly these routes (method and path; paths without parameters only). */
const routesStatement = (keys: readonly RouteKey[]): wafv2.CfnWebACL.StatementProperty => {
  const declared = new Set(ROUTES.map(routeKey));
  const byMethod = new Map<string, string[]>();
  for (const key of keys) {
    if (!declared.has(key))
      throw new Error(`WAF rate limit: ${key} is not a route declared in wiring ROUTES`);
    const [method, path] = key.split(' ') as [string, string];
    if (path.includes('{')) throw new Error(`WAF rate limit: ${key} has a path parameter; name exact paths`);
    byMethod.set(method, [...(byMethod.get(method) ?? []), path]);
  }
  return anyOf(
    [...byMethod].map(([method, paths]) => ({
      andStatement: {
        statements: [
          byteMatch({ method: {} }, method),
          anyOf(paths.map((path) => byteMatch({ uriPath: {} }, path))),
        ],
      },
    })),
  );
};

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

const TOO_MANY = { block: { customResponse: { responseCode: 429 } } } as const;

export class EdgeFirewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    assertCloudFrontWafRegion(Stack.of(this).region);
    const stackName = Stack.of(this).stackName;
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'Per-IP rate limits for the onboarding site and API: the sign-up routes, and everything',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`${stackName}-edge`),
      rules: [
        {
          name: 'sign-up-per-ip',
          priority: 0,
          action: TOO_MANY,
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: EDGE_RATE_LIMITS.signUp.limit,
              evaluationWindowSec: EDGE_RATE_LIMITS.windowSeconds,
              scopeDownStatement: routesStatement(EDGE_RATE_LIMITS.signUp.routes),
            },
          },
          visibilityConfig: visibility(`${stackName}-sign-up-per-ip`),
        },
        {
          name: 'all-per-ip',
          priority: 1,
          action: TOO_MANY,
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: EDGE_RATE_LIMITS.everything.limit,
              evaluationWindowSec: EDGE_RATE_LIMITS.windowSeconds,
            },
          },
          visibilityConfig: visibility(`${stackName}-all-per-ip`),
        },
      ],
    });
  }

  get webAclArn(): string {
    return this.webAcl.attrArn;
  }
}
