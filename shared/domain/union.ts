/**
 * Grassroots unions (建会) and where a member belongs (docs/architecture.md §6, "Grassroots unions"): the kinds, what each
 * covers, the placement rule, and the request rules shared by the API and the /unions page.
 * Pure: no AWS imports, and no validation library, so the storage modules that place members load none.
 */
import { catalog, isCounty, isPlatform, isTrade } from '../catalog/index';
import type { FieldProblems } from './application-rules';
import { charLength, hasUnsafeCharacters } from './text';

/**
 * platform: a platform enterprise's union in a county (covers one platform); industry: a trade's union in
 * a county; joint: a joint union covering one platform or one trade; fallback: the county's 兜底 joint
 * union, one per county from the start, holding whoever nothing more specific covers.
 */
export const UNION_KINDS = ['platform', 'industry', 'joint', 'fallback'] as const;
export type UnionKind = (typeof UNION_KINDS)[number];
export const UNION_STATUSES = ['active', 'dissolved'] as const;
export type UnionStatus = (typeof UNION_STATUSES)[number];

export interface Union {
  unionId: string;
  name: string;
  kind: UnionKind;
  county: string;
  platform?: string;
  trade?: string;
  /** Beijing date it was set up (YYYY-MM-DD). */
  setUpOn: string;
  status: UnionStatus;
  dissolvedOn?: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  version: number;
}

/**
 * What one county's active unions cover, as the approval reads it: slot → union id. A slot is
 * `platform:<code>`, `trade:<code>` or `fallback`; at most one active union holds a slot. Every change
 * bumps `version`, which the approval transaction checks, so a member is always placed by the
 * directory as it is when they are committed.
 */
export interface UnionDirectory {
  county: string;
  slots: Record<string, string>;
  version: number;
}

export const FALLBACK_SLOT = 'fallback';
export const platformSlot = (platform: string) => `platform:${platform}`;
export const tradeSlot = (trade: string) => `trade:${trade}`;

/** The slot a union holds in its county's directory. */
export const slotOf = (union: Pick<Union, 'kind' | 'platform' | 'trade'>): string => {
  if (union.kind === 'fallback') return FALLBACK_SLOT;
  if (union.platform) return platformSlot(union.platform);
  return tradeSlot(union.trade as string);
};

/** The county's fallback union has a fixed id, so creating it twice (two deploys, two approvals) is one union. */
export const fallbackUnionId = (county: string) => `U-${county}-fallback`;
export const fallbackUnionName = (county: string): string => {
  const name = catalog.counties.find((c) => c.code === county)?.name['zh-CN'] ?? county;
  return `${name}新就业形态劳动者联合工会`;
};

/**
 * Placement (入会即入组织): the most specific active union covering the worker in their county — the
 * union of the first platform they named that has one, else their trade's union, else the county's
 * fallback union. `undefined` only when the county has no directory yet (the caller creates it).
 */
export const placeMember = (
  directory: Pick<UnionDirectory, 'slots'>,
  member: { trade: string; platforms: readonly string[] },
): string | undefined => {
  for (const platform of member.platforms) {
    const union = directory.slots[platformSlot(platform)];
    if (union) return union;
  }
  return directory.slots[tradeSlot(member.trade)] ?? directory.slots[FALLBACK_SLOT];
};

/** A member's union over time: kept on the member record; reasons are staff text, erased with the rest. */
export interface UnionStay {
  unionId: string;
  since: string;
  /** placement, transfer, bulk transfer, dissolution. */
  how: 'placement' | 'transfer' | 'bulk_transfer' | 'dissolution';
  reason?: string;
  by: string;
}

/** Why a member left (退会): codes only, so the counts keep nothing personal; the note is erased later. */
export const LEAVE_REASONS = ['changed_work', 'moved_away', 'own_request', 'deceased', 'other'] as const;
export type LeaveReason = (typeof LEAVE_REASONS)[number];
/** How long a member who left keeps their personal data (name, phone, masked ID) before it is erased. */
export const LEFT_MEMBER_RETENTION_DAYS = 30;

