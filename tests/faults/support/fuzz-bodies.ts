/**
 * Requests for `POST /api/applications`, generated from the API's own schema (APPLICATION_FIELDS,
 * the catalogue and the field rules of shared/domain/application-rules.ts): a valid body, then up to
 * four mutations (a field made invalid by its own rule, given a wrong type, dropped, or an unknown
 * field added), then put on the wire in one of many ways (JSON under several content types, wrong
 * or missing content types, truncated, oversize, not an object, raw bytes, unescaped lone
 * surrogates, deep nesting, duplicate keys, a byte-order mark), with or without an Idempotency-Key.
 * A valid body carries a well-formed verification whose id no other request has; it proves nothing
 * until the test stores it (`expected(…).input` says when a body passes the rules and what to store).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fc from 'fast-check';
import { toHttpApiEvent } from '../../../local/http-event';
import { catalog, OTHER_PLATFORM, platformsForTrade } from '../../../shared/catalog/index';
import {
  APPLICATION_FIELDS,
  type ApplicationInput,
  MAX_PLATFORMS,
  validateApplication,
} from '../../../shared/domain/application-rules';
import { normalisePhone } from '../../../shared/domain/phone';
import type { HttpEvent } from '../../../shared/http/types';
import { idNumber, withWrongCheckCharacter } from '../../support/id-numbers';

export const MAX_BODY_BYTES = 8 * 1024;

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗欧阳司马'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华'];
const TRADES = catalog.trades.map((t) => t.code);
const COUNTIES = catalog.counties.map((c) => c.code);
const PLATFORMS = catalog.platforms.map((p) => p.code);
const REGIONS = ['530602', '530621', '110105', '440305', '310115'];

const pad = (value: number, width: number) => String(value).padStart(width, '0');

// ── valid values, field by field ──────────────────────────────────────────────────────────────────

const validName = fc.oneof(
  fc
    .tuple(fc.constantFrom(...SURNAMES), fc.array(fc.constantFrom(...GIVEN), { minLength: 1, maxLength: 3 }))
    .map(([surname, given]) => `${surname}${given.join('')}`),
  fc.constantFrom('Li Wei', 'Ayşe Yılmaz', 'Ма Лин', '阿卜杜·热合曼', ' 王小明 '),
);

/**
 * 3-digit starts of real mobile numbers, one or more from each range of shared/domain/mobile-prefixes.ts
 * (listed here, not read from it, so the generator does not just echo the rule under test).
 */
const MOBILE_STARTS = [
  ...['130', '133', '134', '135', '138', '139', '145', '147', '149', '150', '153', '155', '159'],
  ...['162', '165', '166', '167', '170', '171', '172', '173', '175', '176', '177', '178'],
  ...['180', '181', '186', '189', '190', '191', '192', '193', '195', '196', '197', '198', '199'],
];
const mobile = fc
  .tuple(fc.constantFrom(...MOBILE_STARTS), fc.integer({ min: 0, max: 99_999_999 }))
  .map(([start, rest]) => `${start}${pad(rest, 8)}`);
