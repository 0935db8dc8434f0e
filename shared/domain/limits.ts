/**
 * Limits on who may make us send an SMS (DESIGN §5b), as data: each rule is a cooldown ("one code a
 * minute") or a fixed window ("five an hour"). The storage module turns a request's rules into one
 * conditional transaction, so a refused request counts against nothing.
 */
export type LimitRule =
  | { name: string; kind: 'cooldown'; seconds: number }
  | { name: string; kind: 'window'; seconds: number; limit: number };

/** The settings of the limits, by environment variable, with their defaults (README, "Limits"). */
export const LIMIT_SETTINGS = {
  LIMIT_PHONE_CODE_INTERVAL_SECONDS: 60,
  LIMIT_CODES_PER_PHONE_PER_HOUR: 5,
  LIMIT_CODES_PER_PHONE_PER_DAY: 10,
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

/** The window a moment falls in, and when it ends (epoch seconds). */
export const windowOf = (rule: LimitRule, now: Date): { start: number; end: number } => {
  const seconds = Math.floor(now.getTime() / 1000);
  if (rule.kind === 'cooldown') return { start: seconds, end: seconds + rule.seconds };
  const start = seconds - (seconds % rule.seconds);
  return { start, end: start + rule.seconds };
};
