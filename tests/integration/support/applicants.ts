import { lambdaContext } from '../../../local/lambda-context';
import { validApplicationBody } from '../../support/applications';
import { sqsEvent } from '../../support/events';
import type { Harness } from './harness';
import { newPerson } from './people';

/** Applications submitted through intake and screened, so they wait in pending_review. */
export const pendingApplications = async (
  harness: Harness,
  count: number,
  overrides: Record<string, unknown> = {},
): Promise<Array<{ applicationId: string; statusToken: string }>> => {
  const made: Array<{ applicationId: string; statusToken: string }> = [];
  for (let i = 0; i < count; i++) {
    const response = await harness.submit(validApplicationBody({ ...newPerson(), ...overrides }));
    if (response.statusCode !== 202) throw new Error(`submit failed: ${JSON.stringify(response.body)}`);
    made.push({
      applicationId: String(response.body.applicationId),
      statusToken: String(response.body.statusToken),
    });
  }
  for (let i = 0; i < made.length; i += 10) {
    const batch = made.slice(i, i + 10).map(({ applicationId }) => JSON.stringify({ applicationId }));
    await harness.screening(sqsEvent(batch), lambdaContext('screening', 20));
  }
  return made;
};
