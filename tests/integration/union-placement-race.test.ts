/**
 * Placement when a union changes while an approval is in flight. The approval places its member by the
 * county's directory as it read it, without checking the directory at commit (every approval in a county
 * would name that one item, and concurrent transactions naming the same item refuse each other on AWS);
 * after the commit it reads the directory again and moves the member if a union was set up or dissolved
 * meanwhile. Here the union changes exactly between the approval's read and its commit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fallbackUnionId } from '../../shared/domain/union';
import { pendingApplications } from './support/applicants';
import { createHarness, type Harness } from './support/harness';
import { type HttpStack, startHttpStack } from './support/http-stack';
import { type InterceptedCall, interceptingClient, throttlingError } from './support/throttling';
import { approveAs, exactly, unionTally } from './support/unions';

let harness: Harness;
let http: HttpStack;
let admin: string;

/** What to do just before the next approval's transaction is sent (once). */
let beforeNextApproval: (() => Promise<void>) | undefined;
/** Whether a transfer's transaction is throttled (the re-placement after an approval). */
let throttleTransfers = false;

const isTransaction = (call: InterceptedCall, marker: string) =>
  call.commandName === 'TransactWriteItemsCommand' && JSON.stringify(call.input).includes(marker);

beforeAll(async () => {
  harness = await createHarness({
    dynamoClient: interceptingClient(async (call) => {
      if (beforeNextApproval && isTransaction(call, '"entity":{"S":"member"}')) {
        const race = beforeNextApproval;
        beforeNextApproval = undefined;
        await race();
      }
      if (throttleTransfers && isTransaction(call, 'unionId = :from')) throw throttlingError();
    }),
  });
  http = await startHttpStack(harness);
  admin = await http.token({ role: 'admin', sub: 'admin-ann' });
}, 60_000);
afterAll(async () => {
  await http.close();
  await harness.close();
});

const setUpUnion = async (county: string, platform: string) => {
  const answer = await http.call('POST', '/api/unions', {
    token: admin,
    body: { name: `${platform}工会`, kind: 'platform', county, platform, setUpOn: '2026-11-30' },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return String(answer.body.unionId);
};

/** A Didi union in the county, and a Didi driver waiting for review there. */
const didiUnionAndDriver = async (county: string) => {
  const didi = await setUpUnion(county, 'didi');
  const [driver] = await pendingApplications(harness, 1, {
    county,
    trade: 'ride_hailing_driver',
    platforms: ['didi'],
  });
  return { didi, driver };
};

const dissolve = async (unionId: string) => {
  const answer = await http.call('POST', `/api/unions/${unionId}`, {
    token: admin,
    body: { status: 'dissolved', reason: '合并' },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as { moved: number; done: boolean };
};

const approve = (applicationId: string) => approveAs(http, admin, applicationId);

const memberOf = async (memberId: string) =>
  (await http.call('GET', `/api/members/${memberId}`, { token: admin })).body as {
    unionId: string;
    unionHistory: Array<{ unionId: string; how: string }>;
  };

const membersOf = (unionId: string) => unionTally(harness, unionId);

describe('placement racing a union change', () => {
  it('a union set up between the approval’s read and its commit gets the member', async () => {
    const county = 'qiaojia';
    const [rider] = await pendingApplications(harness, 1, {
      county,
      trade: 'delivery_rider',
      platforms: ['meituan'],
    });
    let meituan = '';
    beforeNextApproval = async () => {
      meituan = await setUpUnion(county, 'meituan');
    };
    const memberId = await approve(rider?.applicationId as string);
    expect(meituan).not.toBe('');
    const member = await memberOf(memberId);
    expect(member.unionId).toBe(meituan);
    expect(member.unionHistory.map((stay) => [stay.unionId, stay.how])).toEqual([
      [fallbackUnionId(county), 'placement'],
      [meituan, 'placement'],
    ]);
    expect(await membersOf(meituan)).toEqual(exactly(1));
    expect(await membersOf(fallbackUnionId(county))).toEqual(exactly(0));
  });

  it('a union dissolved between the approval’s read and its commit does not keep the member', async () => {
    const county = 'yiliang';
    const { didi, driver } = await didiUnionAndDriver(county);
    beforeNextApproval = async () => {
      // Dissolved with nobody to move yet: the member arrives after the dissolution moved everyone.
      expect(await dissolve(didi)).toMatchObject({ moved: 0, done: true });
    };
    const memberId = await approve(driver?.applicationId as string);
    expect((await memberOf(memberId)).unionId).toBe(fallbackUnionId(county));
    expect(await membersOf(didi)).toEqual(exactly(0));
    expect(await membersOf(fallbackUnionId(county))).toEqual(exactly(1));
  });

  it('when the move after the commit fails, the approval stands and dissolving again moves the member', async () => {
    const county = 'daguan';
    const { didi, driver } = await didiUnionAndDriver(county);
    beforeNextApproval = async () => {
      await dissolve(didi);
      throttleTransfers = true;
    };
    const memberId = await approve(driver?.applicationId as string);
    throttleTransfers = false;
    expect((await memberOf(memberId)).unionId).toBe(didi);
    expect(await membersOf(didi)).toEqual(exactly(1));
    expect(await dissolve(didi)).toMatchObject({ moved: 1, done: true });
    expect((await memberOf(memberId)).unionId).toBe(fallbackUnionId(county));
    expect(await membersOf(didi)).toEqual(exactly(0));
    expect(await membersOf(fallbackUnionId(county))).toEqual(exactly(1));
  });
});
