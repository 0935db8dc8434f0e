/**
 * Listing cursors a client cannot forge or carry elsewhere (docs/architecture.md §7): the storage layer's cursor
 * (where the next page starts) is sealed with the page's depth and a keyed MAC over both and the
 * listing it belongs to — the route, the caller and the query — so a cursor made up, altered, or taken
 * from another reviewer's or another query's listing is 400 `invalid_cursor`. The depth bounds how far
 * anyone can page through a listing of personal data; past it the answer says to narrow the query
 * (or, for administrators, to use the audited export).
 */
import { InvalidCursor, ListingTooDeep } from '../domain/errors';
import type { Hasher } from '../privacy/hashing';
import { canonicalJson } from '../privacy/hashing';

interface Sealed {
  /** The storage layer's cursor. */
  c: string;
  /** Pages already served before the one this cursor opens. */
  d: number;
}

/** Which listing a cursor belongs to: the route, who asks, and what they asked for (not the cursor itself). */
export const listingContext = (
  routeKey: string,
  callerSub: string,
  query: Record<string, unknown>,
): string => {
  const { cursor: _cursor, ...rest } = query;
  return canonicalJson({ routeKey, callerSub, query: rest });
};

export const cursorSeal = (hasher: Hasher) => ({
  seal(cursor: string | null, depth: number, context: string): string | null {
    if (cursor === null) return null;
    const payload = Buffer.from(JSON.stringify({ c: cursor, d: depth } satisfies Sealed)).toString(
      'base64url',
    );
    return `${payload}.${hasher.cursorMac(context, payload)}`;
  },

  /** The storage cursor and the depth of the page it opens; none for the first page. */
  open(token: string | undefined, context: string, maxDepth: number): { cursor?: string; depth: number } {
    if (!token) return { depth: 0 };
    const [payload, mac, extra] = token.split('.');
    if (!payload || !mac || extra !== undefined || !hasher.cursorMacMatches(context, payload, mac)) {
      throw new InvalidCursor();
    }
    let sealed: Sealed;
    try {
      sealed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Sealed;
    } catch {
      throw new InvalidCursor();
    }
    if (typeof sealed.c !== 'string' || !Number.isInteger(sealed.d) || sealed.d < 1)
      throw new InvalidCursor();
    if (sealed.d >= maxDepth) throw new ListingTooDeep(maxDepth);
    return { cursor: sealed.c, depth: sealed.d };
  },
});

export type CursorSeal = ReturnType<typeof cursorSeal>;

/**
 * For a handler: opens the request's cursor for its listing and seals the next one, with the hashing
 * key loaded on first use. `maxPages` bounds the listing's depth.
 */
export const listingCursors = (hasherOf: () => Promise<Hasher>, maxPages: number) => ({
  async open(token: string | undefined, context: string): Promise<{ cursor?: string; depth: number }> {
    if (!token) return { depth: 0 };
    return cursorSeal(await hasherOf()).open(token, context, maxPages);
  },
  async seal(cursor: string | null, depth: number, context: string): Promise<string | null> {
    if (cursor === null) return null;
    return cursorSeal(await hasherOf()).seal(cursor, depth + 1, context);
  },
});
