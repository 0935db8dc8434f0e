import { describe, expect, it } from 'vitest';
import { errorMessage, fieldMessage, fieldMessages } from '../../shared/domain/messages';
import { RESEND_AFTER_SECONDS } from '../../shared/domain/verification';
import { confirmationWords } from '../../web/src/apply/form-values';
import {
  codeRequestOutcome,
  fieldCodeOf,
  NEEDS_NEW_CODE,
  needsNewCode,
  secondsLeft,
  sendButtonState,
  wordsText,
} from '../../web/src/apply/phone-code';
import { problemFromResponse, type Result } from '../../web/src/common/api';
import { UI_STRINGS } from '../../web/src/common/strings';

/** The Result `request` in api.ts makes of an answer. */
const answer = (status: number, body: unknown, retryAfter: string | null = null): Result<unknown> =>
  status === 202
    ? { ok: true, value: body }
    : { ok: false, problem: problemFromResponse(status, body, retryAfter) };

const VERIFICATION_ID = `V${'k'.repeat(22)}`;

describe('asking for a code: what each answer means for the form', () => {
  it('202: keeps the verification and waits resendAfterSeconds', () => {
    const sent = {
      verificationId: VERIFICATION_ID,
      expiresAt: '2026-11-30T10:10:00Z',
      resendAfterSeconds: 60,
    };
    expect(codeRequestOutcome(answer(202, sent))).toEqual({
      kind: 'sent',
      verificationId: VERIFICATION_ID,
      waitSeconds: 60,
    });
    expect(codeRequestOutcome(answer(202, { ...sent, resendAfterSeconds: 90 }))).toMatchObject({
      waitSeconds: 90,
    });
  });

  it('202 without a usable resendAfterSeconds waits the default; without a verification id it failed', () => {
    expect(codeRequestOutcome(answer(202, { verificationId: VERIFICATION_ID }))).toMatchObject({
      kind: 'sent',
      waitSeconds: RESEND_AFTER_SECONDS,
    });
    expect(
      codeRequestOutcome(answer(202, { verificationId: VERIFICATION_ID, resendAfterSeconds: -1 })),
    ).toMatchObject({ waitSeconds: RESEND_AFTER_SECONDS });
    expect(codeRequestOutcome(answer(202, {}))).toEqual({
      kind: 'refused',
      message: { error: 'internal_error' },
      waitSeconds: 0,
    });
  });

  it('400 at the phone: the rule’s code when the text is known (either language), else the text', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const body = {
        error: 'validation_failed',
        fields: { phone: fieldMessage('phone.undeliverable', locale) },
      };
      expect(codeRequestOutcome(answer(400, body))).toEqual({
        kind: 'refused',
        message: { code: 'phone.undeliverable' },
        waitSeconds: 0,
      });
    }
    const odd = { error: 'validation_failed', fields: { phone: 'Something new' } };
    expect(codeRequestOutcome(answer(400, odd))).toEqual({
      kind: 'refused',
      message: { text: 'Something new' },
      waitSeconds: 0,
    });
  });

  it('429 and 503: the server’s own message, and the button waits Retry-After', () => {
    expect(codeRequestOutcome(answer(429, { error: 'too_many_requests' }, '42'))).toEqual({
      kind: 'refused',
      message: { error: 'too_many_requests' },
      waitSeconds: 42,
    });
    expect(codeRequestOutcome(answer(503, { error: 'sms_failed' }, '30'))).toEqual({
      kind: 'refused',
      message: { error: 'sms_failed' },
      waitSeconds: 30,
    });
    expect(codeRequestOutcome(answer(503, undefined))).toEqual({
      kind: 'refused',
      message: { error: 'service_unavailable' },
      waitSeconds: 0,
    });
  });

  it('no answer, or anything else: a plain sentence, and the button works again at once', () => {
    expect(codeRequestOutcome({ ok: false, problem: { kind: 'offline' } })).toEqual({
      kind: 'refused',
      message: { offline: true },
      waitSeconds: 0,
    });
    expect(codeRequestOutcome(answer(500, { error: 'internal_error' }))).toEqual({
      kind: 'refused',
      message: { error: 'internal_error' },
      waitSeconds: 0,
    });
  });

  it('words every refusal in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      expect(wordsText({ error: 'too_many_requests' }, locale)).toBe(
        errorMessage('too_many_requests', locale),
      );
      expect(wordsText({ code: 'phone.format' }, locale)).toBe(fieldMessage('phone.format', locale));
      expect(wordsText({ offline: true }, locale)).toBe(UI_STRINGS[locale]['error.offline']);
      expect(wordsText({ text: 'as sent' }, locale)).toBe('as sent');
    }
  });
});

