/**
 * What an approval creates. Kept apart from the decision rules (zod) so the storage module, and every
 * function that imports it, loads no validation code at cold start.
 */
import type { ApplicationRecord } from './application';

/** Rejected applications' personal data expire after this long (DESIGN §6). */
export const REJECTED_RETENTION_DAYS = 180;

/** Member numbers follow from the application, so a retried approval can never mint a second one. */
export const memberIdFor = (applicationId: string): string => `M${applicationId.slice(1)}`;

export interface MemberRecord {
  memberId: string;
  applicationId: string;
  idHash: string;
  idNumberMasked: string;
  fullName: string;
  phone: string;
  phoneMasked: string;
  trade: string;
  platforms: string[];
  platformOther?: string;
  county: string;
  workplace?: string;
  joinedAt: string;
  approvedBy: string;
}

export const memberFromApplication = (
  application: ApplicationRecord,
  at: string,
  by: string,
): MemberRecord => ({
  memberId: memberIdFor(application.applicationId),
  applicationId: application.applicationId,
  idHash: application.idHash,
  idNumberMasked: application.idNumberMasked,
  fullName: application.fullName,
  phone: application.phone,
  phoneMasked: application.phoneMasked,
  trade: application.trade,
  platforms: application.platforms,
  ...(application.platformOther ? { platformOther: application.platformOther } : {}),
  county: application.county,
  ...(application.workplace ? { workplace: application.workplace } : {}),
  joinedAt: at,
  approvedBy: by,
});
