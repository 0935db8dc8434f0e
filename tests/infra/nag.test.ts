import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Json, type Synthesized, synthesize } from './helpers';

let synthesized: Synthesized | undefined;
let synthError: unknown;
beforeAll(() => {
  try {
    synthesized = synthesize({ bundle: false });
  } catch (error) {
    synthError = error;
  }
});

const synthesizedApp = (): Synthesized => {
  if (!synthesized) throw new Error(`synth failed: ${String(synthError)}`);
  return synthesized;
};

const violationsOf = (app: Synthesized): string[] => {
  const report = JSON.parse(
    readFileSync(join(app.assembly.directory, 'validation-report.json'), 'utf8'),
  ) as Json;
  return (report.pluginReports as Json[]).flatMap((plugin) =>
    (plugin.violations as Json[]).map((violation) => `${plugin.pluginName}: ${violation.ruleName}`),
  );
};

interface Acknowledgement {
  readonly construct: IConstruct;
  readonly id: string;
  readonly reason: string;
}

const acknowledgements = (root: IConstruct): Acknowledgement[] =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          construct,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );

/** The findings this project accepts, each for a reason given where it is acknowledged. */
const ACCEPTED = [
  /^AwsSolutions-L1$/,
  /^AwsSolutions-IAM5\[Resource::\*\]$/,
  /^AwsSolutions-IAM5\[Resource::<\w+\.Arn>:\*\]$/,
  /^AwsSolutions-IAM5\[Resource::<\w+\.Arn>\/\*\]$/,
  /^AwsSolutions-IAM5\[Resource::<\w+\.Arn>\/coverage\/\*\]$/,
  /^AwsSolutions-SMG4$/,
  /^AwsSolutions-SQS3$/,
  /^AwsSolutions-CFR1$/,
  /^AwsSolutions-CFR2$/,
  /^AwsSolutions-CFR4$/,
  // China only: no origin access control there (infra/china/availability.ts).
  /^AwsSolutions-CFR7$/,
];

/** `-c target=china` with everything it requires (README, "Deploying in mainland China"). */
const CHINA_CONTEXT = {
  target: 'china',
  oidcIssuer: 'https://sso.example.cn/realms/union',
  oidcClientId: 'review-console',
  smsProvider: 'tencent',
  smsSignName: '昭通市总工会',
  smsAppId: '1400123456',
  smsTemplateIds:
    '{"verification":"100001","idNumberUsed":"100002","alreadyMember":"100003","decisionApproved":"1000031","decisionRejected":"1000032","reviewDigest":"1000033","overdueDigest":"1000034"}',
  webDomain: 'join.example.cn',
  webCertificateId: 'ASCA0123456789ABCDEFGH',
  apiDomain: 'api.join.example.cn',
  apiCertificateArn:
    'arn:aws-cn:acm:cn-northwest-1:123456789012:certificate/0c0ffee0-0000-4000-8000-000000000000',
};

describe('cdk-nag AwsSolutions', () => {
  it('synthesizes with the checks enabled (an unacknowledged error would throw)', () => {
    expect(synthError).toBeUndefined();
  });

  it('reports no unacknowledged finding, error or warning, from any validation plugin', () => {
    expect(violationsOf(synthesizedApp())).toEqual([]);
  });

  it('reports none either with the WAF web ACL, a custom domain and the API domain (in us-east-1)', () => {
    const certificates = new Stack(new App(), 'Certificates');
    const certificate = (name: string) =>
      Certificate.fromCertificateArn(
        certificates,
        name,
        `arn:aws:acm:us-east-1:123456789012:certificate/${name}`,
      );
    const variant = synthesize({
      bundle: false,
      context: { waf: 'true' },
      stackProps: {
        env: { region: 'us-east-1' },
        webDomain: { domainName: 'join.example.org', certificate: certificate('site') },
        apiDomain: { domainName: 'api.join.example.org', certificate: certificate('api') },
      },
    });
    expect(violationsOf(variant)).toEqual([]);
    const acknowledged = acknowledgements(variant.stack).map((ack) => ack.id);
    // With a web ACL and a custom domain there is nothing to excuse about either.
    expect(acknowledged.filter((id) => /CFR2|CFR4/.test(id))).toEqual([]);
  });

  it('reports none for -c target=china either (Ningxia, Tencent Cloud SMS), acknowledging only accepted findings', () => {
    const variant = synthesize({
      bundle: false,
      context: CHINA_CONTEXT,
      stackProps: { env: { account: '123456789012', region: 'cn-northwest-1' } },
    });
    expect(violationsOf(variant)).toEqual([]);
    for (const ack of acknowledgements(variant.stack.node.root)) {
      expect(
        ACCEPTED.some((pattern) => pattern.test(ack.id)),
        `${ack.id} at ${ack.construct.node.path}`,
      ).toBe(true);
    }
  });

  it('acknowledges only accepted findings, each with a real reason, never for a whole stack', () => {
    const { stack } = synthesizedApp();
    const acks = acknowledgements(stack.node.root);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      const where = `${ack.id} at ${ack.construct.node.path}`;
      expect(
        ACCEPTED.some((pattern) => pattern.test(ack.id)),
        where,
      ).toBe(true);
      expect(ack.reason.length, where).toBeGreaterThanOrEqual(60);
      expect(ack.construct, where).not.toBe(stack);
      expect(ack.construct, where).not.toBe(stack.node.root);
    }
  });

  it('waives authorization on no route: public routes have the CloudFront origin header check', () => {
    const { stack } = synthesizedApp();
    expect(acknowledgements(stack).filter((ack) => ack.id.startsWith('AwsSolutions-APIG4'))).toEqual([]);
  });

  it('does fail synth on an unacknowledged finding (the checks really run)', () => {
    const app = new App();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    new sqs.Queue(new Stack(app, 'Careless'), 'PlainQueue');
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS/);
  });
});