/** An 11-digit mobile number as people write it. */
const styledPhone = (digits: fc.Arbitrary<string>) =>
  fc
    .tuple(digits, fc.constantFrom('plain', 'spaced', 'dashed', '+86', '0086'))
    .map(([phone, style]) =>
      style === 'spaced'
        ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`
        : style === 'dashed'
          ? `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`
          : style === '+86'
            ? `+86 ${phone}`
            : style === '0086'
              ? `0086${phone}`
              : phone,
    );
const validPhone = styledPhone(mobile);

const birth = (years: { min: number; max: number }) =>
  fc.record({
    region: fc.constantFrom(...REGIONS),
    year: fc.integer(years),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    sequence: fc.integer({ min: 0, max: 999 }),
  });
const idFrom = (b: { region: string; year: number; month: number; day: number; sequence: number }) =>
  idNumber(b.region, `${b.year}${pad(b.month, 2)}${pad(b.day, 2)}`, pad(b.sequence, 3));
/** An ID number, its check character X sometimes written in lower case. */
const anyCase = (id: fc.Arbitrary<string>) =>
  fc.tuple(id, fc.boolean()).map(([value, lower]) => (lower ? value.toLowerCase() : value));
const validId = anyCase(birth({ min: 1950, max: 2008 }).map(idFrom));

/**
 * A few people who apply again and again, in any spelling: with their own phone (the same person:
 * they get their application back) or with another (someone else with their ID number: a new
 * application, a conflict for reviewers).
 */
const REGULARS = Array.from({ length: 6 }, (_, i) => ({
  idNumber: idFrom({
    region: REGIONS[i % REGIONS.length] as string,
    year: 1975 + 3 * i,
    month: 1 + i,
    day: 10 + i,
    sequence: 100 + 37 * i,
  }),
  phone: `1391234${pad(i, 4)}`,
}));
const applicant = fc.oneof(
  { weight: 6, arbitrary: fc.record({ idNumber: validId, phone: validPhone }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...REGULARS).chain((regular) =>
      fc.record({
        idNumber: anyCase(fc.constant(regular.idNumber)),
        phone: styledPhone(fc.constant(regular.phone)),
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(...REGULARS)
      .chain((regular) => fc.record({ idNumber: anyCase(fc.constant(regular.idNumber)), phone: validPhone })),
  },
);

const validWork = fc.constantFrom(...TRADES).chain((trade) => {
  const codes = platformsForTrade(trade)
    .map((p) => p.code)
    .filter((code) => code !== OTHER_PLATFORM);
  return fc
    .subarray(codes, { minLength: 1, maxLength: Math.min(MAX_PLATFORMS, codes.length) })
    .map((platforms) => ({ trade, platforms }));
});

/**
 * A verification id no other request of this process has ('V' and 22 base64url characters, from a
 * counter: the same FAULTS_SEED gives the same ids), so no two requests share a code and no two
 * different requests have the same body.
 */
let verifications = 0;
const uniqueVerificationId = fc
  .constant(null)
  .map(
    () =>
      `V${createHash('sha256')
        .update(`fuzz-verification-${verifications++}`)
        .digest('base64url')
        .slice(0, 22)}`,
  );
/** Six digits, as typed or pasted with a space in the middle (the rule drops spaces). */
const validCode = fc.tuple(fc.integer({ min: 0, max: 999_999 }), fc.boolean()).map(([n, spaced]) => {
  const code = pad(n, 6);
  return spaced ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
});

const validBody = fc
  .record({
    fullName: validName,
    applicant,
    work: validWork,
    county: fc.constantFrom(...COUNTIES),
    workplace: fc.option(fc.string({ unit: 'grapheme-composite', maxLength: 30 }), { nil: undefined }),
    source: fc.option(fc.stringMatching(/^[a-z0-9-]{1,40}$/), { nil: undefined }),
    locale: fc.option(fc.constantFrom('zh-CN', 'en'), { nil: undefined }),
    verificationId: uniqueVerificationId,
    verificationCode: validCode,
  })
  .map(({ applicant: who, work, ...rest }) => {
    const body: Record<string, unknown> = { ...rest, ...who, ...work, consent: true };
    for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
    return body;
  });

// ── invalid values ────────────────────────────────────────────────────────────────────────────────

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const oddCharacter = fc.oneof(
  loneSurrogate,
  fc.constantFrom(
    '\u0000',
    '\u0007',
    '\u202e',
    '\u200b',
    '\ufeff',
    '<',
    '>',
    '\n',
    '"',
    '\\',
    '😀',
    '𠀀',
    'é',
  ),
);
const oddString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.string({ unit: oddCharacter, minLength: 1, maxLength: 12 }),
  fc.tuple(validName, oddCharacter).map(([name, odd]) => `${name.slice(0, 1)}${odd}${name.slice(1)}`),
  fc.integer({ min: 100, max: 12_000 }).map((n) => '站'.repeat(n)),
  fc.constantFrom('', ' ', '\t', 'null', 'undefined', '0', '<script>alert(1)</script>', "' OR 1=1 --"),
);
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 4 }),
  fc.object({ maxDepth: 1, maxKeys: 3 }),
);

const invalidFor: Record<(typeof APPLICATION_FIELDS)[number], fc.Arbitrary<unknown>> = {
  fullName: fc.oneof(
    oddString,
    fc.tuple(validName, fc.integer({ min: 0, max: 9 })).map(([name, digit]) => `${name}${digit}`),
    fc.constantFrom('张', '王'.repeat(41)),
  ),
  phone: fc.oneof(
    oddString,
    fc.stringMatching(/^1[0-2]\d{9}$/),
    // 11 digits, but no mobile service: IoT-only (140–144, 146, 148), unassigned or kept for other services.
    fc.stringMatching(/^1(?:4[0-468]|54|6[03489]|79|94)\d{8}$/),
    fc.stringMatching(/^1[3-9]\d{8,9}$/).filter((p) => p.length !== 11),
    fc.stringMatching(/^1[3-9]\d{10,12}$/),
    fc.constantFrom('010-12345678', '+1 415 555 0100', '+86', '138****5678'),
  ),
  idNumber: fc.oneof(
    oddString,
    birth({ min: 1950, max: 2008 }).map((b) => withWrongCheckCharacter(idFrom(b))),
    birth({ min: 2012, max: 2025 }).map(idFrom), // too young
    birth({ min: 1950, max: 2000 }).map((b) => idNumber(b.region, `${b.year}0230`, pad(b.sequence, 3))),
    // a valid check character, but no province starts 00, 10, 72 or 99 (GB/T 2260)
    fc
      .tuple(birth({ min: 1950, max: 2000 }), fc.constantFrom('000000', '100101', '720101', '990101'))
      .map(([b, region]) => idFrom({ ...b, region })),
    fc.stringMatching(/^\d{17}$|^\d{19}$|^\d{15}$/),
    fc.constantFrom('530602********1234', 'ABCDEFGHIJKLMNOPQR'),
  ),
  trade: fc.oneof(oddString, fc.constantFrom('pilot', 'COURIER', 'courier ', OTHER_PLATFORM)),
  platforms: fc.oneof(
    fc.constant([]),
    fc.array(fc.constantFrom(...PLATFORMS), { minLength: MAX_PLATFORMS + 1, maxLength: 8 }),
    fc.constantFrom(...PLATFORMS).map((p) => [p, p]),
    fc.array(oddString, { minLength: 1, maxLength: 3 }),
    fc.array(wrongType, { minLength: 1, maxLength: 3 }),
    fc.constantFrom(['didi'], ['meituan'], ['full_truck_alliance'], [OTHER_PLATFORM]), // may not serve the trade
    oddString,
  ),
  platformOther: fc.oneof(oddString, fc.constantFrom('x', '平'.repeat(41), '美团众包')),
  county: fc.oneof(oddString, fc.constantFrom('beijing', 'Zhaoyang', 'zhaoyang ')),
  workplace: fc.oneof(oddString, fc.constantFrom('站'.repeat(81), '<b>站</b>')),
  source: fc.oneof(oddString, fc.constantFrom('Station-1', 'a'.repeat(41), 'qr_code', '二维码')),
  consent: fc.constantFrom(false, 'true', 1, 0, null, 'yes', [true], { value: true }),
  locale: fc.oneof(oddString, fc.constantFrom('fr', 'EN', 'zh', 'zh-TW')),
  verificationId: fc.oneof(
    oddString,
    fc.constantFrom('V', `V${'a'.repeat(21)}`, `X${'a'.repeat(22)}`, 'V-seed-1'),
  ),
  verificationCode: fc.oneof(
    oddString,
    fc.stringMatching(/^\d{5}$|^\d{7}$/),
    fc.constantFrom('12345a', '１２３４５６', '123 45', '-12345'),
  ),
};

const extraKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'fullname',
    'id_number',
    'Consent',
    'phone ',
  ),
  fc.string({ maxLength: 12 }),
);

type Mutation = { kind: 'set'; field: string; value: unknown } | { kind: 'drop'; field: string };
const fieldName = fc.constantFrom(...APPLICATION_FIELDS);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fieldName.chain((field) =>
      invalidFor[field].map((value) => ({ kind: 'set' as const, field, value })),
    ),
  },
  {
    weight: 2,
    arbitrary: fieldName.chain((field) => wrongType.map((value) => ({ kind: 'set' as const, field, value }))),
  },
  { weight: 2, arbitrary: fieldName.map((field) => ({ kind: 'drop' as const, field })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(extraKey, fc.anything({ maxDepth: 1 }))
      .map(([field, value]) => ({ kind: 'set' as const, field, value })),
  },
);

const applyMutations = (base: Record<string, unknown>, mutations: Mutation[]): Record<string, unknown> => {
  const body = { ...base };
  for (const m of mutations) {
    if (m.kind === 'drop') delete body[m.field];
    // defineProperty: a key "__proto__" becomes an own property (and so a JSON key), as a client could send it.
    else
      Object.defineProperty(body, m.field, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return body;
};

// ── on the wire ───────────────────────────────────────────────────────────────────────────────────

export interface WireRequest {
  /** Exactly the bytes sent. */
  bytes: Buffer;
  contentType?: string;
  idempotencyKey?: string;
  /** How the body was put on the wire (for failure messages). */
  how: string;
  /** The body object before encoding. */
  body: Record<string, unknown>;
}

const json = (body: unknown) => JSON.stringify(body) ?? 'null';

const wire = (body: Record<string, unknown>): fc.Arbitrary<Omit<WireRequest, 'idempotencyKey'>> => {
  const text = json(body);
  const as = (how: string, bytes: Buffer | string, contentType?: string) => ({
    how,
    body,
    bytes: typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes,
    ...(contentType === undefined ? {} : { contentType }),
  });
  return fc.oneof(
    { weight: 14, arbitrary: fc.constant(as('json', text, 'application/json')) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          'application/json; charset=utf-8',
          'application/vnd.api+json',
          'APPLICATION/JSON',
          'application/merge-patch+json',
        )
        .map((type) => as(`json as ${type}`, text, type)),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          undefined,
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
          'text/json',
          'application/jsonp',
          'json',
        )
        .map((type) => as(`json as ${type ?? 'no content type'}`, text, type)),
    },
    {
      weight: 2,
      arbitrary: fc
        .nat()
        .map((n) => as('truncated', text.slice(0, n % Math.max(text.length, 1)), 'application/json')),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: MAX_BODY_BYTES - text.length + 1, max: MAX_BODY_BYTES * 3 })
        .map((n) => as('oversize', `${text}${' '.repeat(Math.max(n, 1))}`, 'application/json')),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('null', '[]', '42', '"text"', 'true', '{}', '[{}]', '')
        .map((raw) => as(`top level ${raw || 'empty'}`, raw, 'application/json')),
    },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ maxLength: 300 })
        .map((raw) => as('raw bytes', Buffer.from(raw), 'application/json')),
    },
    {
      weight: 1,
      arbitrary: loneSurrogate.map((s) =>
        as('unescaped lone surrogate', text.replace(/"fullName":"/, `"fullName":"${s}`), 'application/json'),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 50, max: 4000 })
        .map((n) => as('deep nesting', `${'['.repeat(n)}${']'.repeat(n)}`, 'application/json')),
    },
    {
      weight: 1,
      arbitrary: fc.constant(as('duplicate keys', `{"consent":false,${text.slice(1)}`, 'application/json')),
    },
    { weight: 1, arbitrary: fc.constant(as('byte-order mark', `\ufeff${text}`, 'application/json')) },
  );
};

