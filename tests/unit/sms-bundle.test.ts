/**
 * A Lambda bundled for one SMS provider carries that provider alone: bundled as CDK bundles functions
 * (esbuild, ESM, node, minified, `process.env.SMS_PROVIDER` defined; infra/constructs/sms.ts), an entry
 * that uses shared/sms/config.ts holds no other provider's SDK or endpoint.
 */
import { describe, expect, it } from 'vitest';
import { SMS_PROVIDERS, type SmsProviderName } from '../../shared/sms/sender';
import { bundleForProvider } from '../support/sms-bundle';

/** Strings only each provider's code contains. */
const MARKERS: Record<SmsProviderName, readonly string[]> = {
  outbox: ['SMS to '],
  aws: ['PinpointSMSVoiceV2', 'SendTextMessage'],
  aliyun: ['dysmsapi.aliyuncs.com', 'ACS3-HMAC-SHA256'],
  tencent: ['tencentcloud', 'TC3-HMAC-SHA256'],
};
const SECRETS_MANAGER = 'GetSecretValue';

const bundle = (provider: SmsProviderName): Promise<string> =>
  bundleForProvider(
    provider,
    "import { smsSenderFromEnv } from './shared/sms/config';\nexport const sender = smsSenderFromEnv();",
  );

describe('one provider per bundle', () => {
  it.each(SMS_PROVIDERS)('%s: its own code is in, the other providers are out', async (provider) => {
    const code = await bundle(provider);
    console.log(`SMS bundle for ${provider}: ${Buffer.byteLength(code)} bytes`);
    for (const marker of MARKERS[provider]) expect(code, marker).toContain(marker);
    for (const other of SMS_PROVIDERS.filter((name) => name !== provider)) {
      for (const marker of MARKERS[other]) expect(code, `${other}: ${marker}`).not.toContain(marker);
    }
    const needsSecret = provider === 'aliyun' || provider === 'tencent';
    expect(code.includes(SECRETS_MANAGER), 'the Secrets Manager client').toBe(needsSecret);
  });
});
