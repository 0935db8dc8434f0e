/**
 * The request schemas of the API description against the validators the handlers run (which stay the
 * authority, with their localised messages): every body a validator accepts — the bodies its own unit
 * tests use, and many made up from their fields — must be valid against the schema; and the bodies it
 * refuses for a type, an unknown code or a missing field must be refused by the schema too.
 */
import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestedPeriod } from '../../functions/reports/reports';
import { openApiDocument } from '../../shared/api/openapi';
import { validateApplication } from '../../shared/domain/application-rules';
import { validateContact } from '../../shared/domain/contact';
import { validateBulkEnvelope, validateBulkItem, validateDecision } from '../../shared/domain/decision';
import { validateInvitation, validateNewStaff, validateStaffChange } from '../../shared/domain/staff-rules';
import {
  validateLeave,
  validateNewUnion,
  validateTransfer,
  validateUnionChange,
} from '../../shared/domain/union';
import { validateVerificationRequest } from '../../shared/domain/verification-rules';
import { validApplicationBody } from '../support/applications';
import {
  ADULT_ID_NUMBER,
  idNumberEndingInX,
  withWrongCheckCharacter,
  ZHAOYANG_REGION,
} from '../support/id-numbers';

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(openApiDocument(), 'openapi.json');
const schema = (name: string) => {
  const validate = ajv.getSchema(`openapi.json#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  return (body: unknown) => ({ ok: validate(body), errors: JSON.stringify(validate.errors) });
};

/** Noon on 15 June 2026 in China, as the validator's own tests. */
const NOW = new Date('2026-06-15T04:00:00Z');
const accepts = {
  application: (body: unknown) => validateApplication(body, () => NOW).ok,
  codeRequest: (body: unknown) => validateVerificationRequest(body).ok,
  decision: (body: unknown) => validateDecision(body).ok,
  bulk: (body: unknown) => {
    const envelope = validateBulkEnvelope(body);
    return envelope.ok && envelope.value.items.every((item) => validateBulkItem(item).ok);
  },
  contact: (body: unknown) => validateContact(body).ok,
  newStaff: (body: unknown) => validateNewStaff(body).ok,
  staffChange: (body: unknown) => validateStaffChange(body).ok,
  invitation: (body: unknown) => validateInvitation(body).ok,
  newUnion: (body: unknown) => validateNewUnion(body).ok,
  unionChange: (body: unknown) => validateUnionChange(body).ok,
  transfer: (body: unknown) => validateTransfer(body).ok,
  bulkTransfer: (body: unknown) => validateTransfer(body, true).ok,
  leave: (body: unknown) => validateLeave(body).ok,
  report: (body: unknown) => {
    try {
      requestedPeriod(body, NOW);
      return true;
    } catch {
      return false;
    }
  },
};
type Rule = keyof typeof accepts;

const SCHEMA_OF: Record<Rule, string> = {
  application: 'ApplicationRequest',
  codeRequest: 'CodeRequest',
  decision: 'DecisionRequest',
  bulk: 'BulkDecisionRequest',
  contact: 'ContactRequest',
  newStaff: 'NewStaffRequest',
  staffChange: 'StaffChangeRequest',
  invitation: 'InvitationRequest',
  newUnion: 'NewUnionRequest',
  unionChange: 'UnionChangeRequest',
  transfer: 'TransferRequest',
  bulkTransfer: 'BulkTransferRequest',
  leave: 'LeaveRequest',
  report: 'GenerateReportRequest',
};

const X_ID = idNumberEndingInX(ZHAOYANG_REGION, '19900307');
const app = validApplicationBody;
const meituan = {
  name: ' 美团昭阳区工会 ',
  kind: 'platform',
  county: 'zhaoyang',
  platform: 'meituan',
  setUpOn: '2026-11-30',
};
const A = 'A261128-7K3F9QXM';

/** The bodies the validators' unit tests use (tests/unit/application-rules, altcha, staff, digest, union, deadline-report), and a few more. */
const FIXTURES: Record<Rule, unknown[]> = {
  application: [
    app(),
    app({ phone: '+86 138-1234-5678' }),
    app({ phone: '138 1234 5678' }),
    app({ phone: '0086-138-1234-5678' }),
    app({ phone: '8613812345678' }),
    app({ phone: '(138) 1234-5678' }),
    app({ idNumber: X_ID.toLowerCase() }),
    app({ idNumber: ` ${ADULT_ID_NUMBER} ` }),
    app({ fullName: '  王小明 ' }),
    app({ fullName: '买买提·艾力' }),
    app({ fullName: '欧'.repeat(40) }),
    app({ fullName: 'Li Lei' }),
    app({ fullName: '王\t小明' }),
    app({ workplace: '站'.repeat(80) }),
    app({ workplace: ` ${'站'.repeat(80)}\n` }),
    app({ workplace: ' 昭阳区北门站 ' }),
    app({ workplace: '' }),
    app({ workplace: '   ' }),
    app({ source: 'qr-station-07' }),
    app({ source: 'a'.repeat(40) }),
    app({ locale: 'en' }),
    app({ locale: 'zh-CN' }),
    app({ trade: 'courier', platforms: ['sf_express', 'jd_logistics', 'zto', 'yto', 'yunda'] }),
    app({ platforms: ['other'], platformOther: ' 闪送 ' }),
    app({ platforms: ['other'], platformOther: '本地平台' }),
    app({ platformOther: '' }),
    app({ platformOther: '   ' }),
    app({ trade: 'delivery_rider', platforms: ['meituan', 'eleme'] }),
    app({ trade: 'truck_driver', platforms: ['huolala'] }),
    app({ verificationCode: ' 48 29 13 ' }),
    // Refused by the validator (the test only needs the accepted ones to pass the schema).
    app({ fullName: '王' }),
    app({ fullName: '王小明1' }),
    app({ phone: '15412345678' }),
    app({ idNumber: withWrongCheckCharacter(ADULT_ID_NUMBER) }),
    app({ trade: 'courier', platforms: ['meituan'] }),
    app({ platforms: ['other'] }),
  ],
  codeRequest: [
    { phone: '13912345678', altcha: 'abc' },
    { phone: '+86 139 1234 5678', altcha: 'x'.repeat(4096), locale: 'en' },
    { phone: '13912345678' },
    { phone: '13912345678', altcha: '' },
    { phone: '13912345678', altcha: 'x'.repeat(4097) },
  ],
  decision: [
    { decision: 'approve' },
    { decision: 'approve', reason: '' },
    { decision: 'approve', reason: '  ' },
    { decision: 'approve', reason: '材料齐全' },
    { decision: 'reject', reason: '资料不全' },
    { decision: 'reject', reason: ' 第一行\n第二行\t' },
    { decision: 'reject', reason: '理'.repeat(500) },
    { decision: 'reject', reason: '  ' },
    { decision: 'reject' },
  ],
  bulk: [
    { items: [{ applicationId: A, decision: 'approve' }] },
    {
      items: [
        { applicationId: A, decision: 'approve' },
        { applicationId: 'A261128-2B5D8FHJ', decision: 'reject', reason: '资料不全' },
      ],
    },
    { items: Array.from({ length: 25 }, () => ({ applicationId: A, decision: 'approve' })) },
    { items: [{ applicationId: 'A1', decision: 'approve' }] },
  ],
  contact: [
    { outcome: 'reached' },
    { outcome: 'no_answer', note: '  关机  ' },
    { outcome: 'wrong_number', note: '' },
    { outcome: 'reached', note: '话'.repeat(200) },
    { outcome: 'reached', note: '第一行\n第二行' },
    { outcome: 'reached', note: '话'.repeat(201) },
    { outcome: 'reached', note: '<b>' },
  ],
  newStaff: [
    { subject: 'u-1', displayName: '李四', role: 'reviewer', counties: ['zhaoyang'] },
    { subject: 'u-2', displayName: 'Root', role: 'admin', counties: ['ludian'] },
    { subject: 'u-3', displayName: 'Root', role: 'admin' },
    { subject: ' u-4 ', displayName: ' 王五 ', role: 'reviewer', counties: '*' },
    { subject: 'zhao', displayName: '赵', role: 'reviewer', counties: ['ludian'], contact: '13800138000' },
    { subject: 'zhao', displayName: '赵', role: 'admin', contact: null },
    { subject: 'zhao', displayName: '赵', role: 'admin', contact: '' },
    { issuer: 'https://sso.union.example/realms/staff', subject: 'x', displayName: 'X', role: 'admin' },
    { subject: 'u', displayName: 'X', role: 'reviewer' },
    { subject: 'u v', displayName: 'X', role: 'admin' },
    { subject: 'zhao', displayName: '赵', role: 'admin', contact: '110' },
  ],
  staffChange: [
    {},
    { active: false },
    { contact: null },
    { contact: ' 138 0013 8000 ' },
    { displayName: '李四', role: 'reviewer', counties: ['zhaoyang', 'ludian'] },
    { role: 'admin', counties: '*' },
    { active: 'no', version: 3 },
    { contact: 'a@b.cn' },
  ],
  invitation: [
    { displayName: 'X', role: 'reviewer', counties: ['shuifu'] },
    { displayName: 'X', role: 'admin' },
    { subject: 'u', displayName: 'X', role: 'admin' },
  ],
  newUnion: [
    meituan,
    { ...meituan, trade: '' },
    { ...meituan, trade: null },
    { ...meituan, kind: 'industry', platform: undefined, trade: 'courier' },
    { ...meituan, kind: 'industry', platform: '', trade: 'courier' },
    { ...meituan, kind: 'joint', platform: undefined, trade: 'courier' },
    { ...meituan, kind: 'joint' },
    { ...meituan, setUpOn: '2024-02-29' },
    { ...meituan, platform: undefined },
    { ...meituan, kind: 'fallback' },
    { ...meituan, setUpOn: '2026-02-30' },
    { ...meituan, name: '<script>' },
  ],
  unionChange: [
    { status: 'dissolved', reason: '合并' },
    { name: ' 新名字 ' },
    { name: '新名字', status: 'dissolved', dissolvedOn: '2026-11-30' },
    {},
    { status: 'active' },
    { dissolvedOn: '2026-11-30' },
  ],
  transfer: [
    { to: 'U-zhaoyang-4K2M', reason: '换平台' },
    { to: 'U-a', reason: ' r ' },
    { to: 'zhaoyang', reason: '' },
    { to: 'U-a', reason: 'r', platform: 'meituan' },
  ],
  bulkTransfer: [
    { to: 'U-a', reason: 'r', platform: 'meituan' },
    { to: 'U-zhaoyang-fallback', reason: '解散' },
  ],
  leave: [
    { reason: 'moved_away' },
    { reason: 'moved_away', note: '回老家' },
    { reason: 'other', note: '' },
    { reason: 'other', note: '   ' },
    { reason: '不想干了' },
  ],
  report: [
    {},
    undefined,
    { kind: 'weekly' },
    { kind: 'monthly' },
    { from: '2026-01-01', to: '2026-01-31' },
    { from: '2026-02-01', to: '2026-02-30' },
    { from: '2026-01-01', to: '2026-01-31', kind: 'anything' },
    { kind: 'yearly' },
    { from: '2026-01-01' },
  ],
};

describe.each(Object.keys(SCHEMA_OF) as Rule[])(
  '%s: what the validator accepts, the schema accepts',
  (rule) => {
    const validAgainstSchema = schema(SCHEMA_OF[rule]);

    it('for the bodies of the validator’s tests', () => {
      const acceptedBodies = FIXTURES[rule].filter((body) => accepts[rule](body));
      expect(acceptedBodies.length).toBeGreaterThan(0);
      for (const body of acceptedBodies) {
        // No body at all is a request without a body (the report route's optional one): nothing to check.
        if (body === undefined) continue;
        const result = validAgainstSchema(JSON.parse(JSON.stringify(body)));
        expect(result.ok, `${JSON.stringify(body)}: ${result.errors}`).toBe(true);
      }
    });
  },
);

/** Each field's values: some valid, some not, some of the wrong type; a field may also be left out. */
const property = (fields: Record<string, unknown[]>, rule: Rule, alwaysPresent: string[] = []) => {
  const validAgainstSchema = schema(SCHEMA_OF[rule]);
  const bodies = fc.record(
    Object.fromEntries(Object.entries(fields).map(([name, values]) => [name, fc.constantFrom(...values)])),
    { requiredKeys: alwaysPresent },
  );
  let accepted = 0;
  fc.assert(
    fc.property(bodies, (body) => {
      if (!accepts[rule](body)) return true;
      accepted++;
      const result = validAgainstSchema(JSON.parse(JSON.stringify(body)));
      if (!result.ok) throw new Error(`${JSON.stringify(body)}: ${result.errors}`);
      return true;
    }),
    { numRuns: 400, seed: 14 },
  );
  expect(accepted, 'the validator accepted none of the bodies made up').toBeGreaterThan(0);
};

describe('made-up bodies the validators accept are valid against the schemas', () => {
  const text = ['', ' ', '王小明', ' 昭阳区 ', '<b>', 'a\nb', 42, null];
  it('applications', () =>
    property(
      {
        ...Object.fromEntries(Object.entries(app()).map(([name, value]) => [name, [value]])),
        fullName: ['王小明', ' 王小明 ', '王', 'Li Lei', 12],
        phone: ['13812345678', '+86 138 1234 5678', '8613812345678', '12345', 13812345678],
        platforms: [['meituan'], ['meituan', 'eleme'], ['other'], [], 'meituan'],
        platformOther: ['', '  ', '闪送', ' 闪送 ', '闪', 1],
        workplace: text,
        source: ['qr-1', '', 'QR', 1],
        locale: ['en', 'zh-CN', 'fr', 1],
        consent: [true, false, 'true'],
        verificationCode: ['482913', ' 482 913 ', '48291', 482913],
      },
      'application',
    ));
  it('decisions', () =>
    property({ decision: ['approve', 'reject', 'hold', 1], reason: [...text, '理由\t说明'] }, 'decision'));
  it('contact notes', () =>
    property(
      { outcome: ['reached', 'no_answer', 'busy', 1], note: [...text, '第一行\r\n第二行'] },
      'contact',
    ));
  it('new staff', () =>
    property(
      {
        issuer: ['https://sso.example/x', 'ftp://x', 1],
        subject: ['u-1', ' u-1 ', 'u v', '', 1],
        displayName: ['李四', ' 李四 ', '', 'X\u202e', 1],
        role: ['reviewer', 'admin', 'root'],
        counties: [['zhaoyang'], '*', [], ['atlantis'], ['zhaoyang', 'zhaoyang'], 'zhaoyang'],
        contact: ['13800138000', ' 138 0013 8000 ', '', null, '110', 1],
      },
      'newStaff',
    ));
  it('staff changes', () =>
    property(
      {
        displayName: ['李四', '', 1],
        role: ['reviewer', 'admin', 'x'],
        counties: [['ludian'], '*', []],
        active: [true, false, 'no'],
        contact: ['13800138000', null, '', 'a@b.cn'],
      },
      'staffChange',
    ));
  it('new unions', () =>
    property(
      {
        name: ['美团工会', ' 美团工会 ', '', '   ', 1, null],
        kind: ['platform', 'industry', 'joint', 'fallback'],
        county: ['zhaoyang', 'atlantis', 1],
        platform: ['meituan', '', null, 'uber', 1],
        trade: ['courier', '', null, 'pilot'],
        setUpOn: ['2026-11-30', '2024-02-29', '2026-02-30', '30/11/2026'],
      },
      'newUnion',
      ['name', 'kind', 'county', 'setUpOn'],
    ));
  it('union changes', () =>
    property(
      {
        name: ['新名字', '', 1],
        status: ['dissolved', 'active'],
        dissolvedOn: ['2026-11-30', '2026-02-30'],
        reason: ['合并', '', '  ', 1],
      },
      'unionChange',
    ));
  it('leaving', () =>
    property({ reason: ['moved_away', 'deceased', 'bored', 1], note: ['', '  ', '回老家', 1] }, 'leave'));
  it('reports', () =>
    property(
      {
        kind: ['weekly', 'monthly', 'yearly', 1],
        from: ['2026-01-01', '2026-02-30', '2026-13-01', 20260101],
        to: ['2026-01-31', '2026-01-01', '2026-12-31'],
      },
      'report',
    ));
});

/** Refused by the validator for a type, an unknown code or a missing field. */
const REFUSED: Array<[Rule, string, unknown]> = [
  ['application', 'a numeric fullName', app({ fullName: 12345 as unknown as string })],
  ['application', 'a numeric phone', app({ phone: 13812345678 as unknown as string })],
  ['application', 'a null idNumber', app({ idNumber: null as unknown as string })],
  ['application', 'platforms as a string', app({ platforms: 'meituan' as unknown as string[] })],
  ['application', 'a number among the platforms', app({ platforms: [1] as unknown as string[] })],
  ['application', 'an unknown platform', app({ platforms: ['uber'] })],
  [
    'application',
    'too many platforms',
    app({ trade: 'courier', platforms: ['sf_express', 'jd_logistics', 'zto', 'yto', 'yunda', 'sto'] }),
  ],
  ['application', 'a duplicated platform', app({ platforms: ['meituan', 'meituan'] })],
  ['application', 'an unknown trade', app({ trade: 'pilot' })],
  ['application', 'an unknown county', app({ county: 'kunming' })],
  ['application', 'consent false', app({ consent: false })],
  ['application', 'consent "true"', app({ consent: 'true' as unknown as boolean })],
  ['application', 'an unknown locale', app({ locale: 'fr' })],
  ['application', 'an object as source', app({ source: {} as unknown as string })],
  ['application', 'a numeric workplace', app({ workplace: 5 as unknown as string })],
  ['application', 'an unknown field', { ...app(), status: 'approved' }],
  ['application', 'no fullName', { ...app(), fullName: undefined }],
  ['application', 'no verificationId', { ...app(), verificationId: undefined }],
  ['application', 'an array', [app()]],
  ['application', 'an empty object', {}],
  ['codeRequest', 'no altcha', { phone: '13912345678' }],
  ['codeRequest', 'a numeric altcha', { phone: '13912345678', altcha: 42 }],
  ['codeRequest', 'no phone', { altcha: 'abc' }],
  ['codeRequest', 'an unknown locale', { phone: '13912345678', altcha: 'abc', locale: 'fr' }],
  ['codeRequest', 'an unknown field', { phone: '13912345678', altcha: 'abc', code: '1' }],
  ['decision', 'no decision', { reason: 'x' }],
  ['decision', 'an unknown decision', { decision: 'hold' }],
  ['decision', 'a numeric reason', { decision: 'reject', reason: 1 }],
  ['decision', 'a reject without reason', { decision: 'reject' }],
  ['decision', 'an unknown field', { decision: 'approve', by: 'me' }],
  ['bulk', 'no items', {}],
  ['bulk', 'items as an object', { items: {} }],
  ['bulk', 'no items in the list', { items: [] }],
  ['bulk', 'an unknown field', { items: [{ applicationId: A, decision: 'approve' }], dryRun: true }],
  ['contact', 'no outcome', {}],
  ['contact', 'an unknown outcome', { outcome: 'busy' }],
  ['contact', 'a numeric note', { outcome: 'reached', note: 1 }],
  ['contact', 'an unknown field', { outcome: 'reached', by: 'x' }],
  ['contact', 'an array', []],
  ['newStaff', 'no role', { subject: 'u', displayName: 'X' }],
  ['newStaff', 'an unknown role', { subject: 'u', displayName: 'X', role: 'root' }],
  ['newStaff', 'no displayName', { subject: 'u', role: 'admin' }],
  [
    'newStaff',
    'an unknown county',
    { subject: 'u', displayName: 'X', role: 'reviewer', counties: ['atlantis'] },
  ],
  [
    'newStaff',
    'counties as a string',
    { subject: 'u', displayName: 'X', role: 'reviewer', counties: 'zhaoyang' },
  ],
  ['staffChange', 'active as a string', { active: 'no' }],
  ['staffChange', 'an unknown field', { version: 3 }],
  ['staffChange', 'an unknown role', { role: 'root' }],
  ['invitation', 'a subject', { subject: 'u', displayName: 'X', role: 'admin' }],
  ['invitation', 'no role', { displayName: 'X' }],
  ['newUnion', 'a fallback union', { ...meituan, kind: 'fallback' }],
  ['newUnion', 'no kind', { ...meituan, kind: undefined }],
  ['newUnion', 'an unknown county', { ...meituan, county: 'atlantis' }],
  ['newUnion', 'an unknown platform', { ...meituan, platform: 'uber' }],
  ['newUnion', 'no set-up date', { ...meituan, setUpOn: undefined }],
  ['newUnion', 'a numeric name', { ...meituan, name: 1 }],
  ['newUnion', 'an unknown field', { ...meituan, colour: 'red' }],
  ['unionChange', 'an unknown status', { status: 'active' }],
  ['unionChange', 'nothing to change', {}],
  ['unionChange', 'an unknown field', { name: 'x', kind: 'joint' }],
  ['transfer', 'no union', { reason: 'r' }],
  ['transfer', 'no reason', { to: 'U-a' }],
  ['transfer', 'a platform', { to: 'U-a', reason: 'r', platform: 'meituan' }],
  ['bulkTransfer', 'an unknown platform', { to: 'U-a', reason: 'r', platform: 'uber' }],
  ['leave', 'no reason', {}],
  ['leave', 'an unknown reason', { reason: 'bored' }],
  ['leave', 'a numeric note', { reason: 'other', note: 1 }],
  ['report', 'an unknown kind', { kind: 'yearly' }],
  ['report', 'from without to', { from: '2026-01-01' }],
  ['report', 'a numeric day', { from: 20260101, to: '2026-01-31' }],
  ['report', 'an unknown field', { period: 'last week' }],
];

describe('what the validator refuses for a type, a code or a missing field, the schema refuses', () => {
  it.each(REFUSED)('%s: %s', (rule, _case, body) => {
    expect(accepts[rule](body), 'the validator accepts it').toBe(false);
    expect(schema(SCHEMA_OF[rule])(JSON.parse(JSON.stringify(body))).ok).toBe(false);
  });
});
