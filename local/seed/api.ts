/** A small JSON client for the seed: one origin, an optional staff token, errors that say what failed. */
export class ApiRefused extends Error {
  override name = 'ApiRefused';
  constructor(
    readonly request: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${request} answered ${status}: ${JSON.stringify(body)}`);
  }
}

export interface Api {
  get<T>(path: string, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
  post<T>(path: string, body: unknown, expected?: number[]): Promise<{ status: number; body: T }>;
}

export const api = (origin: URL, token?: string): Api => {
  const call = async <T>(
    method: string,
    path: string,
    body: unknown,
    expected: number[],
    headers: Record<string, string> = {},
  ) => {
    const url = new URL(path, origin);
    if (url.origin !== origin.origin) throw new Error(`${path} is not on ${origin.origin}`);
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const parsed = (await response.json().catch(() => undefined)) as T;
    if (!expected.includes(response.status))
      throw new ApiRefused(`${method} ${path}`, response.status, parsed);
    return { status: response.status, body: parsed };
  };
  return {
    get: (path, headers) => call('GET', path, undefined, [200], headers),
    post: (path, body, expected = [200, 201, 202]) => call('POST', path, body, expected),
  };
};

/** Runs `work` over `items`, at most `concurrency` at a time, keeping their order in the results. */
export const inParallel = async <T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
};
