import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../shared/wiring';
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
  /^AwsSolutions-APIG4$/,
  /^AwsSolutions-SMG4$/,
  /^AwsSolutions-SQS3$/,
  /^AwsSolutions-CFR1$/,
  /^AwsSolutions-CFR2$/,
  /^AwsSolutions-CFR4$/,
];

describe('cdk-nag AwsSolutions', () => {
  it('synthesizes with the checks enabled (an unacknowledged error would throw)', () => {
    expect(synthError).toBeUndefined();
  });

  it('reports no unacknowledged finding, error or warning, from any validation plugin', () => {
    const report = JSON.parse(
      readFileSync(join(synthesizedApp().assembly.directory, 'validation-report.json'), 'utf8'),
    ) as Json;
    const violations = (report.pluginReports as Json[]).flatMap((plugin) =>
      (plugin.violations as Json[]).map((violation) => `${plugin.pluginName}: ${violation.ruleName}`),
    );
    expect(violations).toEqual([]);
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

  it('waives authorization only on routes wiring declares public', () => {
    const { stack } = synthesizedApp();
    const waived = acknowledgements(stack)
      .filter((ack) => ack.id === 'AwsSolutions-APIG4')
      .map((ack) => {
        expect(ack.construct).toBeInstanceOf(HttpRoute);
        return Object.entries(stack.http.routes).find(([, route]) => route === ack.construct)?.[0];
      });
    expect(waived.sort()).toEqual(
      ROUTES.filter((route) => route.auth === 'public')
        .map((route) => `${route.method} ${route.path}`)
        .sort(),
    );
  });

  it('does fail synth on an unacknowledged finding (the checks really run)', () => {
    const app = new App();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    new sqs.Queue(new Stack(app, 'Careless'), 'PlainQueue');
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS/);
  });
});
