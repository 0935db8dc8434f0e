/** Reads environment variables once, at cold start, and fails fast naming what is missing. */
export const requireEnv = <const Names extends readonly string[]>(
  ...names: Names
): { [K in Names[number]]: string } => {
  const missing = names.filter((name) => !process.env[name]);
  if (missing.length > 0) throw new Error(`missing environment variables: ${missing.join(', ')}`);
  return Object.fromEntries(names.map((name) => [name, process.env[name] as string])) as {
    [K in Names[number]]: string;
  };
};

export const optionalNumberEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
};

/**
 * A positive whole number of working days from `name` (DECISION_WORKING_DAYS, shared/wiring.ts ENV), or
 * `fallback` when unset. Read once, at cold start; a bad value stops the function from starting.
 */
export const positiveIntegerEnv = (name: string, fallback: number): number => {
  const value = optionalNumberEnv(name, fallback);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a whole number ≥ 1, got ${value}`);
  return value;
};
