/**
 * What the console says about things that happen after a decision or overnight, worded for a locale
 * (pure, so it is tested without a page): how the applicant's decision SMS went (functions/notify
 * records it on the application), and the signed-in member of staff's working-day digest
 * (functions/digest, via `GET /api/staff/me`, read by staff/common/staff-api.ts) for the banner at the
 * top of the console.
 */
import type { Locale } from '../../../../shared/catalog/index';
import type { StaffDigest } from '../../../../shared/domain/digest';
import { interpolate } from '../../common/strings';
import type { QueueItem } from './api';
import { REVIEW_STRINGS } from './strings';

/**
 * shared/domain/digest.ts DUE_SOON_WORKING_DAYS (a unit test keeps them equal): importing it would bring
 * the working-day calendar into the staff pages' bundle.
 */
export const DIGEST_DUE_SOON_DAYS = 3;

export type SmsNoticeState = 'sent' | 'failed' | 'sending';

export interface SmsNotice {
  state: SmsNoticeState;
  text: string;
}

const isDecided = (status: string) => status === 'approved' || status === 'rejected';

/**
 * The detail's line about the applicant's SMS: sent; not sent, why in plain words and what to do (call
 * them); "sending…" for a decided application with no outcome yet; nothing before a decision.
 */
export const smsNotice = (
  item: Pick<QueueItem, 'status' | 'smsOutcome'>,
  locale: Locale,
): SmsNotice | undefined => {
  const ui = REVIEW_STRINGS[locale];
  const outcome = item.smsOutcome;
  if (!outcome)
    return isDecided(item.status) ? { state: 'sending', text: ui['review.sms.sending'] } : undefined;
  if (outcome.state === 'sent') return { state: 'sent', text: ui['review.sms.sent'] };
  const reason =
    outcome.reason === 'no_recipient'
      ? ui['review.sms.noRecipient']
      : outcome.reason === 'provider_unavailable'
        ? ui['review.sms.unavailable']
        : outcome.providerCode
          ? interpolate(ui['review.sms.refusedCode'], { code: outcome.providerCode })
          : ui['review.sms.refused'];
  return { state: 'failed', text: interpolate(ui['review.sms.failed'], { reason }) };
};

/** The queue row's short form: only once there is an outcome. */
export const smsRowNotice = (item: Pick<QueueItem, 'smsOutcome'>, locale: Locale): SmsNotice | undefined => {
  const outcome = item.smsOutcome;
  if (!outcome) return undefined;
  const ui = REVIEW_STRINGS[locale];
  return outcome.state === 'sent'
    ? { state: 'sent', text: ui['review.sms.rowSent'] }
    : { state: 'failed', text: ui['review.sms.rowFailed'] };
};

/** The banner's text: counts (and the oldest application numbers). */
export const digestText = (digest: StaffDigest, locale: Locale): string => {
  const ui = REVIEW_STRINGS[locale];
  const counts =
    digest.scope === 'city_overdue'
      ? interpolate(ui['review.digest.cityOverdue'], {
          overdue: digest.overdue,
          counties: digest.counties.length,
        })
      : interpolate(ui['review.digest.counties'], {
          dueSoon: digest.dueSoon,
          overdue: digest.overdue,
          days: DIGEST_DUE_SOON_DAYS,
        });
  if (digest.oldest.length === 0) return counts;
  const ids = digest.oldest.join(locale === 'en' ? ', ' : '、');
  return `${counts} ${interpolate(ui['review.digest.oldest'], { ids })}`;
};

/** The sessionStorage key remembering that this digest was dismissed (per person and day). */
export const DIGEST_DISMISSED_KEY = 'gig-union.review.digestDismissed';
export const digestDismissal = (staffId: string, digest: Pick<StaffDigest, 'date'>): string =>
  `${staffId}:${digest.date}`;
