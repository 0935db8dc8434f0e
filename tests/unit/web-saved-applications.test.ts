import { describe, expect, it } from 'vitest';
import {
  forgetApplication,
  type KeyValueStorage,
  loadSaved,
  MAX_SAVED,
  rememberApplication,
  SAVED_APPLICATIONS_KEY,
} from '../../web/src/common/saved-applications';

const memoryStorage = (
  initial: Record<string, string> = {},
): KeyValueStorage & { data: Record<string, string> } => {
  const data = { ...initial };
  return {
    data,
    getItem: (key) => data[key] ?? null,
    setItem: (key, value) => {
      data[key] = value;
    },
  };
};

const brokenStorage: KeyValueStorage = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
};

const entry = (n: number) => ({
  applicationId: `A261128-AAAAAA${String(n).padStart(2, '0')}`,
  statusToken: `token-${n}`,
  submittedAt: `2026-11-28T00:00:${String(n).padStart(2, '0')}.000Z`,
});

describe('applications saved on the phone', () => {
  it('starts empty', () => {
    expect(loadSaved(memoryStorage())).toEqual([]);
    expect(loadSaved(undefined)).toEqual([]);
  });

  it('remembers applications newest first, once each', () => {
    const storage = memoryStorage();
    expect(rememberApplication(storage, entry(1))).toBe(true);
    rememberApplication(storage, entry(2));
    rememberApplication(storage, entry(1));
    expect(loadSaved(storage)).toEqual([entry(1), entry(2)]);
  });

  it('keeps only the three fields it needs', () => {
    const storage = memoryStorage();
    rememberApplication(storage, { ...entry(1), status: 'submitted' } as ReturnType<typeof entry>);
    expect(JSON.parse(storage.data[SAVED_APPLICATIONS_KEY] ?? '')).toEqual([entry(1)]);
  });

  it(`keeps at most ${MAX_SAVED}, dropping the oldest`, () => {
    const storage = memoryStorage();
    for (let n = 1; n <= MAX_SAVED + 3; n++) rememberApplication(storage, entry(n));
    const saved = loadSaved(storage);
    expect(saved).toHaveLength(MAX_SAVED);
    expect(saved[0]).toEqual(entry(MAX_SAVED + 3));
    expect(saved.some((s) => s.applicationId === entry(1).applicationId)).toBe(false);
  });

  it('forgets one application and keeps the rest', () => {
    const storage = memoryStorage();
    rememberApplication(storage, entry(1));
    rememberApplication(storage, entry(2));
    forgetApplication(storage, entry(1).applicationId);
    expect(loadSaved(storage)).toEqual([entry(2)]);
  });

  it('ignores what it cannot read', () => {
    expect(loadSaved(memoryStorage({ [SAVED_APPLICATIONS_KEY]: '{not json' }))).toEqual([]);
    expect(loadSaved(memoryStorage({ [SAVED_APPLICATIONS_KEY]: '{"a":1}' }))).toEqual([]);
    const mixed = JSON.stringify([
      entry(1),
      null,
      'x',
      { applicationId: 1 },
      { ...entry(2), statusToken: undefined },
    ]);
    expect(loadSaved(memoryStorage({ [SAVED_APPLICATIONS_KEY]: mixed }))).toEqual([entry(1)]);
  });

  it('says so when the phone will not store anything, without throwing', () => {
    expect(rememberApplication(brokenStorage, entry(1))).toBe(false);
    expect(rememberApplication(undefined, entry(1))).toBe(false);
    expect(loadSaved(brokenStorage)).toEqual([]);
    expect(forgetApplication(brokenStorage, entry(1).applicationId)).toBe(false);
  });
});
