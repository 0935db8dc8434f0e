import { describe, expect, it } from 'vitest';
import catalogJson from '../../shared/catalog/catalog.json';
import {
  APPLICATION_FIELDS,
  MAX_PLATFORMS,
  validateApplication,
} from '../../shared/domain/application-rules';
import { type ApplicationBody, UNPROVEN, validApplicationBody } from '../support/applications';
import {
  ADULT_ID_NUMBER,
  idNumber,
  idNumberEndingInX,
  withWrongCheckCharacter,
  ZHAOYANG_REGION,
} from '../support/id-numbers';

/** Noon on 15 June 2026 in China. */
const NOW = new Date('2026-06-15T04:00:00Z');
const validate = (body: unknown, at: Date = NOW) => validateApplication(body, () => at);

const accepted = (body: unknown, at: Date = NOW) => {
  const result = validate(body, at);
  if (!result.ok) throw new Error(`expected the body to be accepted, got ${JSON.stringify(result.fields)}`);
  return result.value;
};
const problems = (body: unknown, at: Date = NOW) => {
  const result = validate(body, at);
  if (result.ok) throw new Error(`expected the body to be refused, got ${JSON.stringify(result.value)}`);
  return result.fields;
};

const X_ID = idNumberEndingInX(ZHAOYANG_REGION, '19900307');

describe('validateApplication: a valid body', () => {
  it('accepts the helper’s body and returns exactly its fields', () => {
    expect(accepted(validApplicationBody())).toEqual({
      fullName: '王小明',
      phone: '13812345678',
      idNumber: ADULT_ID_NUMBER,
      trade: 'delivery_rider',
      platforms: ['meituan'],
      county: 'zhaoyang',
      consent: true,
      ...UNPROVEN,
    });
  });

  it.each<[string, Partial<ApplicationBody>, keyof ApplicationBody, unknown]>([
    ['phone with +86, spaces and dashes', { phone: '+86 138-1234-5678' }, 'phone', '13812345678'],
    ['phone with spaces', { phone: '138 1234 5678' }, 'phone', '13812345678'],
    ['phone with 0086 and dashes', { phone: '0086-138-1234-5678' }, 'phone', '13812345678'],
    ['ID number with a lowercase x', { idNumber: X_ID.toLowerCase() }, 'idNumber', X_ID],
    ['ID number with surrounding spaces', { idNumber: ` ${ADULT_ID_NUMBER} ` }, 'idNumber', ADULT_ID_NUMBER],
    ['name with surrounding spaces', { fullName: '  王小明 ' }, 'fullName', '王小明'],
    ['name with a middle dot', { fullName: '买买提·艾力' }, 'fullName', '买买提·艾力'],
    ['name of 40 characters', { fullName: '欧'.repeat(40) }, 'fullName', '欧'.repeat(40)],
    ['workplace of 80 characters', { workplace: '站'.repeat(80) }, 'workplace', '站'.repeat(80)],
    ['workplace trimmed', { workplace: ' 昭阳区北门站 ' }, 'workplace', '昭阳区北门站'],
    ['source code', { source: 'qr-station-07' }, 'source', 'qr-station-07'],
    ['source of 40 characters', { source: 'a'.repeat(40) }, 'source', 'a'.repeat(40)],
    ['locale en', { locale: 'en' }, 'locale', 'en'],
    ['locale zh-CN', { locale: 'zh-CN' }, 'locale', 'zh-CN'],
    [
      `${MAX_PLATFORMS} courier platforms`,
      { trade: 'courier', platforms: ['sf_express', 'jd_logistics', 'zto', 'yto', 'yunda'] },
      'platforms',
      ['sf_express', 'jd_logistics', 'zto', 'yto', 'yunda'],
    ],
    [
      'other with a trimmed description',
      { platforms: ['other'], platformOther: ' 闪送 ' },
      'platformOther',
      '闪送',
    ],
  ])('accepts %s and returns the normalised value', (_case, overrides, field, expected) => {
    expect(accepted(validApplicationBody(overrides))[field as keyof ReturnType<typeof accepted>]).toEqual(
      expected,
    );
  });

  it.each<[string, Partial<ApplicationBody>, string]>([
    ['an empty workplace', { workplace: '' }, 'workplace'],
    ['a blank workplace', { workplace: '   ' }, 'workplace'],
    ['an empty platformOther without other', { platformOther: '' }, 'platformOther'],
  ])('accepts %s and leaves the field out', (_case, overrides, field) => {
    expect(accepted(validApplicationBody(overrides))).not.toHaveProperty(field);
  });
});

