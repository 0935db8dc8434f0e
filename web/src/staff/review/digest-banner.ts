/**
 * The digest banner at the top of the console (`#digest-banner`): today's working-day digest of the
 * signed-in member of staff (due soon and overdue in their counties; administrators: overdue city-wide),
 * with a button that lists what is pending. Dismissed, it stays away for the rest of the tab's session
 * (that person, that day).
 */
import type { StaffDigest } from '../../../../shared/domain/digest';
import { byId } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import { readStored, sessionStore, writeStored } from '../common/session';
import { DIGEST_DISMISSED_KEY, digestDismissal, digestText } from './notices';

export interface DigestBanner {
  show(staffId: string, digest: StaffDigest | undefined): void;
  relabel(): void;
  reset(): void;
}

export const createDigestBanner = (events: { showPending(): void }): DigestBanner => {
  const storage = sessionStore();
  const banner = byId('digest-banner');
  const text = byId('digest-text');
  let shown: { staffId: string; digest: StaffDigest } | undefined;

  const render = () => {
    const dismissed =
      shown !== undefined &&
      readStored(storage, DIGEST_DISMISSED_KEY) === digestDismissal(shown.staffId, shown.digest);
    banner.hidden = !shown || dismissed;
    text.textContent = shown && !dismissed ? digestText(shown.digest, currentLocale()) : '';
    banner.dataset.scope = shown?.digest.scope ?? '';
  };

  byId('digest-pending').addEventListener('click', () => events.showPending());
  byId('digest-dismiss').addEventListener('click', () => {
    if (shown) writeStored(storage, DIGEST_DISMISSED_KEY, digestDismissal(shown.staffId, shown.digest));
    render();
  });

  return {
    show: (staffId, digest) => {
      shown = digest ? { staffId, digest } : undefined;
      render();
    },
    relabel: render,
    reset: () => {
      shown = undefined;
      render();
    },
  };
};
