import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local/lambda-context';
import { validApplicationBody } from '../support/applications';
import { sqsEvent } from '../support/events';
import { createHarness, type Harness } from './support/harness';
import { newPerson } from './support/people';

describe('GET /api/applications/{id}', () => {
  let harness: Harness;
  let applicationId: string;
  let statusToken: string;
  let submittedAt: string;
  beforeAll(async () => {
    harness = await createHarness();
    const response = await harness.submit(validApplicationBody(newPerson()));
    applicationId = String(response.body.applicationId);
    statusToken = String(response.body.statusToken);
    submittedAt = String(response.body.submittedAt);
  });
  afterAll(() => harness.close());

  it('shows the status, and nothing personal, to the holder of the status token', async () => {
    const response = await harness.status(applicationId, statusToken);
    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({ applicationId, status: 'submitted', submittedAt });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('follows the application to pending_review', async () => {
    await harness.screening(sqsEvent([JSON.stringify({ applicationId })]), lambdaContext('screening', 20));
    expect((await harness.status(applicationId, statusToken)).body.status).toBe('pending_review');
  });

  it.each([
    ['a wrong token', () => [applicationId, `${statusToken}x`]],
    ['no token', () => [applicationId, undefined]],
    ['an unknown id', () => ['A261128-ZZZZZZZZ', statusToken]],
    ['a malformed id', () => ['../../etc/passwd', statusToken]],
  ] as Array<[string, () => [string, string | undefined]]>)('answers 404 for %s', async (_, args) => {
    const [id, token] = args();
    const response = await harness.status(id, token);
    expect(response.statusCode).toBe(404);
    expect(response.body.error).toBe('not_found');
  });
});