describe('the server’s problems with a typed code', () => {
  it('finds the message code of every verification code text, in both languages', () => {
    const codes = Object.keys(fieldMessages).filter((code) => code.startsWith('verificationCode.'));
    expect(codes).toEqual(expect.arrayContaining([...NEEDS_NEW_CODE, 'verificationCode.wrong']));
    for (const code of codes) {
      expect(fieldCodeOf(fieldMessage(code, 'zh-CN'))).toBe(code);
      expect(fieldCodeOf(fieldMessage(code, 'en'))).toBe(code);
    }
    expect(fieldCodeOf('不认识的话')).toBeUndefined();
  });

  it('asks for a new code after expired, spent, exhausted and another phone, not after a wrong code', () => {
    for (const code of [
      'verificationCode.expired',
      'verificationCode.spent',
      'verificationCode.exhausted',
      'verificationCode.phone',
    ]) {
      expect(needsNewCode(code)).toBe(true);
    }
    expect(needsNewCode('verificationCode.wrong')).toBe(false);
    expect(needsNewCode('verificationCode.format')).toBe(false);
    expect(needsNewCode(undefined)).toBe(false);
  });
});

describe('the Send code button', () => {
  it('counts whole seconds up, never below zero', () => {
    const now = Date.parse('2026-11-30T10:00:00Z');
    expect(secondsLeft(now + 60_000, now)).toBe(60);
    expect(secondsLeft(now + 59_200, now)).toBe(60);
    expect(secondsLeft(now + 58_999, now)).toBe(59);
    expect(secondsLeft(now + 1, now)).toBe(1);
    expect(secondsLeft(now, now)).toBe(0);
    expect(secondsLeft(now - 5000, now)).toBe(0);
  });

  it('says what it will do, and is disabled while sending and counting down', () => {
    expect(sendButtonState({ sending: false, waitSeconds: 0, sentBefore: false }, 'zh-CN')).toEqual({
      label: '获取验证码',
      disabled: false,
    });
    expect(sendButtonState({ sending: false, waitSeconds: 60, sentBefore: true }, 'zh-CN')).toEqual({
      label: '60 秒后可重新获取',
      disabled: true,
    });
    expect(sendButtonState({ sending: false, waitSeconds: 7, sentBefore: true }, 'en')).toEqual({
      label: 'Resend in 7 s',
      disabled: true,
    });
    expect(sendButtonState({ sending: false, waitSeconds: 0, sentBefore: true }, 'en')).toEqual({
      label: 'Send a new code',
      disabled: false,
    });
    expect(sendButtonState({ sending: true, waitSeconds: 0, sentBefore: false }, 'en')).toEqual({
      label: 'Sending…',
      disabled: true,
    });
  });
});

describe('the confirmation', () => {
  it('is the same for every new application, whoever else holds the ID number', () => {
    expect(confirmationWords('submitted')).toEqual({ heading: 'confirm.heading', nextSteps: true });
  });

  it('tells the same person again that this is their application, or that they are a member', () => {
    expect(confirmationWords('pending_review')).toEqual({
      heading: 'confirm.heading',
      repeat: 'confirm.repeatPending',
      nextSteps: true,
    });
    expect(confirmationWords('approved')).toEqual({
      heading: 'confirm.headingMember',
      repeat: 'confirm.repeatMember',
      nextSteps: false,
    });
    expect(UI_STRINGS['zh-CN']['confirm.repeatPending']).toContain(
      '您之前已经提交过申请，这是您原来的申请编号。',
    );
    expect(UI_STRINGS['zh-CN']['confirm.headingMember']).toContain('您已经是工会会员了');
  });
});
