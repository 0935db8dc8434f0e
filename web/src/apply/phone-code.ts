/**
 * Proving the phone on the form (docs/architecture.md §7), the parts that need no page: what an answer to
 * `POST /api/phone-verifications` means for the form, the "Send code" button's words and countdown, and
 * which of the server's problems with a typed code call for a new code. Pure, so it is unit-tested.
 */
import type { Locale } from '../../../shared/catalog/index';
import { errorMessage, fieldMessage, fieldMessages } from '../../../shared/domain/messages';
import { RESEND_AFTER_SECONDS } from '../../../shared/domain/verification';
import type { CodeSent, Problem, Result } from '../common/api';
import { interpolate, UI_STRINGS } from '../common/strings';

/**
 * Something to say, kept as what it means so it can be re-worded when the language changes: a field
 * message code (shared/domain/messages.ts), an API error code, "no answer", or a server text the page
 * does not know.
 */
export type Words = { code: string } | { error: string } | { offline: true } | { text: string };

export const wordsText = (words: Words, locale: Locale): string => {
  if ('code' in words) return fieldMessage(words.code, locale);
  if ('error' in words) return errorMessage(words.error, locale);
  if ('offline' in words) return UI_STRINGS[locale]['error.offline'];
  return words.text;
};

/** What the form does after asking for a code. */
export type CodeRequestOutcome =
  /** Sent: keep the verification, count down before another can be asked for. */
  | { kind: 'sent'; verificationId: string; waitSeconds: number }
  /**
   * Not sent; say why at the phone field. `waitSeconds` (from Retry-After, after a 429 or 503) is how
   * long the button stays disabled; `message` is a field message code (400) or an API error code.
   */
  | { kind: 'refused'; message: Words; waitSeconds: number };

const isCodeSent = (body: unknown): body is CodeSent =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as { verificationId?: unknown }).verificationId === 'string' &&
  (body as { verificationId: string }).verificationId !== '';

/**
 * The field message code whose text (in either language) the server sent, so the form can re-word it
 * when the language changes and tell one code problem from another. Undefined for a text it does not know.
 */
export const fieldCodeOf = (text: string): string | undefined => {
  for (const [code, texts] of Object.entries(fieldMessages)) {
    if (Object.values(texts).includes(text)) return code;
  }
  return undefined;
};

/** What the answer to a code request means (Result from api.ts `requestCode`). */
export const codeRequestOutcome = (result: Result<unknown>): CodeRequestOutcome => {
  if (result.ok) {
    const body = result.value;
    if (!isCodeSent(body)) return { kind: 'refused', message: { error: 'internal_error' }, waitSeconds: 0 };
    const wait = body.resendAfterSeconds;
    return {
      kind: 'sent',
      verificationId: body.verificationId,
      waitSeconds:
        typeof wait === 'number' && Number.isFinite(wait) && wait >= 0 ? wait : RESEND_AFTER_SECONDS,
    };
  }
  const problem: Problem = result.problem;
  switch (problem.kind) {
    case 'invalid': {
      const text = problem.fields.phone ?? Object.values(problem.fields)[0];
      if (text === undefined)
        return { kind: 'refused', message: { error: 'validation_failed' }, waitSeconds: 0 };
      const code = fieldCodeOf(text);
      return { kind: 'refused', message: code ? { code } : { text }, waitSeconds: 0 };
    }
    case 'busy':
      return {
        kind: 'refused',
        message: { error: problem.code ?? 'service_unavailable' },
        waitSeconds: problem.retryAfterSeconds ?? 0,
      };
    case 'offline':
      return { kind: 'refused', message: { offline: true }, waitSeconds: 0 };
    case 'not_found':
      return { kind: 'refused', message: { error: 'route_not_found' }, waitSeconds: 0 };
    case 'key_reused':
      return { kind: 'refused', message: { error: 'internal_error' }, waitSeconds: 0 };
    case 'failed':
      return { kind: 'refused', message: { error: problem.code }, waitSeconds: 0 };
  }
};

/**
 * Problems with a typed code that only a new code can fix. After any of these the form forgets the
 * verification (so its own rule then asks for a new code), and the "Send code" button works again as
 * soon as the per-phone countdown allows. A wrong code (`verificationCode.wrong`) is not one of them: the
 * worker can correct the digits, within the verification's tries.
 */
export const NEEDS_NEW_CODE: readonly string[] = [
  'verificationCode.expired',
  'verificationCode.spent',
  'verificationCode.exhausted',
  'verificationCode.phone',
];

export const needsNewCode = (code: string | undefined): boolean =>
  code !== undefined && NEEDS_NEW_CODE.includes(code);

/** Whole seconds left until `until` (epoch ms), never below 0: 59.2 s left reads as 60. */
export const secondsLeft = (until: number, now: number): number =>
  Math.max(0, Math.ceil((until - now) / 1000));

/**
 * The "Send code" button: its words and whether it can be pressed. `preparing`: the page is solving
 * the proof-of-work challenge it sends with the request (a second or so on a phone).
 */
export const sendButtonState = (
  state: { sending: boolean; preparing?: boolean; waitSeconds: number; sentBefore: boolean },
  locale: Locale,
): { label: string; disabled: boolean } => {
  const ui = UI_STRINGS[locale];
  if (state.preparing) return { label: ui['code.preparing'], disabled: true };
  if (state.sending) return { label: ui['code.sending'], disabled: true };
  if (state.waitSeconds > 0) {
    return { label: interpolate(ui['code.wait'], { seconds: state.waitSeconds }), disabled: true };
  }
  return { label: state.sentBefore ? ui['code.resend'] : ui['code.send'], disabled: false };
};
