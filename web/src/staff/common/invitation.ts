/**
 * An invitation link (`/review#invitation=CODE`, made on `/staff`): the code is taken out of the
 * address as soon as the page opens (so it is neither bookmarked nor shown over a shoulder) and kept in
 * this tab's sessionStorage across the round trip to the provider, until it is redeemed after sign-in.
 */
import { type KeyValueStorage, readStored, writeStored } from './session';

export const INVITATION_KEY = 'gig-union.review.invitation';
const HASH_PREFIX = '#invitation=';

/** The code in an address fragment, or undefined when the fragment is not an invitation. */
export const invitationInHash = (hash: string): string | undefined => {
  if (!hash.startsWith(HASH_PREFIX)) return undefined;
  let code: string;
  try {
    code = decodeURIComponent(hash.slice(HASH_PREFIX.length)).trim();
  } catch {
    return undefined;
  }
  // The API judges the code; this only keeps nonsense of any size out of storage.
  return /^[\w-]{1,128}$/.test(code) ? code : undefined;
};

/**
 * Moves an invitation from the address to the tab's storage. Answers whether the address held one
 * (even an unreadable one, which is dropped).
 */
export const keepInvitationFromAddress = (
  storage: KeyValueStorage | undefined,
  place: Pick<Location, 'hash' | 'pathname' | 'search'>,
  replaceAddress: (url: string) => void,
): boolean => {
  if (!place.hash.startsWith(HASH_PREFIX)) return false;
  const code = invitationInHash(place.hash);
  if (code) writeStored(storage, INVITATION_KEY, code);
  replaceAddress(`${place.pathname}${place.search}`);
  return true;
};

export const pendingInvitation = (storage: KeyValueStorage | undefined): string | undefined =>
  invitationInHash(`${HASH_PREFIX}${readStored(storage, INVITATION_KEY) ?? ''}`);

export const forgetInvitation = (storage: KeyValueStorage | undefined): void =>
  writeStored(storage, INVITATION_KEY, undefined);
