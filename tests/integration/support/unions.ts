/** Shared steps of the union tests: an approval through the review API, and a union's three-way tally. */
import { expect } from 'vitest';
import { unionCounterSk } from '../../../shared/storage/keys';
import { counterTotal } from '../../support/counters';
import type { Harness } from './harness';
import type { HttpStack } from './http-stack';

/** Approves one application through the review API (200 or the test fails); returns the member id. */
export const approveAs = async (http: HttpStack, token: string, applicationId: string): Promise<string> => {
  const answer = await http.call('POST', `/api/review/applications/${applicationId}/decision`, {
    token,
    body: { decision: 'approve' },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return String(answer.body.memberId);
};

/**
 * A union counted three ways, which must agree: its counter (summed over the shards), its listing
 * entries, and the member records that name it (members who left excluded).
 */
export const unionTally = async (harness: Harness, unionId: string) => {
  const items = await harness.scan();
  return {
    counter: await counterTotal(harness.db, harness.tableName, unionCounterSk(unionId)),
    entries: items.filter((i) => i.pk === `UNION#${unionId}`).length,
    members: items.filter((i) => i.entity === 'member' && i.unionId === unionId && !i.leftAt).length,
  };
};

/** The tally of a union with exactly `n` members. */
export const exactly = (n: number) => ({ counter: n, entries: n, members: n });