describe('validateApplication: field rules', () => {
  it.each<[string, Partial<ApplicationBody>, Record<string, string>]>([
    // fullName
    ['a one-character name', { fullName: '王' }, { fullName: 'fullName.length' }],
    ['a name that is one character after trimming', { fullName: '  王  ' }, { fullName: 'fullName.length' }],
    ['a 41-character name', { fullName: '欧'.repeat(41) }, { fullName: 'fullName.length' }],
    ['a name with a digit', { fullName: '王小明1' }, { fullName: 'fullName.characters' }],
    ['a name with <>', { fullName: '<b>王</b>' }, { fullName: 'fullName.characters' }],
    ['a name with a control character', { fullName: '王\u0007明' }, { fullName: 'fullName.characters' }],
    // phone
    ['a 12-digit phone', { phone: '138123456789' }, { phone: 'phone.format' }],
    ['a phone starting 12', { phone: '12812345678' }, { phone: 'phone.format' }],
    ['a landline', { phone: '0870-2123456' }, { phone: 'phone.format' }],
    ['a phone with an unassigned prefix (154)', { phone: '15412345678' }, { phone: 'phone.format' }],
    ['an IoT-only number (1440)', { phone: '+86 1440 123 4567' }, { phone: 'phone.format' }],
    // idNumber
    [
      'an ID whose first two digits are no province (99)',
      { idNumber: idNumber('990101', '19900307', '123') },
      { idNumber: 'idNumber.region' },
    ],
    [
      'an ID with a wrong check digit',
      { idNumber: withWrongCheckCharacter(ADULT_ID_NUMBER) },
      { idNumber: 'idNumber.checksum' },
    ],
    ['a 17-character ID', { idNumber: ADULT_ID_NUMBER.slice(0, 17) }, { idNumber: 'idNumber.format' }],
    ['an ID with letters', { idNumber: 'ABCDEF199003071235' }, { idNumber: 'idNumber.format' }],
    [
      'an ID born on 30 February',
      { idNumber: idNumber(ZHAOYANG_REGION, '20000230', '123') },
      { idNumber: 'idNumber.birthdate' },
    ],
    [
      'an ID born in 1899',
      { idNumber: idNumber(ZHAOYANG_REGION, '18991231', '123') },
      { idNumber: 'idNumber.birthdate' },
    ],
    [
      'an ID born in the future',
      { idNumber: idNumber(ZHAOYANG_REGION, '20300101', '123') },
      { idNumber: 'idNumber.birthdate' },
    ],
    [
      'a 12-year-old',
      { idNumber: idNumber(ZHAOYANG_REGION, '20140101', '123') },
      { idNumber: 'idNumber.age' },
    ],
    // trade, county
    ['an unknown trade', { trade: 'pilot' }, { trade: 'trade.unknown' }],
    ['a trade in the wrong case', { trade: 'Courier' }, { trade: 'trade.unknown' }],
    ['an unknown county', { county: 'kunming' }, { county: 'county.unknown' }],
    ['a county given by its Chinese name', { county: '昭阳区' }, { county: 'county.unknown' }],
    // platforms
    ['no platforms', { platforms: [] }, { platforms: 'platforms.count' }],
    [
      `${MAX_PLATFORMS + 1} platforms`,
      { trade: 'courier', platforms: ['sf_express', 'jd_logistics', 'zto', 'yto', 'yunda', 'sto'] },
      { platforms: 'platforms.count' },
    ],
    ['a duplicated platform', { platforms: ['meituan', 'meituan'] }, { platforms: 'platforms.duplicate' }],
    ['an unknown platform', { platforms: ['uber'] }, { platforms: 'platforms.unknown' }],
    [
      'a known and an unknown platform',
      { platforms: ['meituan', 'uber'] },
      { platforms: 'platforms.unknown' },
    ],
    // platformOther
    ['other without platformOther', { platforms: ['other'] }, { platformOther: 'platformOther.required' }],
    [
      'other with an empty platformOther',
      { platforms: ['other'], platformOther: '' },
      { platformOther: 'platformOther.required' },
    ],
    [
      'other with a blank platformOther',
      { platforms: ['other'], platformOther: '   ' },
      { platformOther: 'platformOther.required' },
    ],
    [
      'a one-character platformOther',
      { platforms: ['other'], platformOther: '闪' },
      { platformOther: 'platformOther.length' },
    ],
    [
      'a 41-character platformOther',
      { platforms: ['other'], platformOther: '闪'.repeat(41) },
      { platformOther: 'platformOther.length' },
    ],
    [
      'platformOther with <>',
      { platforms: ['other'], platformOther: '<i>闪送</i>' },
      { platformOther: 'text.characters' },
    ],
    ['platformOther without other', { platformOther: '闪送' }, { platformOther: 'platformOther.unexpected' }],
    // workplace, source, consent, locale
    ['an 81-character workplace', { workplace: '站'.repeat(81) }, { workplace: 'workplace.length' }],
    ['a workplace with <>', { workplace: '<img src=x>' }, { workplace: 'text.characters' }],
    ['a workplace with a control character', { workplace: '北门\u001b站' }, { workplace: 'text.characters' }],
    ['a source with capitals', { source: 'QR-1' }, { source: 'source.format' }],
    ['a source with a space', { source: 'qr 1' }, { source: 'source.format' }],
    ['a source with an underscore', { source: 'qr_1' }, { source: 'source.format' }],
    ['an empty source', { source: '' }, { source: 'source.format' }],
    ['a 41-character source', { source: 'a'.repeat(41) }, { source: 'source.format' }],
    ['consent false', { consent: false }, { consent: 'consent.required' }],
    [
      'consent as the string "true"',
      { consent: 'true' as unknown as boolean },
      { consent: 'consent.required' },
    ],
    ['consent as 1', { consent: 1 as unknown as boolean }, { consent: 'consent.required' }],
    ['an unknown locale', { locale: 'fr' }, { locale: 'locale.unknown' }],
    ['a locale in the wrong case', { locale: 'zh-cn' }, { locale: 'locale.unknown' }],
  ])('refuses %s', (_case, overrides, expected) => {
    expect(problems(validApplicationBody(overrides))).toEqual(expected);
  });

  it('reports every faulty field at once', () => {
    expect(
      problems(
        validApplicationBody({
          fullName: '王',
          phone: '12345',
          idNumber: withWrongCheckCharacter(ADULT_ID_NUMBER),
          county: 'nowhere',
          consent: false,
        }),
      ),
    ).toEqual({
      fullName: 'fullName.length',
      phone: 'phone.format',
      idNumber: 'idNumber.checksum',
      county: 'county.unknown',
      consent: 'consent.required',
    });
  });
});

