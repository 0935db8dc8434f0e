/**
 * Cursor pagination that never silently truncates: pages are followed until `limit` items are found
 * or the partition ends, and the cursor resumes exactly after the last item returned.
 */
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { InvalidCursor } from '../domain/errors';
import { mapStorageError } from './errors';

export type StartKey = Record<string, string | number>;

export interface CursorState {
  /** Which of several partitions the listing is in (multi-partition listings). */
  part: number;
  key?: StartKey;
}

export const encodeCursor = (state: CursorState): string =>
  Buffer.from(JSON.stringify(state)).toString('base64url');

export const decodeCursor = (cursor: string | undefined): CursorState => {
  if (!cursor) return { part: 0 };
  try {
    const state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorState;
    const keyOk =
      state.key === undefined ||
      (typeof state.key === 'object' &&
        state.key !== null &&
        Object.values(state.key).every((v) => typeof v === 'string' || typeof v === 'number'));
    if (Number.isInteger(state.part) && state.part >= 0 && keyOk) return state;
  } catch {
    // fall through
  }
  throw new InvalidCursor();
};

/**
 * Queries the given partitions in order (each described by a Query input without paging fields),
 * collecting up to `limit` items across pages and partitions.
 */
export const queryPages = async <T>(
  db: DynamoDBDocumentClient,
  partitions: QueryCommandInput[],
  limit: number,
  cursor: string | undefined,
): Promise<{ items: T[]; nextCursor: string | null }> => {
  const state = decodeCursor(cursor);
  const items: T[] = [];
  let part = state.part;
  let startKey = state.key;
  while (part < partitions.length) {
    const input = partitions[part] as QueryCommandInput;
    let page: QueryCommandOutput;
    try {
      page = await db.send(
        new QueryCommand({
          ...input,
          Limit: limit - items.length,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ValidationException' && startKey)
        throw new InvalidCursor();
      throw mapStorageError(error);
    }
    items.push(...((page.Items ?? []) as T[]));
    startKey = page.LastEvaluatedKey as StartKey | undefined;
    if (!startKey) {
      part++;
    }
    if (items.length >= limit) {
      const more = startKey !== undefined || part < partitions.length;
      return {
        items,
        nextCursor: more ? encodeCursor({ part, ...(startKey ? { key: startKey } : {}) }) : null,
      };
    }
  }
  return { items, nextCursor: null };
};
