import { describe, expect, it } from 'vitest';
import { InvalidCursor, ListingTooDeep } from '../../shared/domain/errors';
import { cursorSeal, listingContext } from '../../shared/http/cursors';
import { createHasher } from '../../shared/privacy/hashing';

const seal = cursorSeal(createHasher(new Uint8Array(32).fill(7)));
const other = cursorSeal(createHasher(new Uint8Array(32).fill(8)));
const mine = listingContext('GET /api/members', 'reviewer-zhao', { county: 'zhaoyang', limit: 25 });
const storage = 'eyJwYXJ0IjowLCJrZXkiOnsicGsiOiJNRU1CRVJTI3poYW95YW5nIn19';

describe('sealed listing cursors', () => {
  it('opens what it sealed, one page deeper', () => {
    const token = seal.seal(storage, 1, mine) as string;
    expect(seal.open(token, mine, 50)).toEqual({ cursor: storage, depth: 1 });
    expect(seal.seal(null, 1, mine)).toBeNull();
    expect(seal.open(undefined, mine, 50)).toEqual({ depth: 0 });
  });

  it('does not care in which order the query was written, nor about the cursor parameter itself', () => {
    const token = seal.seal(storage, 1, mine) as string;
    const reordered = listingContext('GET /api/members', 'reviewer-zhao', {
      limit: 25,
      county: 'zhaoyang',
      cursor: token,
    });
    expect(seal.open(token, reordered, 50).cursor).toBe(storage);
  });

  it.each([
    [
      'another reviewer',
      listingContext('GET /api/members', 'reviewer-li', { county: 'zhaoyang', limit: 25 }),
    ],
    ['another county', listingContext('GET /api/members', 'reviewer-zhao', { county: 'ludian', limit: 25 })],
    [
      'another listing',
      listingContext('GET /api/review/applications', 'reviewer-zhao', { county: 'zhaoyang', limit: 25 }),
    ],
  ])('refuses a cursor carried to %s', (_case, elsewhere) => {
    const token = seal.seal(storage, 1, mine) as string;
    expect(() => seal.open(token, elsewhere, 50)).toThrow(InvalidCursor);
  });

  it('refuses a made-up, altered or foreign-key cursor', () => {
    const token = seal.seal(storage, 3, mine) as string;
    const [payload, mac] = token.split('.') as [string, string];
    const shallower = Buffer.from(JSON.stringify({ c: storage, d: 1 })).toString('base64url');
    for (const forged of [
      storage,
      `${shallower}.${mac}`,
      `${payload}.${mac.slice(0, -1)}A`,
      `${payload}.${mac}.x`,
      other.seal(storage, 3, mine) as string,
      '',
      '.',
    ]) {
      expect(() => seal.open(forged || 'x', mine, 50), forged).toThrow(InvalidCursor);
    }
  });

  it('stops at the bound: the cursor that would open page N+1 of an N-page listing is refused', () => {
    const last = seal.seal(storage, 49, mine) as string;
    expect(seal.open(last, mine, 50).depth).toBe(49);
    const beyond = seal.seal(storage, 50, mine) as string;
    expect(() => seal.open(beyond, mine, 50)).toThrow(ListingTooDeep);
  });
});