export const MAX_UNION_NAME_LENGTH = 60;
export const MAX_REASON_LENGTH = 200;

type Result<T> = { ok: true; value: T } | { ok: false; fields: FieldProblems };

const unknownFields = (body: Record<string, unknown>, allowed: readonly string[], fields: FieldProblems) => {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key))
      Object.defineProperty(fields, key, { value: 'unknown_field', enumerable: true });
  }
};

const objectBody = (input: unknown): Record<string, unknown> | undefined =>
  typeof input === 'object' && input !== null && !Array.isArray(input)
    ? (input as Record<string, unknown>)
    : undefined;

/** A trimmed one-line text of 1..max characters; the problem code, or the text. */
const checkText = (value: unknown, max: number, lengthCode: string): { text?: string; problem?: string } => {
  if (value === undefined || value === null) return { problem: 'required' };
  if (typeof value !== 'string') return { problem: 'type' };
  const text = value.trim();
  if (text === '') return { problem: 'required' };
  if (charLength(text) > max) return { problem: lengthCode };
  if (hasUnsafeCharacters(text)) return { problem: 'text.characters' };
  return { text };
};

/** A real calendar date written YYYY-MM-DD. */
const isDate = (value: unknown): value is string => {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const at = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === value;
};

export interface NewUnionInput {
  name: string;
  kind: Exclude<UnionKind, 'fallback'>;
  county: string;
  platform?: string;
  trade?: string;
  setUpOn: string;
}

/**
 * A union an administrator sets up: platform unions name a platform, industry unions a trade, joint
 * unions exactly one of the two. Fallback unions are made by the system, one per county.
 */
export const validateNewUnion = (input: unknown): Result<NewUnionInput> => {
  const body = objectBody(input);
  if (!body) return { ok: false, fields: { body: 'body.object' } };
  const fields: FieldProblems = {};
  unknownFields(body, ['name', 'kind', 'county', 'platform', 'trade', 'setUpOn'], fields);
  const name = checkText(body.name, MAX_UNION_NAME_LENGTH, 'union.name.length');
  if (name.problem) fields.name = name.problem;
  const kind = body.kind;
  if (kind === undefined) fields.kind = 'required';
  else if (kind !== 'platform' && kind !== 'industry' && kind !== 'joint') fields.kind = 'union.kind';
  if (body.county === undefined) fields.county = 'required';
  else if (typeof body.county !== 'string' || !isCounty(body.county)) fields.county = 'county.unknown';
  const platform = body.platform === '' || body.platform === null ? undefined : body.platform;
  const trade = body.trade === '' || body.trade === null ? undefined : body.trade;
  if (platform !== undefined && (typeof platform !== 'string' || !isPlatform(platform)))
    fields.platform = 'union.platform';
  if (trade !== undefined && (typeof trade !== 'string' || !isTrade(trade))) fields.trade = 'trade.unknown';
  if (kind === 'platform') {
    if (platform === undefined) fields.platform ??= 'required';
    if (trade !== undefined) fields.trade ??= 'union.trade.platform_kind';
  } else if (kind === 'industry') {
    if (trade === undefined) fields.trade ??= 'required';
    if (platform !== undefined) fields.platform ??= 'union.platform.industry_kind';
  } else if (kind === 'joint' && (platform === undefined) === (trade === undefined)) {
    fields.platform ??= 'union.joint.coverage';
  }
  if (body.setUpOn === undefined) fields.setUpOn = 'required';
  else if (!isDate(body.setUpOn)) fields.setUpOn = 'union.setUpOn';
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return {
    ok: true,
    value: {
      name: name.text as string,
      kind: kind as NewUnionInput['kind'],
      county: body.county as string,
      ...(platform !== undefined ? { platform: platform as string } : {}),
      ...(trade !== undefined ? { trade: trade as string } : {}),
      setUpOn: body.setUpOn as string,
    },
  };
};

