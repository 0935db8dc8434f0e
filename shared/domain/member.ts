/**
 * What an approval creates. Kept apart from the decision rules (zod) so the storage module, and every
 * function that imports it, loads no validation code at cold start.
 */
import type { OpenApplication } from './application';

/** Rejected applications' personal data expire after this long (docs/architecture.md §7). */
export const REJECTED_RETENTION_DAYS = 180;

/**
 * What an approved application stops holding: the member record keeps them (docs/architecture.md §7, data kept only
 * where needed). The application keeps its decision, its trade, platforms and county for the reports,
 * and the status token's hash for the applicant's status page.
 */
export const PERSONAL_FIELDS_MOVED_TO_MEMBER = [
  'fullName',
  'phone',
  'phoneMasked',
  'phoneHash',
  'idHash',
  'idNumberMasked',
  'workplace',
  'platformOther',
] as const;

/** Member numbers follow from the application, so a retried approval can never mint a second one. */
export const memberIdFor = (applicationId: string): string => `M${applicationId.slice(1)}`;

export interface MemberRecord {
  memberId: string;
  applicationId: string;
  idHash: string;
  idNumberMasked: string;
  fullName: string;
  /** The one place an approved applicant's phone is kept (the application drops its copy). */
  phone: string;
  phoneMasked: string;
  /** For the byPhone index: a phone already used by a member is flagged on another person's application. */
  phoneHash: string;
  /** The language SMS to this member are written in. */
  locale: 'zh-CN' | 'en';
  trade: string;
  platforms: string[];
  platformOther?: string;
  county: string;
  workplace?: string;
  joinedAt: string;
  approvedBy: string;
  /** The grassroots union they are in (shared/domain/union.ts), placed by the approval. */
  unionId?: string;
}

export const memberFromApplication = (
  application: OpenApplication,
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
  phoneHash: application.phoneHash,
  locale: application.locale,
  trade: application.trade,
  platforms: application.platforms,
  ...(application.platformOther ? { platformOther: application.platformOther } : {}),
  county: application.county,
  ...(application.workplace ? { workplace: application.workplace } : {}),
  joinedAt: at,
  approvedBy: by,
});

/** What staff listings show of a member: the name and masks, never the phone or the ID number. */
export const listedMember = (m: Record<string, unknown> | MemberRecord) => {
  const member = m as Record<string, unknown>;
  return {
    memberId: member.memberId,
    fullName: member.fullName,
    phoneMasked: member.phoneMasked,
    idNumberMasked: member.idNumberMasked,
    trade: member.trade,
    platforms: member.platforms,
    county: member.county,
    joinedAt: member.joinedAt,
  };
};