describe('validateApplication: required fields and types', () => {
  it.each([
    ['fullName', 'required'],
    ['phone', 'required'],
    ['idNumber', 'required'],
    ['trade', 'required'],
    ['platforms', 'required'],
    ['county', 'required'],
    ['consent', 'consent.required'],
  ])('a missing %s → %s', (field, code) => {
    const body: Record<string, unknown> = validApplicationBody();
    delete body[field];
    expect(problems(body)).toEqual({ [field]: code });
  });

  it.each<[string, Partial<ApplicationBody>, Record<string, string>]>([
    ['a numeric fullName', { fullName: 12345 as unknown as string }, { fullName: 'type' }],
    ['a numeric phone', { phone: 13812345678 as unknown as string }, { phone: 'type' }],
    ['a null idNumber', { idNumber: null as unknown as string }, { idNumber: 'type' }],
    ['platforms as a single string', { platforms: 'meituan' as unknown as string[] }, { platforms: 'type' }],
    ['a number among the platforms', { platforms: [1] as unknown as string[] }, { platforms: 'type' }],
    ['a numeric workplace', { workplace: 5 as unknown as string }, { workplace: 'type' }],
    ['an object as source', { source: {} as unknown as string }, { source: 'type' }],
  ])('%s → type, not required', (_case, overrides, expected) => {
    expect(problems(validApplicationBody(overrides))).toEqual(expected);
  });
});

