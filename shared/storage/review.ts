/**
 * What the review functions (review, members, audit, unions) read and write on the table: the queue
 * (review-queue.ts), contact attempts (contacts.ts), decisions (decisions.ts), the members listing
 * (member-listing.ts) and the audit trail (audit.ts), as one store.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditLog } from './audit';
import { contactLog } from './contacts';
import { decisionStore } from './decisions';
import { memberListing } from './member-listing';
import { reviewQueue } from './review-queue';

export type { AuditEntry } from './audit';
export { CONTACT_RETENTION_DAYS } from './contacts';
export { type DecisionAuditDetails, DecisionRace } from './decisions';
export type { MemberFilters } from './member-listing';
export type { ApplicationFilters } from './review-queue';

export type ReviewStore = ReturnType<typeof reviewStore>;

export const reviewStore = (db: DynamoDBDocumentClient, tableName: string) => ({
  ...reviewQueue(db, tableName),
  ...contactLog(db, tableName),
  ...decisionStore(db, tableName),
  ...memberListing(db, tableName),
  ...auditLog(db, tableName),
});
