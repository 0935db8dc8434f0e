/**
 * The reviewer console's API calls: the queue, one application in full, decisions (one or many), contact
 * attempts, the members list and its CSV, and the audit trail; through the staff pages' client
 * (staff/common/api.ts).
 */

import { getCsv, getJson, PAGE_SIZE, type Page, postJson, queryString } from '../common/api';
import type { BulkItem, Decision } from './bulk';

export type ApplicationStatus = 'submitted' | 'pending_review' | 'approved' | 'rejected';

/**
 * One application as the queue lists it. An approved application has handed its personal data to the
 * member record, so it comes without the name, masked phone and ID number, workplace and platformOther.
 */
export interface QueueItem {
  applicationId: string;
  status: ApplicationStatus;
  submittedAt: string;
  fullName?: string;
  phoneMasked?: string;
  idNumberMasked?: string;
  trade: string;
  platforms: string[];
  platformOther?: string;
  county: string;
  workplace?: string;
  source?: string;
  /** phone_reused, id_conflict (another open application or a member has this ID number). */
  flags: string[];
  /** With id_conflict: the other applications with this ID number (some may be in other counties). */
  conflictsWith?: string[];
  decidedAt?: string;
  decidedBy?: string;
  rejectionReason?: string;
  memberId?: string;
  /** The decision deadline (issue 12): YYYY-MM-DD, Beijing. */
  dueDate?: string;
  /** While open: where today stands against the due date. */
  deadline?: { state: 'due' | 'due_today' | 'overdue'; workingDays: number };
  /** While open: nobody has reached the applicant by phone yet. */
  awaitingContact?: boolean;
  contactedAt?: string;
  contactAttempts?: number;
  lastContactAt?: string;
  lastContactOutcome?: string;
  /** How the applicant's SMS about the decision went (recorded by functions/notify); absent until then. */
  smsOutcome?: SmsOutcome;
}

export type ContactOutcome = 'reached' | 'no_answer' | 'wrong_number';
export interface ContactEntry {
  outcome: ContactOutcome;
  note?: string;
  at: string;
  by: string;
}

/** How the response counted deadlines; `unknownYears` lack a State Council schedule (weekends only). */
export interface CalendarView {
  today: string;
  workingDays: number;
  unknownYears: number[];
}

/** The applicant's decision SMS: sent, or failed and why (no phone number is ever in it). */
export interface SmsOutcome {
  template: string;
  state: 'sent' | 'failed';
  at: string;
  reason?: 'refused' | 'provider_unavailable' | 'no_recipient';
  providerCode?: string;
}

/** The full record (`GET /api/review/applications/{id}`, audited): adds the phone number and consent. */
export interface FullApplication extends QueueItem {
  /** Absent once approved (the member record holds it). */
  phone?: string;
  consentVersion?: string;
  consentAt?: string;
  locale?: string;
  screenedAt?: string;
  contacts?: ContactEntry[];
  calendar?: CalendarView;
}

export interface DecisionOutcome {
  applicationId: string;
  status: 'approved' | 'rejected';
  decidedAt: string;
  decidedBy: string;
  memberId?: string;
}

export interface MemberItem {
  memberId: string;
  fullName: string;
  phoneMasked: string;
  idNumberMasked: string;
  trade: string;
  platforms: string[];
  county: string;
  joinedAt: string;
}

export interface AuditItem {
  at: string;
  actor: string;
  actorRole?: string;
  action: string;
  target?: string;
  details?: Record<string, string | number>;
}

/** A page of the queue, with how its deadlines were counted. */
export interface QueuePage extends Page<QueueItem> {
  calendar?: CalendarView;
}

export interface QueueFilters {
  status?: string;
  county?: string;
  trade?: string;
  platform?: string;
}

export interface MemberFilters {
  county?: string;
  trade?: string;
  platform?: string;
}

const idPath = (id: string) => `/api/review/applications/${encodeURIComponent(id)}`;

export const listApplications = (filters: QueueFilters, cursor?: string) =>
  getJson<QueuePage>(`/api/review/applications${queryString({ ...filters, limit: PAGE_SIZE, cursor })}`);

/** The full record: only when a reviewer opens it (each view is written to the audit trail). */
export const getApplication = (id: string) => getJson<FullApplication>(idPath(id));

export const decide = (id: string, decision: Decision, reason?: string) =>
  postJson<DecisionOutcome>(`${idPath(id)}/decision`, reason ? { decision, reason } : { decision });

export const logContact = (id: string, outcome: ContactOutcome, note?: string) =>
  postJson<ContactEntry & { applicationId: string }>(`${idPath(id)}/contacts`, {
    outcome,
    ...(note ? { note } : {}),
  });

export const decideMany = (items: BulkItem[]) => postJson<unknown>('/api/review/decisions', { items });

export const listMembers = (filters: MemberFilters, cursor?: string) =>
  getJson<Page<MemberItem>>(`/api/members${queryString({ ...filters, limit: PAGE_SIZE, cursor })}`);

export const listAudit = (cursor?: string) =>
  getJson<Page<AuditItem>>(`/api/audit${queryString({ limit: PAGE_SIZE, cursor })}`);

/** The members CSV (administrators only), as a Blob to save. */
export const exportMembers = (filters: MemberFilters) =>
  getCsv(`/api/members/export${queryString({ ...filters })}`, 'members.csv');
