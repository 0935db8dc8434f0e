/**
 * Limits that know who they protect (docs/architecture.md §8), as data: each rule is a cooldown ("one code a
 * minute") or a fixed window ("five an hour"), counted per subject — a phone, a client address, an ID
 * number from one address — always as keyed hashes. The storage module turns a request's rules into
 * one conditional transaction with what the request writes, so a refused or failed request counts
 * against nothing.
 */
export type LimitRule = (
  | { name: string; kind: 'cooldown'; seconds: number }
  | { name: string; kind: 'window'; seconds: number; limit: number }
) & {
  /** Who the rule counts; when absent, the subject the request is counted under. */
  subject?: string;
};

/** The settings of the limits, by environment variable, with their defaults (README, "Limits"). */
export const LIMIT_SETTINGS = {
  LIMIT_PHONE_CODE_INTERVAL_SECONDS: 60,
  LIMIT_CODES_PER_PHONE_PER_HOUR: 5,
  LIMIT_CODES_PER_PHONE_PER_DAY: 10,
  /**
   * Per client address. A sign-up event puts hundreds of workers behind one venue's address: 300 in an
   * hour, each perhaps asking twice, must pass; a script on one address is stopped there.
   */
  LIMIT_CODES_PER_ADDRESS_PER_HOUR: 600,
  /**
   * New applications with one ID number from one client address per day. Counted per (ID number,
   * address), not per ID number alone: a refusal then depends only on what that address itself sent,
   * so it tells nobody whether others used the ID number (README, "The API, with curl", no membership oracle), while one
   * source cannot flood a worker's ID number with applications.
   */
  LIMIT_APPLICATIONS_PER_ID_PER_ADDRESS_PER_DAY: 3,
} as const;
export type LimitSetting = keyof typeof LIMIT_SETTINGS;

/** A setting's value from `env` (a whole number ≥ 0; 0 turns the rule off), or its default. */
const setting = (env: Readonly<Record<string, string | undefined>>, name: LimitSetting): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return LIMIT_SETTINGS[name];
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number ≥ 0, got "${raw}"`);
  return value;
};

/** Per phone: one code a minute, five an hour, ten a day, unless configured otherwise. */
export const phoneCodeLimits = (env: Readonly<Record<string, string | undefined>> = {}): LimitRule[] => {
  const rules: LimitRule[] = [];
  const interval = setting(env, 'LIMIT_PHONE_CODE_INTERVAL_SECONDS');
  const hourly = setting(env, 'LIMIT_CODES_PER_PHONE_PER_HOUR');
  const daily = setting(env, 'LIMIT_CODES_PER_PHONE_PER_DAY');
  if (interval > 0) rules.push({ name: 'phone-interval', kind: 'cooldown', seconds: interval });
  if (hourly > 0) rules.push({ name: 'phone-hour', kind: 'window', seconds: 3600, limit: hourly });
  if (daily > 0) rules.push({ name: 'phone-day', kind: 'window', seconds: 86400, limit: daily });
  return rules;
};

export const PHONE_CODE_LIMITS: readonly LimitRule[] = phoneCodeLimits();

/** Per client address: 600 codes an hour, unless configured otherwise. */
export const addressCodeLimits = (env: Readonly<Record<string, string | undefined>> = {}): LimitRule[] => {
  const hourly = setting(env, 'LIMIT_CODES_PER_ADDRESS_PER_HOUR');
  return hourly > 0 ? [{ name: 'address-hour', kind: 'window', seconds: 3600, limit: hourly }] : [];
};

export const ADDRESS_CODE_LIMITS: readonly LimitRule[] = addressCodeLimits();

/** Per ID number and client address: 3 new applications a day, unless configured otherwise. */
export const idApplicationLimits = (env: Readonly<Record<string, string | undefined>> = {}): LimitRule[] => {
  const daily = setting(env, 'LIMIT_APPLICATIONS_PER_ID_PER_ADDRESS_PER_DAY');
  return daily > 0 ? [{ name: 'id-address-day', kind: 'window', seconds: 86400, limit: daily }] : [];
};

export const ID_APPLICATION_LIMITS: readonly LimitRule[] = idApplicationLimits();

/** The rules, each counting `subject`. */
export const countedFor = (rules: readonly LimitRule[], subject: string): LimitRule[] =>
  rules.map((rule) => ({ ...rule, subject }));

/** The window a moment falls in, and when it ends (epoch seconds). */
export const windowOf = (rule: LimitRule, now: Date): { start: number; end: number } => {
  const seconds = Math.floor(now.getTime() / 1000);
  if (rule.kind === 'cooldown') return { start: seconds, end: seconds + rule.seconds };
  const start = seconds - (seconds % rule.seconds);
  return { start, end: start + rule.seconds };
};
