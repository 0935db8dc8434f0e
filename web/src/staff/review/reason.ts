/** A rejection reason, one or many: checked before it is sent, and counted as it is typed ("n / 500"). */
import { hasUnsafeCharacters } from '../../../../shared/domain/text';
import { MAX_REASON, reasonLength } from './bulk';
import { t } from './i18n';

/** The problem with a reason before it is sent, as a field message code (shared/domain/messages.ts). */
export const reasonProblem = (reason: string): string | undefined => {
  const text = reason.trim();
  if (!text) return 'reason.required';
  if (reasonLength(text) > MAX_REASON) return 'reason.length';
  if (hasUnsafeCharacters(text.replace(/[\n\r\t]/g, ' '))) return 'text.characters';
  return undefined;
};

/** Wires a reason textarea's "n / 500" counter; returns a function that refreshes it. */
export const wireCounter = (textarea: HTMLTextAreaElement, counter: HTMLElement): (() => void) => {
  const update = () => {
    const length = reasonLength(textarea.value);
    counter.textContent = t('review.reason.count', { count: length, max: MAX_REASON });
    counter.classList.toggle('is-over', length > MAX_REASON);
  };
  textarea.addEventListener('input', update);
  return update;
};
