/**
 * CloudFront as the only way into the public API routes (shared/wiring.ts ORIGIN_HEADER), end to end:
 *
 * 1. A Secrets Manager secret, generated at deploy (64 letters and digits: header-safe), never in the
 *    template: CloudFormation resolves a `{{resolve:secretsmanager:…}}` dynamic reference where it is used.
 * 2. CloudFront adds `x-origin-verify: <secret>` to every /api/* origin request (web-hosting.ts).
 * 3. Every public route has this Lambda REQUEST authorizer, identity source that header: API Gateway
 *    answers 401 without invoking it when the header is missing or empty, and 403 when the function says
 *    no; answers are cached for five minutes by the header's value, so the function runs about once per
 *    five minutes for CloudFront's traffic. Staff routes keep the staff sign-in JWT authorizer (one authorizer
 *    per route): a reviewer's token is what protects them, wherever the request comes from.
 *
 * The function reads the expected value from its environment, filled from the same dynamic reference at
 * deploy, rather than from Secrets Manager at cold start. The trade-off: the value is visible to whoever
 * may read the function's configuration (lambda:GetFunctionConfiguration), as it already is to whoever
 * may read the distribution's (cloudfront:GetDistributionConfig), where CloudFront must hold it in clear;
 * in return no IAM grant, no SDK client, no network call on the authorizer's cold start, no dependency on
 * Secrets Manager's availability in front of every public route, and no per-call charge.
 *
 * The secret is not rotated automatically: CloudFormation re-resolves a dynamic reference only when the
 * resource using it is updated (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html),
 * so a value rotated in place would reach neither CloudFront nor the function. Replacing it is a
 * deliberate step: a new `generation` is a new secret (a new logical id), so one deploy gives both sides
 * the new value and deletes the old secret (README, "Abuse protection").
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_HEADER } from '../../shared/wiring';
import type { BaseFunction } from './base-function';

export interface OriginLockProps {
  /** The function declared as ORIGIN_HEADER.function (functions/gatekeeper). */
  readonly checker: BaseFunction;
  /** How long API Gateway keeps an answer per header value. @default 5 minutes */
  readonly resultsCacheTtl?: Duration;
  /** Bump to replace the secret (`-c originSecretGeneration=2`, infra/stack.ts). @default 1 */
  readonly generation?: number;
}

/** `-c originSecretGeneration=<n>`: a new whole number makes a new origin secret (OriginLockProps). */
export const ORIGIN_SECRET_GENERATION_CONTEXT = 'originSecretGeneration';

export class OriginLock extends Construct {
  readonly secret: secretsmanager.Secret;
  readonly authorizer: HttpLambdaAuthorizer;
  /** What CloudFront adds to every API origin request: the header, valued by a dynamic reference. */
  readonly originHeaders: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: OriginLockProps) {
    super(scope, id);
    const generation = props.generation ?? 1;
    if (!Number.isInteger(generation) || generation < 1) {
      throw new Error(`the origin secret's generation is a whole number from 1, got ${props.generation}`);
    }
    // A new construct id per generation: a new logical id, so CloudFormation makes a new secret.
    this.secret = new secretsmanager.Secret(this, generation === 1 ? 'Secret' : `Secret${generation}`, {
      description: `The value CloudFront sends as ${ORIGIN_HEADER.name} to the API; public routes accept only it`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      // Nothing is lost with it: a new stack generates a new value and gives it to both sides.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'CloudFront and the authorizer hold the value as CloudFormation resolved it at their last update; a dynamic reference is re-resolved only when the resource using it is updated, so an automatic rotation would lock every public request out until the next deploy. It is replaced deliberately (README, Abuse protection).',
    });

    // unsafeUnwrap: the token renders as `{{resolve:secretsmanager:<arn>:SecretString:::}}`, not the value.
    const value = this.secret.secretValue.unsafeUnwrap();
    props.checker.function.addEnvironment(ORIGIN_HEADER.secretEnv, value);
    this.originHeaders = { [ORIGIN_HEADER.name]: value };

    this.authorizer = new HttpLambdaAuthorizer('OriginHeader', props.checker.function, {
      authorizerName: 'cloudfront-origin-header',
      identitySource: [`$request.header.${ORIGIN_HEADER.name}`],
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      resultsCacheTtl: props.resultsCacheTtl ?? Duration.minutes(5),
    });
  }
}
