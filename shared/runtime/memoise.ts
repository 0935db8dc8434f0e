/**
 * Loads once and keeps the result for the life of the execution environment; a failed load is tried
 * again on the next call (a secret read during an outage must not poison the container).
 */
export const memoiseAsync = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
};
