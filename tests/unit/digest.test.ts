/** The working-day digest: who gets what (shared/domain/digest.ts) and the SMS templates it and decisions use. */
import { describe, expect, it } from 'vitest';
import {
  countyDigests,
  DIGEST_OLDEST_SHOWN,
  digestFor,
  digestSms,
  type PendingApplication,
} from '../../shared/domain/digest';
import { normaliseContact } from '../../shared/domain/staff';
import { validateNewStaff, validateStaffChange } from '../../shared/domain/staff-rules';
import { addWorkingDays } from '../../shared/domain/working-days';
import { decisionNotification, parseNotificationMessage } from '../../shared/queue/notifications';
import { fitParams, renderSms, SMS_TEMPLATES, type SmsMessage } from '../../shared/sms/templates';

const TODAY = '2026-03-10'; // a Tuesday, an ordinary working day
/** Submitted `n` working days before today (15 working days to decide). */
const submitted = (n: number, county: string, id: string): PendingApplication => ({
  applicationId: id,
  county,
  submittedAt: `${addWorkingDays(TODAY, -n)}T02:00:00.000Z`,
});

const pending = [
  submitted(17, 'zhaoyang', 'A260101-OVERDUE1'), // overdue
  submitted(16, 'zhaoyang', 'A260102-OVERDUE2'),
  submitted(15, 'zhaoyang', 'A260103-DUETODAY'), // due today
  submitted(12, 'zhaoyang', 'A260104-DUEIN3WD'), // due in 3 working days
  submitted(10, 'zhaoyang', 'A260105-DUEIN5WD'), // not yet worth a reminder
  submitted(13, 'ludian', 'A260106-LUDIANDU'),
  submitted(20, 'yanjin', 'A260107-YANJINOV'),
];
const byCounty = countyDigests(pending, TODAY);

describe('countyDigests', () => {
  it('counts due within 3 working days (today included) and overdue, per county, oldest first', () => {
    expect(byCounty.get('zhaoyang')).toEqual({
      county: 'zhaoyang',
      dueSoon: 2,
      overdue: 2,
      oldest: ['A260101-OVERDUE1', 'A260102-OVERDUE2', 'A260103-DUETODAY'].slice(0, DIGEST_OLDEST_SHOWN),
      oldestOverdue: ['A260101-OVERDUE1', 'A260102-OVERDUE2'],
    });
    expect(byCounty.get('ludian')).toMatchObject({ dueSoon: 1, overdue: 0 });
    expect(byCounty.has('weixin')).toBe(false);
  });
});

describe('digestFor', () => {
  it('a reviewer: their counties only', () => {
    const digest = digestFor({ active: true, role: 'reviewer', counties: ['ludian'] }, byCounty, TODAY);
    expect(digest).toMatchObject({ scope: 'counties', dueSoon: 1, overdue: 0, oldest: ['A260106-LUDIANDU'] });
    expect(digest?.counties.map((c) => c.county)).toEqual(['ludian']);
  });

  it('a reviewer of two counties: both, added up', () => {
    const digest = digestFor(
      { active: true, role: 'reviewer', counties: ['zhaoyang', 'ludian'] },
      byCounty,
      TODAY,
    );
    expect(digest).toMatchObject({ dueSoon: 3, overdue: 2 });
  });

  it('an administrator: the city-wide overdue list, nothing merely due', () => {
    const digest = digestFor({ active: true, role: 'admin', counties: '*' }, byCounty, TODAY);
    expect(digest).toMatchObject({ scope: 'city_overdue', dueSoon: 0, overdue: 3 });
    expect(digest?.oldest).toEqual(['A260101-OVERDUE1', 'A260102-OVERDUE2', 'A260107-YANJINOV']);
    expect(digest?.counties.map((c) => c.county).sort()).toEqual(['yanjin', 'zhaoyang']);
  });

  it('nothing for a deactivated entry, nor for counties with nothing to report', () => {
    expect(
      digestFor({ active: false, role: 'reviewer', counties: ['zhaoyang'] }, byCounty, TODAY),
    ).toBeUndefined();
    expect(
      digestFor({ active: true, role: 'reviewer', counties: ['weixin'] }, byCounty, TODAY),
    ).toBeUndefined();
    expect(digestFor({ active: true, role: 'admin', counties: '*' }, new Map(), TODAY)).toBeUndefined();
  });

  it('the SMS carries counts and an application number, no personal data', () => {
    const reviewer = digestFor({ active: true, role: 'reviewer', counties: ['zhaoyang'] }, byCounty, TODAY);
    const admin = digestFor({ active: true, role: 'admin', counties: '*' }, byCounty, TODAY);
    if (!reviewer || !admin) throw new Error('expected digests');
    expect(digestSms(reviewer)).toEqual({
      template: 'reviewDigest',
      params: { dueSoon: '2', overdue: '2', oldest: 'A260101-OVERDUE1' },
    });
    expect(digestSms(admin)).toEqual({
      template: 'overdueDigest',
      params: { overdue: '3', counties: '2', oldest: 'A260101-OVERDUE1' },
    });
  });
});

