import { describe, expect, it } from 'vitest';
import { validateApplication } from '../../shared/domain/application-rules';
import {
  IdAlreadyMember,
  IdempotencyKeyReused,
  InvalidIdempotencyKey,
  InvalidJson,
  NotFound,
  PayloadTooLarge,
  ServiceUnavailable,
  SmsUnavailable,
  TooManyRequests,
  UnsupportedMediaType,
  ValidationFailed,
} from '../../shared/domain/errors';
import {
  DEFAULT_LOCALE,
  errorMessage,
  errorMessages,
  fieldMessage,
  fieldMessages,
  resolveLocale,
} from '../../shared/domain/messages';
import { type ApplicationBody, validApplicationBody } from '../support/applications';
import { ADULT_ID_NUMBER, idNumber, withWrongCheckCharacter, ZHAOYANG_REGION } from '../support/id-numbers';

const NOW = new Date('2026-06-15T04:00:00Z');
const HAN = /\p{Script=Han}/u;

/** One body per problem code the rules can produce: proves the code is reachable, then that it has messages. */
const bodyProducing: Array<[code: string, field: string, body: unknown]> = [
  ['body.object', 'body', null],
  ['unknown_field', 'extra', { ...validApplicationBody(), extra: 1 }],
  ['required', 'phone', validApplicationBody({ phone: undefined })],
  ['type', 'phone', validApplicationBody({ phone: 13812345678 as unknown as string })],
  ['fullName.length', 'fullName', validApplicationBody({ fullName: '王' })],
  ['fullName.characters', 'fullName', validApplicationBody({ fullName: '王2' })],
  ['phone.format', 'phone', validApplicationBody({ phone: '12812345678' })],
  ['idNumber.format', 'idNumber', validApplicationBody({ idNumber: '123' })],
  ['idNumber.region', 'idNumber', validApplicationBody({ idNumber: idNumber('990101', '19900307', '123') })],
  [
    'idNumber.checksum',
    'idNumber',
    validApplicationBody({ idNumber: withWrongCheckCharacter(ADULT_ID_NUMBER) }),
  ],
  [
    'idNumber.birthdate',
    'idNumber',
    validApplicationBody({ idNumber: idNumber(ZHAOYANG_REGION, '20000230', '001') }),
  ],
  [
    'idNumber.age',
    'idNumber',
    validApplicationBody({ idNumber: idNumber(ZHAOYANG_REGION, '20150101', '001') }),
  ],
  ['trade.unknown', 'trade', validApplicationBody({ trade: 'pilot' })],
  ['platforms.count', 'platforms', validApplicationBody({ platforms: [] })],
  ['platforms.unknown', 'platforms', validApplicationBody({ platforms: ['uber'] })],
  ['platforms.duplicate', 'platforms', validApplicationBody({ platforms: ['eleme', 'eleme'] })],
  ['platforms.trade', 'platforms', validApplicationBody({ trade: 'courier', platforms: ['meituan'] })],
  ['platformOther.required', 'platformOther', validApplicationBody({ platforms: ['other'] })],
  [
    'platformOther.length',
    'platformOther',
    validApplicationBody({ platforms: ['other'], platformOther: 'x' }),
  ],
  ['platformOther.unexpected', 'platformOther', validApplicationBody({ platformOther: '闪送' })],
  ['county.unknown', 'county', validApplicationBody({ county: 'kunming' })],
  ['workplace.length', 'workplace', validApplicationBody({ workplace: 'x'.repeat(81) })],
  ['text.characters', 'workplace', validApplicationBody({ workplace: '<b>' })],
  ['source.format', 'source', validApplicationBody({ source: 'QR' })],
  ['consent.required', 'consent', validApplicationBody({ consent: false })],
  ['locale.unknown', 'locale', validApplicationBody({ locale: 'de' } as Partial<ApplicationBody>)],
];

describe('field messages: every code the rules can produce', () => {
  it.each(bodyProducing)('%s is produced for %s', (code, field, body) => {
    const result = validateApplication(body, () => NOW);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fields[field]).toBe(code);
  });

  it.each(bodyProducing.map(([code]) => code))('%s has a Chinese and an English message', (code) => {
    const messages = fieldMessages[code];
    expect(messages).toBeDefined();
    expect(messages?.['zh-CN']).toMatch(HAN);
    expect(messages?.en).toMatch(/^[A-Z]/);
    expect(messages?.en).not.toMatch(HAN);
    expect(fieldMessage(code, 'zh-CN')).toBe(messages?.['zh-CN']);
    expect(fieldMessage(code, 'en')).toBe(messages?.en);
  });

  it.each(Object.entries(fieldMessages))('%s: both locales are filled in', (_code, messages) => {
    expect(messages['zh-CN'].trim()).not.toBe('');
    expect(messages.en.trim()).not.toBe('');
    expect(messages['zh-CN']).not.toBe(messages.en);
  });

  it('falls back to the generic "invalid" message for a code without one', () => {
    expect(fieldMessage('no.such.code', 'en')).toBe(fieldMessages.invalid?.en);
    expect(fieldMessage('no.such.code', 'zh-CN')).toBe(fieldMessages.invalid?.['zh-CN']);
  });
});

describe('error messages: every client-facing error code', () => {
  const clientErrors = [
    new ValidationFailed({}),
    new InvalidJson(),
    new InvalidIdempotencyKey(),
    new NotFound(),
    new IdAlreadyMember('M1'),
    new TooManyRequests(1),
    new SmsUnavailable(),
    new PayloadTooLarge(),
    new UnsupportedMediaType(),
    new IdempotencyKeyReused(),
    new ServiceUnavailable(),
  ];
  it.each([...clientErrors.map((e) => e.code), 'internal_error', 'route_not_found'])(
    '%s has a Chinese and an English message',
    (code) => {
      expect(errorMessage(code, 'zh-CN')).toMatch(HAN);
      expect(errorMessage(code, 'en')).toMatch(/^[A-Z]/);
      expect(errorMessage(code, 'en')).not.toMatch(HAN);
      expect(errorMessages[code]).toBeDefined();
    },
  );
});

describe('resolveLocale (Accept-Language or body locale; default zh-CN)', () => {
  it.each<[string, Array<string | undefined | null>, 'zh-CN' | 'en']>([
    ['nothing', [], 'zh-CN'],
    ['undefined and null', [undefined, null], 'zh-CN'],
    ['an empty header', [''], 'zh-CN'],
    ['en', ['en'], 'en'],
    ['en-US with q-values', ['en-US,en;q=0.9,zh-CN;q=0.8'], 'en'],
    ['EN-GB in capitals', ['EN-GB'], 'en'],
    ['zh-CN', ['zh-CN'], 'zh-CN'],
    ['zh-TW counts as Chinese', ['zh-TW,en;q=0.5'], 'zh-CN'],
    ['zh first even when en follows', ['zh-CN,zh;q=0.9,en;q=0.8'], 'zh-CN'],
    ['an unsupported language', ['fr-FR'], 'zh-CN'],
    ['an unsupported first language, then en in the same header', ['fr-FR,en;q=0.8'], 'en'],
    ['an unsupported first preference, then en', ['fr-FR', 'en'], 'en'],
    ['the first usable preference wins', ['en', 'zh-CN'], 'en'],
    ['a missing first preference skipped', [undefined, 'en-US'], 'en'],
  ])('%s → %s', (_case, preferences, expected) => {
    expect(resolveLocale(...preferences)).toBe(expected);
  });

  it('defaults to Chinese', () => {
    expect(DEFAULT_LOCALE).toBe('zh-CN');
  });
});
