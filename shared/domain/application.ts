/** The application record and its state machine. */
import type { ApplicationInput } from './application-rules';
import { beijingDate } from './beijing-time';
import type { ContactOutcome } from './contact';

export const APPLICATION_STATUSES = ['submitted', 'pending_review', 'approved', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
/** phone_reused: another person's live record has this phone. id_conflict: another record has this ID number (derived when read). */
export const APPLICATION_FLAGS = ['phone_reused', 'id_conflict'] as const;
export type ApplicationFlag = (typeof APPLICATION_FLAGS)[number];

/**
 * What is stored for an application: never the full ID number (docs/architecture.md §7). Once approved, the personal
 * fields move to the member record (`PERSONAL_FIELDS_MOVED_TO_MEMBER`), so an approved application read
 * back has none of them: `OpenApplication` is the type of one that still does.
 */
export interface ApplicationRecord {
  applicationId: string;
  status: ApplicationStatus;
  submittedAt: string;
  updatedAt: string;
  fullName?: string;
  phone?: string;
  phoneMasked?: string;
  phoneHash?: string;
  idHash?: string;
  idNumberMasked?: string;
  trade: string;
  platforms: string[];
  platformOther?: string;
  county: string;
  workplace?: string;
  source?: string;
  locale: 'zh-CN' | 'en';
  consentVersion: string;
  consentAt: string;
  statusTokenHash: string;
  flags: ApplicationFlag[];
  screenedAt?: string;
  decidedAt?: string;
  decidedBy?: string;
  rejectionReason?: string;
  memberId?: string;
  /** The first contact log entry with outcome `reached` (shared/domain/contact.ts). */
  contactedAt?: string;
  /** How many contact attempts are logged, and the latest one. */
  contactAttempts?: number;
  lastContactAt?: string;
  lastContactOutcome?: ContactOutcome;
  /**
   * How the applicant's SMS about the decision went (recorded by notify): staff see an applicant who was
   * not told. No phone number: sent or failed, when, and why.
   */
  smsOutcome?: {
    template: string;
    state: 'sent' | 'failed';
    at: string;
    reason?: 'refused' | 'provider_unavailable' | 'no_recipient';
    providerCode?: string;
  };
}

type PersonalField = 'fullName' | 'phone' | 'phoneMasked' | 'phoneHash' | 'idHash' | 'idNumberMasked';
/** An application that still holds its applicant's data: submitted, pending review, or rejected. */
export type OpenApplication = ApplicationRecord & Required<Pick<ApplicationRecord, PersonalField>>;

export const holdsPersonalData = (record: ApplicationRecord): record is OpenApplication =>
  typeof record.idHash === 'string' &&
  typeof record.phoneHash === 'string' &&
  typeof record.phone === 'string';

const NEXT: Record<ApplicationStatus, ApplicationStatus[]> = {
  submitted: ['pending_review'],
  pending_review: ['approved', 'rejected'],
  approved: [],
  rejected: [],
};

export const canMove = (from: ApplicationStatus, to: ApplicationStatus): boolean => NEXT[from].includes(to);

export interface ApplicationStatusView {
  applicationId: string;
  status: ApplicationStatus;
  submittedAt: string;
  decidedAt?: string;
  rejectionReason?: string;
  memberId?: string;
}

/** What the applicant sees on the status page: no personal data at all. */
export const statusView = (record: ApplicationRecord): ApplicationStatusView => ({
  applicationId: record.applicationId,
  status: record.status,
  submittedAt: record.submittedAt,
  ...(record.decidedAt ? { decidedAt: record.decidedAt } : {}),
  ...(record.rejectionReason ? { rejectionReason: record.rejectionReason } : {}),
  ...(record.memberId ? { memberId: record.memberId } : {}),
});

export interface Secrets {
  idHash: string;
  phoneHash: string;
  statusTokenHash: string;
}

export const newApplicationRecord = (
  input: ApplicationInput,
  ids: { applicationId: string; now: Date; consentVersion: string; locale: 'zh-CN' | 'en' },
  secrets: Secrets,
  masks: { idNumberMasked: string; phoneMasked: string },
): OpenApplication => {
  const at = ids.now.toISOString();
  return {
    applicationId: ids.applicationId,
    status: 'submitted',
    submittedAt: at,
    updatedAt: at,
    fullName: input.fullName,
    phone: input.phone,
    phoneMasked: masks.phoneMasked,
    phoneHash: secrets.phoneHash,
    idHash: secrets.idHash,
    idNumberMasked: masks.idNumberMasked,
    trade: input.trade,
    platforms: input.platforms,
    ...(input.platformOther ? { platformOther: input.platformOther } : {}),
    county: input.county,
    ...(input.workplace ? { workplace: input.workplace } : {}),
    ...(input.source ? { source: input.source } : {}),
    locale: ids.locale,
    consentVersion: ids.consentVersion,
    consentAt: at,
    statusTokenHash: secrets.statusTokenHash,
    flags: [],
  };
};

/** Application numbers a worker can read out over the phone: date + 8 Crockford base-32 characters. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const APPLICATION_ID_PATTERN = /^A\d{6}-[0-9A-HJKMNP-TV-Z]{8}$/;

export const newApplicationId = (now: Date, randomBytes: Uint8Array): string => {
  const date = beijingDate(now).slice(2).replace(/-/g, '');
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += CROCKFORD[(randomBytes[i] ?? 0) % 32];
  return `A${date}-${suffix}`;
};
