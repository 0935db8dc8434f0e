/**
 * The code that proves the phone (docs/architecture.md §7): "Send code" solves a proof-of-work challenge
 * in a worker ("Preparing…"), asks for an SMS code for the number in the field, then waits before
 * another may be asked for; the line under the phone says where the code went, or that the number
 * changed since (so a new code is needed).
 */
import { asAltchaChallenge } from '../../../shared/domain/altcha';
import { maskPhone, normalisePhone } from '../../../shared/domain/phone';
import { CODE_VALID_SECONDS } from '../../../shared/domain/verification';
import { validateVerificationRequest } from '../../../shared/domain/verification-rules';
import { fetchChallenge, requestCode } from '../common/api';
import { byId, setChildren } from '../common/dom';
import { currentLocale, t } from '../common/i18n';
import { solveAltcha } from './altcha';
import {
  type CodeRequestOutcome,
  codeRequestOutcome,
  secondsLeft,
  sendButtonState,
  type Words,
} from './phone-code';

/**
 * A problem shown next to a field (re-worded when the language changes). One the server found stays
 * until the person changes that field: the browser's rules may well pass it (a wrong code is six digits).
 */
export interface ShownProblem {
  words: Words;
  fromServer?: boolean;
}

export interface CodeRequest {
  /** The verification for the number in the field now; none once the number changed or the code is used up. */
  verificationId(): string | undefined;
  /** The code sent can no longer be used (expired, used up, out of tries): only a new one helps. */
  forgetCode(): void;
  /** Draws the button and the line under the phone again (the number changed, or the language). */
  render(): void;
}

export interface CodeRequestHooks {
  /** Shows the phone's or the code's problem beside it, or clears it. */
  showField(field: 'phone' | 'verificationCode', problem: ShownProblem | undefined): void;
  /** A problem shown before went away: the summary above the form drops it. */
  fixed(): void;
}

export const createCodeRequest = (hooks: CodeRequestHooks): CodeRequest => {
  const phoneInput = byId<HTMLInputElement>('phone');
  const codeInput = byId<HTMLInputElement>('verificationCode');
  const button = byId<HTMLButtonElement>('send-code');
  const status = byId('code-status');

  /** The last code asked for: the phone (11 digits) it went to, and its verification until it is used up. */
  let sent: { phone: string; verificationId: string | undefined } | undefined;
  /** No new code for `phone` before `until` (epoch ms): the API's resendAfterSeconds, or a Retry-After. */
  let resendWait: { phone: string; until: number } | undefined;
  /** Asking for a code: solving the challenge first (`preparing`), then the request itself (`sending`). */
  let asking: false | 'preparing' | 'sending' = false;
  let ticker: number | undefined;

  const currentPhone = (): string => normalisePhone(phoneInput.value) ?? '';

  const waitSeconds = (): number =>
    resendWait && resendWait.phone === currentPhone() ? secondsLeft(resendWait.until, Date.now()) : 0;

  const renderButton = () => {
    const wait = waitSeconds();
    const { label, disabled } = sendButtonState(
      {
        preparing: asking === 'preparing',
        sending: asking === 'sending',
        waitSeconds: wait,
        sentBefore: sent !== undefined && sent.phone === currentPhone(),
      },
      currentLocale(),
    );
    if (button.textContent !== label) button.textContent = label;
    button.disabled = disabled;
    if (wait > 0 && ticker === undefined) ticker = window.setInterval(renderButton, 500);
    if (wait === 0 && ticker !== undefined) {
      window.clearInterval(ticker);
      ticker = undefined;
    }
  };

  const renderStatus = () => {
    let message = '';
    if (sent && sent.phone === currentPhone()) {
      message = t('code.sent', { phone: maskPhone(sent.phone), minutes: CODE_VALID_SECONDS / 60 });
    } else if (sent) {
      message = t('code.phoneChanged');
    }
    if (status.textContent !== message) setChildren(status, message);
  };

  /** Gets a challenge, solves it (in a worker, "Preparing…" on the button) and asks for the code with it. */
  const requestWithChallenge = async (phone: string): Promise<CodeRequestOutcome> => {
    const got = await fetchChallenge(currentLocale());
    if (!got.ok) return codeRequestOutcome(got);
    const challenge = asAltchaChallenge(got.value);
    const altcha = challenge && (await solveAltcha(challenge).catch(() => undefined));
    if (!altcha) return { kind: 'refused', message: { error: 'internal_error' }, waitSeconds: 0 };
    asking = 'sending';
    renderButton();
    return codeRequestOutcome(await requestCode(phone, altcha, currentLocale()));
  };

  const ask = async () => {
    if (asking) return;
    // The phone's own rule (the challenge is the page's business, not the worker's).
    const checked = validateVerificationRequest({ phone: phoneInput.value, locale: currentLocale() });
    const phone = normalisePhone(phoneInput.value);
    const problem = checked.ok ? undefined : checked.fields.phone;
    if (problem || !phone) {
      hooks.showField('phone', { words: { code: problem ?? 'invalid' } });
      phoneInput.focus();
      return;
    }
    if (waitSeconds() > 0) return;
    hooks.showField('phone', undefined);
    asking = 'preparing';
    renderButton();
    const outcome = await requestWithChallenge(phone);
    asking = false;
    if (outcome.kind === 'sent') {
      sent = { phone, verificationId: outcome.verificationId };
      resendWait = { phone, until: Date.now() + outcome.waitSeconds * 1000 };
      // Whatever was wrong with the code before (none asked for, expired, used up) is about a code that is gone.
      hooks.showField('verificationCode', undefined);
      hooks.fixed();
      renderStatus();
      renderButton();
      codeInput.focus();
      return;
    }
    if (outcome.waitSeconds > 0) resendWait = { phone, until: Date.now() + outcome.waitSeconds * 1000 };
    hooks.showField('phone', { words: outcome.message, fromServer: true });
    renderButton();
    phoneInput.focus();
  };

  button.addEventListener('click', () => void ask());

  return {
    verificationId: () => (sent && sent.phone === currentPhone() ? sent.verificationId : undefined),
    forgetCode: () => {
      if (sent) sent = { ...sent, verificationId: undefined };
    },
    render: () => {
      renderButton();
      renderStatus();
    },
  };
};
