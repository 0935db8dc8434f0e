/**
 * The data migrations (shared/storage/migrations.ts) on items written the old way: unkeyed body
 * fingerprints are purged, people get versions and their proven phones, approved applications hand
 * their personal data to the member. Each runs once; a second run changes nothing.
 */

import { createHash } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../shared/catalog/index';
import { PERSONAL_FIELDS_MOVED_TO_MEMBER } from '../../shared/domain/member';
import {
  applicationKey,
  COUNTER_PARTITIONS,
  idempotencyKey,
  memberKey,
  personKey,
} from '../../shared/storage/keys';
import { MIGRATIONS, runMigrations } from '../../shared/storage/migrations';
import { createHarness, type Harness } from './support/harness';

let harness: Harness;
beforeAll(async () => {
  harness = await createHarness();
});
afterAll(() => harness.close());

const put = (item: Record<string, unknown>) =>
  harness.db.send(new PutCommand({ TableName: harness.tableName, Item: item }));

describe('data migrations', () => {
  it('rewrites what the old code wrote, once', async () => {
    const oldBody = '{"fullName":"王小明","idNumber":"530602199003071235"}';
    const nowSeconds = Math.floor(Date.now() / 1000);
    // An Idempotency-Key claim with an unkeyed SHA-256 of the body, as the first version stored it.
    await put({
      ...idempotencyKey('old-key'),
      entity: 'idempotency',
      fingerprint: createHash('sha256').update(oldBody).digest('base64url'),
      applicationId: 'A261101-OLD00001',
      submittedAt: '2026-11-01T00:00:00.000Z',
      expiresAt: nowSeconds + 3600,
    });
    // A pending applicant and a member, with one-application person items.
    await put({
      ...applicationKey('A261101-OPEN0001'),
      entity: 'application',
      applicationId: 'A261101-OPEN0001',
      status: 'pending_review',
      phone: '13911110001',
      phoneHash: 'phone-hash-open',
      idHash: 'id-open',
    });
    await put({
      ...personKey('id-open'),
      entity: 'person',
      applicationId: 'A261101-OPEN0001',
      state: 'pending',
    });
    await put({
      ...applicationKey('A261101-MEMB0001'),
      entity: 'application',
      applicationId: 'A261101-MEMB0001',
      status: 'approved',
      memberId: 'M261101-MEMB0001',
      fullName: '李四',
      phone: '13911110002',
      phoneMasked: '139****0002',
      phoneHash: 'phone-hash-member',
      idHash: 'id-member',
      idNumberMasked: '530602********1234',
      locale: 'en',
      county: 'ludian',
    });
    await put({
      ...memberKey('M261101-MEMB0001'),
      entity: 'member',
      memberId: 'M261101-MEMB0001',
      phone: '13911110002',
      idHash: 'id-member',
      fullName: '李四',
      trade: 'courier',
      platforms: ['zto'],
      county: 'ludian',
      joinedAt: '2026-11-01T08:00:00.000Z',
    });
    await put({
      ...personKey('id-member'),
      entity: 'person',
      applicationId: 'A261101-MEMB0001',
      memberId: 'M261101-MEMB0001',
      state: 'member',
    });
    // A rejected applicant's leftover person item (the old code deleted it; a partial run may not have).
    await put({
      ...personKey('id-gone'),
      entity: 'person',
      applicationId: 'A261101-GONE0001',
      state: 'pending',
    });

    const first = await runMigrations(harness.dbFor('migrate'), harness.tableName);
    expect(first.map((m) => [m.status, m.changed])).toEqual([
      ['done', 1],
      ['done', 3],
      ['done', 1],
      // Placed in their county's fallback union: the only union there yet.
      ['done', 1],
    ]);
    const items = await harness.scan();
    const byPk = (pk: string) => items.find((item) => item.pk === pk);

    expect(byPk(idempotencyKey('old-key').pk)).toBeUndefined();
    expect(byPk(personKey('id-open').pk)).toMatchObject({
      version: 1,
      open: { 'A261101-OPEN0001': 'phone-hash-open' },
    });
    expect(byPk(personKey('id-member').pk)).toMatchObject({
      version: 1,
      open: {},
      memberId: 'M261101-MEMB0001',
      memberApplicationId: 'A261101-MEMB0001',
      memberPhoneHash: 'phone-hash-member',
    });
    expect(byPk(personKey('id-gone').pk)).toBeUndefined();
    const approved = byPk(applicationKey('A261101-MEMB0001').pk);
    for (const field of PERSONAL_FIELDS_MOVED_TO_MEMBER) expect(approved).not.toHaveProperty(field);
    expect(approved).toMatchObject({ status: 'approved', memberId: 'M261101-MEMB0001', county: 'ludian' });
    expect(byPk(memberKey('M261101-MEMB0001').pk)).toMatchObject({
      phone: '13911110002',
      phoneHash: 'phone-hash-member',
      locale: 'en',
      unionId: 'U-ludian-fallback',
    });
    expect(byPk('UNION#U-ludian-fallback')).toMatchObject({ memberId: 'M261101-MEMB0001', fullName: '李四' });
    // The union's counter, summed over the shards the placement may have moved.
    const unionCounter = items.filter(
      (item) => COUNTER_PARTITIONS.includes(String(item.pk)) && item.sk === 'UNION#U-ludian-fallback',
    );
    expect(unionCounter.reduce((sum, item) => sum + Number(item.members), 0)).toBe(1);
    // Every catalogue county has its fallback union.
    expect(items.filter((item) => item.entity === 'union' && item.kind === 'fallback')).toHaveLength(
      catalog.counties.length,
    );
    expect(items.filter((item) => item.entity === 'migration').map((item) => item.sk)).toEqual(
      MIGRATIONS.map((m) => m.name).sort(),
    );

    const second = await runMigrations(harness.dbFor('migrate'), harness.tableName);
    expect(second.every((m) => m.status === 'already_done')).toBe(true);
  });
});
