/** One message per declared template and language, with plausible parameters. */
import type { Locale } from '../../shared/catalog/index';
import { SMS_TEMPLATE_NAMES, SMS_TEMPLATES, type SmsMessage } from '../../shared/sms/templates';

const SAMPLE_PARAMS: Record<string, string> = { code: '482913', memberId: 'ZT-2026-000123' };
const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export const sampleMessages = (to = '13912345678'): SmsMessage[] =>
  SMS_TEMPLATE_NAMES.flatMap((template) =>
    LOCALES.map(
      (locale) =>
        ({
          to,
          template,
          locale,
          params: Object.fromEntries(
            SMS_TEMPLATES[template].params.map((name: string) => [
              name,
              SAMPLE_PARAMS[name] ?? `sample-${name}`,
            ]),
          ),
        }) as SmsMessage,
    ),
  );

export const describeMessage = (message: SmsMessage): string => `${message.template} (${message.locale})`;
