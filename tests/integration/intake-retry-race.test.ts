/**
 * A phone retrying a submission (same Idempotency-Key, same body) while the first attempt is still in
 * flight: whichever step the retry is at when the first one commits, it answers what the first answered.
 * Here the first commits exactly between the retry's read of the key's claim and its check of the code.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { validApplicationBody } from '../support/applications';
import { createHarness, type Harness } from './support/harness';
import { newPerson } from './support/people';
import { interceptingClient } from './support/throttling';

let harness: Harness;
let beforeCodeCheck: (() => Promise<void>) | undefined;

beforeAll(async () => {
  harness = await createHarness({
    dynamoClient: interceptingClient(async (call) => {
      const readsCode =
        call.commandName === 'GetItemCommand' && JSON.stringify(call.input).includes('VERIFICATION#');
      if (beforeCodeCheck && readsCode) {
        const first = beforeCodeCheck;
        beforeCodeCheck = undefined;
        await first();
      }
    }),
  });
}, 60_000);
afterAll(async () => {
  await harness.close();
});

it('a retry that finds its code spent by the first attempt answers the first attempt’s 202', async () => {
  const person = newPerson();
  const body = validApplicationBody({ ...person, ...(await harness.provePhone(person.phone)) });
  const headers = { 'Idempotency-Key': 'retry-while-in-flight' };
  let first: Awaited<ReturnType<Harness['submit']>> | undefined;
  beforeCodeCheck = async () => {
    first = await harness.submit(body, headers);
  };
  const retry = await harness.submit(body, headers);
  expect(first?.statusCode).toBe(202);
  expect(retry).toEqual(first);
});
