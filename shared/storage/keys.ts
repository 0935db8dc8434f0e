/** Item keys of the single table. Every key shape lives here. */
import type { ApplicationStatus } from '../domain/application';

export const applicationKey = (applicationId: string) => ({
  pk: `APPLICATION#${applicationId}`,
  sk: 'APPLICATION',
});
export const personKey = (idHash: string) => ({ pk: `PERSON#${idHash}`, sk: 'PERSON' });
export const idempotencyKey = (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' });

/** byStatus index: one partition per status, oldest first. */
export const statusIndexKeys = (status: ApplicationStatus, submittedAt: string, applicationId: string) => ({
  gsi1pk: `STATUS#${status}`,
  gsi1sk: `${submittedAt}#${applicationId}`,
});
