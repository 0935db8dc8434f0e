import { describe, expect, it } from 'vitest';
import { DUE_SOON_WORKING_DAYS, type StaffDigest } from '../../shared/domain/digest';
import { parseDigest, parseMe } from '../../web/src/staff/common/staff-api';
import {
  DIGEST_DUE_SOON_DAYS,
  digestDismissal,
  digestText,
  smsNotice,
  smsRowNotice,
} from '../../web/src/staff/review/notices';

const at = '2026-11-30T02:00:00.000Z';

describe('the applicant’s decision SMS, as the console says it', () => {
  it('says nothing before a decision, "sending…" after one until notify records how it went', () => {
    expect(smsNotice({ status: 'pending_review' }, 'zh-CN')).toBeUndefined();
    expect(smsNotice({ status: 'approved' }, 'zh-CN')).toEqual({
      state: 'sending',
      text: '正在发短信通知申请人…',
    });
    expect(smsRowNotice({}, 'zh-CN')).toBeUndefined();
  });

  it('says the applicant was told', () => {
    const item = {
      status: 'approved' as const,
      smsOutcome: { template: 'approved', state: 'sent' as const, at },
    };
    expect(smsNotice(item, 'zh-CN')).toEqual({ state: 'sent', text: '已发短信通知申请人' });
    expect(smsNotice(item, 'en')).toEqual({ state: 'sent', text: 'Applicant notified by SMS' });
    expect(smsRowNotice(item, 'zh-CN')).toEqual({ state: 'sent', text: '已发短信' });
  });

  it('says why it was not sent, in plain words, and to call the applicant', () => {
    const failed = (reason: 'refused' | 'provider_unavailable' | 'no_recipient', providerCode?: string) => ({
      status: 'rejected' as const,
      smsOutcome: {
        template: 'rejected',
        state: 'failed' as const,
        at,
        reason,
        ...(providerCode ? { providerCode } : {}),
      },
    });
    expect(smsNotice(failed('refused', 'isv.MOBILE_NUMBER_ILLEGAL'), 'zh-CN')?.text).toBe(
      '短信没有发出：短信服务商拒绝发送（代码 isv.MOBILE_NUMBER_ILLEGAL）。请打电话告诉申请人审核结果。',
    );
    expect(smsNotice(failed('refused'), 'zh-CN')?.text).toBe(
      '短信没有发出：短信服务商拒绝发送。请打电话告诉申请人审核结果。',
    );
    expect(smsNotice(failed('provider_unavailable'), 'en')).toEqual({
      state: 'failed',
      text: 'The SMS was not sent: the SMS provider was still unavailable after several retries. Call the applicant to tell them the decision.',
    });
    expect(smsNotice(failed('no_recipient'), 'zh-CN')?.text).toBe(
      '短信没有发出：没有申请人的手机号。请打电话告诉申请人审核结果。',
    );
    expect(smsRowNotice(failed('no_recipient'), 'en')).toEqual({
      state: 'failed',
      text: 'SMS not sent: call them',
    });
  });
});

describe('the digest banner', () => {
  const reviewer: StaffDigest = {
    date: '2026-11-30',
    scope: 'counties',
    dueSoon: 2,
    overdue: 1,
    oldest: ['A261120-AAAAAAAA', 'A261124-BBBBBBBB'],
    counties: [],
  };
  const admin: StaffDigest = {
    date: '2026-11-30',
    scope: 'city_overdue',
    dueSoon: 0,
    overdue: 5,
    oldest: ['A261110-CCCCCCCC'],
    counties: [
      { county: 'zhaoyang', dueSoon: 0, overdue: 3, oldest: [], oldestOverdue: [] },
      { county: 'ludian', dueSoon: 0, overdue: 2, oldest: [], oldestOverdue: [] },
    ],
  };

  it('counts what is due within 3 working days and overdue in a reviewer’s counties', () => {
    expect(digestText(reviewer, 'zh-CN')).toBe(
      '今天的提醒：您负责的县区有 2 份申请 3 个工作日内到期，1 份已经超期。 最早的：A261120-AAAAAAAA、A261124-BBBBBBBB',
    );
    expect(digestText({ ...reviewer, oldest: [] }, 'en')).toBe(
      'Today: in your counties, 2 applications are due within 3 working days and 1 are overdue.',
    );
  });

  it('gives administrators the city-wide overdue count', () => {
    expect(digestText(admin, 'en')).toBe(
      'Today: 5 applications city-wide are overdue, in 2 counties. Oldest: A261110-CCCCCCCC',
    );
  });

  it('reads the digest from /api/staff/me, only for staff and only when it is one', () => {
    const identity = { issuer: 'http://127.0.0.1:1/oidc', subject: 'rev', displayName: 'Rev' };
    const staff = {
      staffId: 's1',
      issuer: identity.issuer,
      subject: 'rev',
      displayName: 'Rev',
      role: 'reviewer',
      counties: ['zhaoyang'],
      active: true,
      updatedAt: at,
      updatedBy: 'admin',
    };
    expect(parseMe({ identity, staff, digest: reviewer })?.digest).toEqual(reviewer);
    expect(parseMe({ identity, staff })).not.toHaveProperty('digest');
    expect(parseMe({ identity, staff, digest: { ...reviewer, overdue: '1' } })).not.toHaveProperty('digest');
    expect(parseMe({ identity, staff: null, digest: reviewer })).not.toHaveProperty('digest');
    expect(parseDigest({ ...reviewer, scope: 'everything' })).toBeUndefined();
  });

  it('says the same "due soon" as the digest function', () => {
    expect(DIGEST_DUE_SOON_DAYS).toBe(DUE_SOON_WORKING_DAYS);
  });

  it('is dismissed per person and day', () => {
    expect(digestDismissal('s1', reviewer)).toBe('s1:2026-11-30');
    expect(digestDismissal('s1', { date: '2026-12-01' })).not.toBe(digestDismissal('s1', reviewer));
  });
});