/** One request. `keyPool` keys repeat across requests (so reuse with another body happens). */
export const fuzzRequest = (options: { asciiKeysOnly?: boolean } = {}): fc.Arbitrary<WireRequest> =>
  fc
    .record({
      base: validBody,
      mutations: fc.oneof(
        { weight: 3, arbitrary: fc.constant<Mutation[]>([]) },
        { weight: 7, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }) },
      ),
      key: fc.option(
        fc.oneof(
          fc.constantFrom('fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3'),
          fc.stringMatching(/^[\x21-\x7e]{1,64}$/),
          options.asciiKeysOnly
            ? fc.constantFrom('k'.repeat(65), 'with space', '')
            : fc.oneof(fc.string({ unit: 'binary', maxLength: 70 }), fc.constantFrom('k'.repeat(65), '键')),
        ),
        { nil: undefined, freq: 2 },
      ),
    })
    .chain(({ base, mutations, key }) =>
      wire(applyMutations(base, mutations)).map((request) => ({
        ...request,
        ...(key === undefined ? {} : { idempotencyKey: key }),
      })),
    );

/** The API Gateway event the local gateway makes of these bytes (the same function builds both). */
export const eventOf = (request: WireRequest): HttpEvent => {
  const headers: Record<string, string> = { host: '127.0.0.1' };
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
  const incoming = {
    headers,
    method: 'POST',
    httpVersion: '1.1',
    socket: { remoteAddress: '127.0.0.1' },
  } as unknown as IncomingMessage;
  return toHttpApiEvent(incoming, new URL('http://127.0.0.1/api/applications'), request.bytes, {
    routeKey: 'POST /api/applications',
  }) as HttpEvent;
};

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,64}$/;

