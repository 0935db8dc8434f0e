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