describe('SMS templates of decisions and digests', () => {
  it('every parameter appears in both languages, and each text has no other placeholder', () => {
    for (const [name, template] of Object.entries(SMS_TEMPLATES)) {
      for (const text of Object.values(template.text)) {
        const used = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect(new Set(used), name).toEqual(new Set(template.params));
      }
    }
  });

  it('a long rejection reason is cut to what providers accept in a variable', () => {
    const reason = '材料不全'.repeat(20);
    const fitted = fitParams('decisionRejected', { reason });
    expect(Array.from(fitted.reason ?? '')).toHaveLength(30);
    expect(fitted.reason?.endsWith('…')).toBe(true);
    expect(fitParams('decisionRejected', { reason: '不在本市' })).toEqual({ reason: '不在本市' });
  });

  it('decision messages name the application, never a phone, and say what happens next', () => {
    const approved = decisionNotification('A260101-ABCDEFGH', {
      status: 'approved',
      memberId: 'M260101-ABCDEFGH',
    });
    expect(approved).toEqual({
      template: 'decisionApproved',
      params: { memberId: 'M260101-ABCDEFGH' },
      recipient: { applicationId: 'A260101-ABCDEFGH' },
      dedupeKey: 'decision:A260101-ABCDEFGH',
      deliveryOn: { applicationId: 'A260101-ABCDEFGH' },
    });
    expect(parseNotificationMessage(JSON.stringify(approved))).toEqual(approved);
    const text = renderSms({ to: '13800138000', locale: 'en', ...approved } as SmsMessage);
    expect(text).toContain('M260101-ABCDEFGH');
    const rejected = renderSms({
      to: '13800138000',
      locale: 'zh-CN',
      template: 'decisionRejected',
      params: { reason: '不在本市工作' },
    });
    expect(rejected).toContain('不在本市工作');
    expect(rejected).toContain('再次申请');
  });

  it('staff recipients parse; malformed ones do not', () => {
    const message = { template: 'reviewDigest', recipient: { staffId: 'abc' }, dedupeKey: 'k', params: {} };
    expect(parseNotificationMessage(JSON.stringify(message))).toEqual(message);
    expect(() =>
      parseNotificationMessage(JSON.stringify({ ...message, deliveryOn: { applicationId: 3 } })),
    ).toThrow();
  });
});

describe('staff contact', () => {
  it('a mainland mobile (normalised); nothing else, not even an e-mail address', () => {
    expect(normaliseContact('+86 138-0013-8000')).toBe('13800138000');
    expect(normaliseContact(' ann@union.example.cn ')).toBeUndefined();
    expect(normaliseContact('12345')).toBeUndefined();
    expect(normaliseContact('not@mail')).toBeUndefined();
  });

  it('set on add and change, removed with null', () => {
    const added = validateNewStaff({
      subject: 'zhao',
      displayName: '赵',
      role: 'reviewer',
      counties: ['ludian'],
      contact: '13800138000',
    });
    expect(added).toMatchObject({ ok: true, value: { contact: '13800138000' } });
    expect(
      validateNewStaff({ subject: 'zhao', displayName: '赵', role: 'admin', contact: '110' }),
    ).toMatchObject({
      ok: false,
      fields: { contact: 'staff.contact' },
    });
    expect(validateStaffChange({ contact: null })).toEqual({ ok: true, value: { contact: null } });
    expect(validateStaffChange({ contact: ' 138 0013 8000 ' })).toEqual({
      ok: true,
      value: { contact: '13800138000' },
    });
    expect(validateStaffChange({ contact: 'a@b.cn' })).toEqual({
      ok: false,
      fields: { contact: 'staff.contact' },
    });
  });
});
