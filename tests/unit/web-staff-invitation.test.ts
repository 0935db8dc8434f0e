import { describe, expect, it } from 'vitest';
import {
  forgetInvitation,
  INVITATION_KEY,
  invitationInHash,
  keepInvitationFromAddress,
  pendingInvitation,
} from '../../web/src/staff/common/invitation';
import type { KeyValueStorage } from '../../web/src/staff/common/session';

class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

/** As the API makes them: 18 random bytes, base64url. */
const CODE = 'q3Jx_9-AbCdEfGhIjKlMnOpQ';

describe('an invitation link (/review#invitation=CODE)', () => {
  it('reads the code from the fragment the API’s path ends with', () => {
    expect(invitationInHash(`#invitation=${CODE}`)).toBe(CODE);
    expect(invitationInHash(`#invitation=${encodeURIComponent(CODE)}%20`)).toBe(CODE);
  });

  it('ignores other fragments and anything that cannot be a code', () => {
    expect(invitationInHash('')).toBeUndefined();
    expect(invitationInHash('#report=weekly-2026-11-23')).toBeUndefined();
    expect(invitationInHash('#invitation=')).toBeUndefined();
    expect(invitationInHash('#invitation=has space')).toBeUndefined();
    expect(invitationInHash('#invitation=<script>')).toBeUndefined();
    expect(invitationInHash(`#invitation=${'a'.repeat(129)}`)).toBeUndefined();
    expect(invitationInHash('#invitation=%E0%A4%A')).toBeUndefined();
  });

  it('moves the code out of the address into the tab’s storage at once', () => {
    const storage = new MemoryStorage();
    const replaced: string[] = [];
    const held = keepInvitationFromAddress(
      storage,
      { hash: `#invitation=${CODE}`, pathname: '/review', search: '' },
      (url) => replaced.push(url),
    );
    expect(held).toBe(true);
    expect(replaced).toEqual(['/review']);
    expect(storage.items.get(INVITATION_KEY)).toBe(CODE);
    expect(pendingInvitation(storage)).toBe(CODE);
    forgetInvitation(storage);
    expect(pendingInvitation(storage)).toBeUndefined();
  });

  it('drops an unreadable code from the address without keeping it, and leaves other addresses alone', () => {
    const storage = new MemoryStorage();
    const replaced: string[] = [];
    const place = { hash: '#invitation=%%%', pathname: '/review', search: '?x=1' };
    expect(keepInvitationFromAddress(storage, place, (url) => replaced.push(url))).toBe(true);
    expect(replaced).toEqual(['/review?x=1']);
    expect(storage.items.size).toBe(0);
    expect(
      keepInvitationFromAddress(storage, { hash: '#id=1', pathname: '/review', search: '' }, (url) =>
        replaced.push(url),
      ),
    ).toBe(false);
    expect(replaced).toHaveLength(1);
  });

  it('keeps working without storage, and refuses nonsense someone put in it', () => {
    expect(pendingInvitation(undefined)).toBeUndefined();
    const storage = new MemoryStorage();
    storage.setItem(INVITATION_KEY, 'not a code!');
    expect(pendingInvitation(storage)).toBeUndefined();
    const throwing: KeyValueStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(pendingInvitation(throwing)).toBeUndefined();
    expect(() => forgetInvitation(throwing)).not.toThrow();
  });
});