export interface UnionChangeInput {
  name?: string;
  /** Dissolving moves the union's members to the county's fallback union. */
  status?: 'dissolved';
  /** Beijing date of the dissolution; today when absent. */
  dissolvedOn?: string;
  reason?: string;
}

export const validateUnionChange = (input: unknown): Result<UnionChangeInput> => {
  const body = objectBody(input);
  if (!body) return { ok: false, fields: { body: 'body.object' } };
  const fields: FieldProblems = {};
  unknownFields(body, ['name', 'status', 'dissolvedOn', 'reason'], fields);
  const value: UnionChangeInput = {};
  if (body.name !== undefined) {
    const name = checkText(body.name, MAX_UNION_NAME_LENGTH, 'union.name.length');
    if (name.problem) fields.name = name.problem;
    else value.name = name.text as string;
  }
  if (body.status !== undefined) {
    if (body.status !== 'dissolved') fields.status = 'union.status';
    else value.status = 'dissolved';
  }
  if (body.dissolvedOn !== undefined) {
    if (!isDate(body.dissolvedOn)) fields.dissolvedOn = 'union.setUpOn';
    else value.dissolvedOn = body.dissolvedOn;
  }
  if (body.reason !== undefined) {
    const reason = checkText(body.reason, MAX_REASON_LENGTH, 'union.reason.length');
    if (reason.problem) fields.reason = reason.problem;
    else value.reason = reason.text as string;
  }
  if (value.name === undefined && value.status === undefined && Object.keys(fields).length === 0)
    fields.body = 'union.change.empty';
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, value };
};

export interface TransferInput {
  /** The union the member (or members) move to. */
  to: string;
  reason: string;
}
export interface BulkTransferInput extends TransferInput {
  /** Only the members of this platform (any of their platforms) move. */
  platform?: string;
}

export const validateTransfer = (input: unknown, bulk = false): Result<BulkTransferInput> => {
  const body = objectBody(input);
  if (!body) return { ok: false, fields: { body: 'body.object' } };
  const fields: FieldProblems = {};
  unknownFields(body, bulk ? ['to', 'reason', 'platform'] : ['to', 'reason'], fields);
  if (body.to === undefined) fields.to = 'required';
  else if (typeof body.to !== 'string' || !/^U-[A-Za-z0-9_-]{1,80}$/.test(body.to)) fields.to = 'union.to';
  const reason = checkText(body.reason, MAX_REASON_LENGTH, 'union.reason.length');
  if (reason.problem) fields.reason = reason.problem;
  if (
    bulk &&
    body.platform !== undefined &&
    (typeof body.platform !== 'string' || !isPlatform(body.platform))
  )
    fields.platform = 'union.platform';
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return {
    ok: true,
    value: {
      to: body.to as string,
      reason: reason.text as string,
      ...(bulk && body.platform !== undefined ? { platform: body.platform as string } : {}),
    },
  };
};

export interface LeaveInput {
  reason: LeaveReason;
  note?: string;
}

export const validateLeave = (input: unknown): Result<LeaveInput> => {
  const body = objectBody(input);
  if (!body) return { ok: false, fields: { body: 'body.object' } };
  const fields: FieldProblems = {};
  unknownFields(body, ['reason', 'note'], fields);
  if (body.reason === undefined) fields.reason = 'required';
  else if (!LEAVE_REASONS.includes(body.reason as LeaveReason)) fields.reason = 'leave.reason';
  let note: string | undefined;
  if (body.note !== undefined && body.note !== '') {
    const checked = checkText(body.note, MAX_REASON_LENGTH, 'union.reason.length');
    if (checked.problem) fields.note = checked.problem;
    else note = checked.text;
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, value: { reason: body.reason as LeaveReason, ...(note ? { note } : {}) } };
};

/** Whether `union` can take `member`'s transfer: active, and in the member's county. */
export const canReceive = (union: Pick<Union, 'status' | 'county'>, member: { county: string }): boolean =>
  union.status === 'active' && union.county === member.county;
