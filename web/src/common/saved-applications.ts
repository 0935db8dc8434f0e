/**
 * The applications remembered on this phone (localStorage), so a worker can come back and check.
 * Only what the status page needs is kept: the number, the status token and the submission time.
 */
export interface SavedApplication {
  applicationId: string;
  statusToken: string;
  submittedAt: string;
}

/** The part of the Storage API used here, so tests can pass a plain object. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

export const SAVED_APPLICATIONS_KEY = 'gig-union.applications';
/** A shared phone at a rider station may be used by many workers; keep the list short. */
export const MAX_SAVED = 20;

const isSaved = (entry: unknown): entry is SavedApplication => {
  if (typeof entry !== 'object' || entry === null) return false;
  const { applicationId, statusToken, submittedAt } = entry as Record<string, unknown>;
  return (
    typeof applicationId === 'string' && typeof statusToken === 'string' && typeof submittedAt === 'string'
  );
};

/** localStorage, or undefined where the browser refuses it (some private modes throw on access). */
export const browserStorage = (): KeyValueStorage | undefined => {
  try {
    const storage = window.localStorage;
    return storage ?? undefined;
  } catch {
    return undefined;
  }
};

/** The remembered applications, most recent first; anything unreadable is ignored. */
export const loadSaved = (storage: KeyValueStorage | undefined): SavedApplication[] => {
  if (!storage) return [];
  try {
    const parsed: unknown = JSON.parse(storage.getItem(SAVED_APPLICATIONS_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(isSaved).map(({ applicationId, statusToken, submittedAt }) => ({
      applicationId,
      statusToken,
      submittedAt,
    }));
  } catch {
    return [];
  }
};

const write = (storage: KeyValueStorage | undefined, entries: SavedApplication[]): boolean => {
  if (!storage) return false;
  try {
    storage.setItem(SAVED_APPLICATIONS_KEY, JSON.stringify(entries.slice(0, MAX_SAVED)));
    return true;
  } catch {
    return false;
  }
};

/** Remembers an application (moving it to the top if already there). False when it could not be saved. */
export const rememberApplication = (
  storage: KeyValueStorage | undefined,
  entry: SavedApplication,
): boolean => {
  const others = loadSaved(storage).filter((saved) => saved.applicationId !== entry.applicationId);
  const { applicationId, statusToken, submittedAt } = entry;
  return write(storage, [{ applicationId, statusToken, submittedAt }, ...others]);
};

export const forgetApplication = (storage: KeyValueStorage | undefined, applicationId: string): boolean =>
  write(
    storage,
    loadSaved(storage).filter((saved) => saved.applicationId !== applicationId),
  );
