/**
 * The CDK app: one environment-agnostic stack, checked by cdk-nag's AwsSolutions pack (unacknowledged
 * findings fail synth). `npx cdk synth` runs this file; tests call `buildApp()`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CDK_JSON } from './paths';
import { GigUnionOnboardingStack, type GigUnionOnboardingStackProps } from './stack';

export const STACK_NAME = 'GigUnionOnboarding';

/** cdk.json's context (feature flags), so an app built outside the CLI (tests) behaves the same. */
const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(CDK_JSON, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};

export interface BuildAppOptions {
  readonly appProps?: AppProps;
  readonly stackProps?: GigUnionOnboardingStackProps;
}

export const buildApp = (options: BuildAppOptions = {}): { app: App; stack: GigUnionOnboardingStack } => {
  const app = new App({
    ...options.appProps,
    context: { ...cdkJsonContext(), ...options.appProps?.context },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new GigUnionOnboardingStack(app, STACK_NAME, {
    description:
      'Gig-worker union onboarding: applications, review, members, audit, coverage reports and web pages',
    ...options.stackProps,
  });
  return { app, stack };
};

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) buildApp().app.synth();