describe('validateApplication: platforms must serve the trade (catalogue)', () => {
  it.each<[string, string, string[], Record<string, string> | null]>([
    ['meituan for a delivery rider', 'delivery_rider', ['meituan'], null],
    ['meituan and eleme for a delivery rider', 'delivery_rider', ['meituan', 'eleme'], null],
    ['meituan for a courier', 'courier', ['meituan'], { platforms: 'platforms.trade' }],
    ['dada for a delivery rider', 'delivery_rider', ['dada'], null],
    ['dada for a courier', 'courier', ['dada'], null],
    ['dada for a truck driver', 'truck_driver', ['dada'], { platforms: 'platforms.trade' }],
    ['didi for a ride-hailing driver', 'ride_hailing_driver', ['didi'], null],
    [
      'didi and meituan for a ride-hailing driver',
      'ride_hailing_driver',
      ['didi', 'meituan'],
      { platforms: 'platforms.trade' },
    ],
    ['huolala for a truck driver', 'truck_driver', ['huolala'], null],
    ['sf_express for a delivery rider', 'delivery_rider', ['sf_express'], { platforms: 'platforms.trade' }],
    [
      'meituan for an unknown trade: only the trade is reported',
      'pilot',
      ['meituan'],
      { trade: 'trade.unknown' },
    ],
  ])('%s', (_case, trade, platforms, expected) => {
    const result = validate(validApplicationBody({ trade, platforms }));
    if (expected === null) expect(result).toMatchObject({ ok: true });
    else expect(result).toEqual({ ok: false, fields: expected });
  });

  const pairs = catalogJson.trades.flatMap((trade) =>
    catalogJson.platforms
      .filter((platform) => platform.code !== 'other')
      .map((platform) => [trade.code, platform.code, platform.trades.includes(trade.code)] as const),
  );
  it.each(pairs)('catalogue pair %s + %s: accepted = %s', (trade, platform, serves) => {
    const result = validate(validApplicationBody({ trade, platforms: [platform] }));
    expect(result.ok).toBe(serves);
    if (!result.ok) expect(result.fields).toEqual({ platforms: 'platforms.trade' });
  });

  it.each(catalogJson.trades.map((t) => t.code))('other (described) is accepted for %s', (trade) => {
    expect(
      accepted(validApplicationBody({ trade, platforms: ['other'], platformOther: '本地平台' })),
    ).toMatchObject({
      trade,
      platforms: ['other'],
      platformOther: '本地平台',
    });
  });
});

describe('validateApplication: unknown fields and non-object bodies', () => {
  it.each<[string, Record<string, unknown>]>([
    ['status', { status: 'approved' }],
    ['memberId', { memberId: 'M1' }],
    ['isAdmin', { isAdmin: true }],
    ['a misspelt field (fullname)', { fullname: '王小明' }],
    ['constructor', { constructor: 'x' }],
  ])('refuses an unknown field: %s', (_case, extra) => {
    const [field] = Object.keys(extra);
    expect(problems({ ...validApplicationBody(), ...extra })).toEqual({ [field as string]: 'unknown_field' });
  });

  it('refuses a JSON "__proto__" key as an unknown field instead of swallowing it', () => {
    const body = JSON.parse(
      `{"__proto__": {"status": "approved"}, ${JSON.stringify(validApplicationBody()).slice(1)}`,
    );
    const result = validate(body);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.fields)).toEqual(['__proto__']);
      expect(Object.getOwnPropertyDescriptor(result.fields, '__proto__')?.value).toBe('unknown_field');
      expect(JSON.parse(JSON.stringify(result.fields))).toEqual(JSON.parse('{"__proto__":"unknown_field"}'));
    }
  });

  it('reports unknown fields alongside field problems', () => {
    expect(problems({ ...validApplicationBody({ fullName: '王' }), extra: 1 })).toEqual({
      fullName: 'fullName.length',
      extra: 'unknown_field',
    });
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['an array', [validApplicationBody()]],
    ['an empty array', []],
    ['a string', JSON.stringify(validApplicationBody())],
    ['a number', 42],
    ['true', true],
  ])('refuses %s as a body', (_case, body) => {
    expect(validate(body)).toEqual({ ok: false, fields: { body: 'body.object' } });
  });

  it('refuses an empty object field by field', () => {
    expect(problems({})).toEqual({
      fullName: 'required',
      phone: 'required',
      idNumber: 'required',
      trade: 'required',
      platforms: 'required',
      county: 'required',
      consent: 'consent.required',
      verificationCode: 'verificationCode.request',
    });
  });

  it('knows exactly the fields of the API contract (README, "The API, with curl")', () => {
    expect([...APPLICATION_FIELDS].sort()).toEqual(
      [
        'fullName',
        'phone',
        'idNumber',
        'trade',
        'platforms',
        'platformOther',
        'county',
        'workplace',
        'source',
        'consent',
        'locale',
        'verificationId',
        'verificationCode',
      ].sort(),
    );
  });
});

describe('validateApplication: the applicant’s age uses the injected clock in China time', () => {
  const sixteenOn15June2026 = idNumber(ZHAOYANG_REGION, '20100615', '321');
  it.each([
    ['the day before the 16th birthday (23:59 in China)', '2026-06-14T15:59:00Z', false],
    ['the 16th birthday (00:00 in China, still 14 June in UTC)', '2026-06-14T16:00:00Z', true],
  ])('%s → accepted: %s', (_case, at, ok) => {
    const result = validate(validApplicationBody({ idNumber: sixteenOn15June2026 }), new Date(at));
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.fields).toEqual({ idNumber: 'idNumber.age' });
  });
});
