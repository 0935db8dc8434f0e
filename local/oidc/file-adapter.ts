/**
 * oidc-provider's storage for the local stack: sessions, grants, codes and interactions in one JSON file
 * under DATA_DIR, so a signed-in browser stays signed in across `npm start` restarts (the provider's
 * built-in adapter keeps them in memory only). Small by nature: one person's sessions on one machine.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

type Payload = Record<string, unknown> & { uid?: string; userCode?: string; grantId?: string };
type Stored = { payload: Payload; expiresAt?: number };

const load = (file: string): Map<string, Stored> => {
  if (!existsSync(file)) return new Map();
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, Stored>));
  } catch {
    return new Map(); // a damaged file costs a sign-in, nothing more
  }
};

/** The adapter class oidc-provider instantiates once per model (Session, Grant, AuthorizationCode…). */
export const fileAdapter = (file: string) => {
  const store = load(file);
  const save = () => {
    const now = Date.now();
    for (const [key, stored] of store)
      if (stored.expiresAt !== undefined && stored.expiresAt <= now) store.delete(key);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(`${file}.tmp`, JSON.stringify(Object.fromEntries(store)), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  };
  const live = (key: string): Payload | undefined => {
    const stored = store.get(key);
    if (!stored || (stored.expiresAt !== undefined && stored.expiresAt <= Date.now())) return undefined;
    return stored.payload;
  };

  return class FileAdapter {
    readonly model: string;
    constructor(model: string) {
      this.model = model;
    }
    private key(id: string) {
      return `${this.model}:${id}`;
    }
    async upsert(id: string, payload: Payload, expiresIn?: number) {
      store.set(this.key(id), {
        payload,
        ...(typeof expiresIn === 'number' ? { expiresAt: Date.now() + expiresIn * 1000 } : {}),
      });
      save();
    }
    async find(id: string) {
      return live(this.key(id));
    }
    private findBy(field: 'uid' | 'userCode', value: string) {
      for (const [key, stored] of store) {
        if (key.startsWith(`${this.model}:`) && stored.payload[field] === value) return live(key);
      }
      return undefined;
    }
    async findByUid(uid: string) {
      return this.findBy('uid', uid);
    }
    async findByUserCode(userCode: string) {
      return this.findBy('userCode', userCode);
    }
    async consume(id: string) {
      const payload = live(this.key(id));
      if (payload) {
        payload.consumed = Math.floor(Date.now() / 1000);
        save();
      }
    }
    async destroy(id: string) {
      store.delete(this.key(id));
      save();
    }
    async revokeByGrantId(grantId: string) {
      for (const [key, stored] of store) if (stored.payload.grantId === grantId) store.delete(key);
      save();
    }
  };
};