/**
 * What the API promises for this request (README, "The API, with curl"), worked out independently of the handler's
 * middleware: 413 over 8 KiB, 415 unless JSON, 400 for broken JSON, a body the rules refuse (the
 * verification's among them: an id of the right shape, a code of six digits) or a bad
 * Idempotency-Key; otherwise it is acceptable — provided its verification is real (stored, unspent,
 * bound to its phone, with its code): 202, a new application or the one this ID number and phone
 * already have, or 422 when its key was used with another body. `input` is there whenever the body
 * passes the rules: what the test stores as the verification before sending it.
 */
export const expected = (
  event: HttpEvent,
):
  | { accept: false; status: number; error: string; input?: ApplicationInput }
  | { accept: true; input: ApplicationInput } => {
  const raw = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) return { accept: false, status: 413, error: 'payload_too_large' };
  if (!JSON_MEDIA_TYPE.test(event.headers?.['content-type'] ?? ''))
    return { accept: false, status: 415, error: 'unsupported_media_type' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    return { accept: false, status: 400, error: 'invalid_json' };
  }
  const valid = validateApplication(parsed);
  if (!valid.ok) return { accept: false, status: 400, error: 'validation_failed' };
  const key = event.headers?.['idempotency-key'];
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key))
    return { accept: false, status: 400, error: 'invalid_idempotency_key', input: valid.value };
  return { accept: true, input: valid.value };
};

/** Full ID and phone numbers a request carries in any field, for the privacy sweep's ledger. */
export const sensitiveValuesOf = (request: WireRequest): { idNumbers: string[]; phones: string[] } => {
  const idNumbers: string[] = [];
  const phones: string[] = [];
  for (const value of Object.values(request.body)) {
    if (typeof value !== 'string') continue;
    const trimmed = value.trim().toUpperCase();
    if (/^\d{17}[\dX]$/.test(trimmed)) idNumbers.push(trimmed);
    const phone = normalisePhone(value);
    if (phone) phones.push(phone);
  }
  return { idNumbers, phones };
};
