/**
 * Tries to rebuild ID numbers from what is stored, the way someone holding a copy of the table (and no
 * hashing key) would (docs/architecture.md §7):
 *
 * - Known submissions: for each application the attacker saw sent (or guesses), the unkeyed hashes a
 *   careless implementation could have stored — SHA-256, SHA-1, MD5 and SHA-512 of the ID number (as
 *   typed, normalised, with a lowercase x, its first 17 digits, with a `id:` label), of the body as sent,
 *   of the parsed body re-serialised, of the normalised (validated) input in plain and canonical JSON,
 *   with and without the proof fields — in hex, base64 and base64url, padded or not. Any stored value,
 *   or any token inside one (`PERSON#<hash>`), equal to one of them is a finding.
 * - Blind rebuild: for stored masked ID numbers (first 6 and last 4 shown), every birth date from 1900
 *   to 16 years ago that gives the right check character, hashed the same ways: the attack of issue 9,
 *   which needs no submission at all.
 * - The raw ID number anywhere: any 17-digit window of a known ID number in any stored value.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { validateApplication } from '../../shared/domain/application-rules';
import { canonicalJson } from '../../shared/privacy/hashing';
import { gbCheckCharacter } from './id-numbers';

const ALGORITHMS = ['sha256', 'sha1', 'md5', 'sha512'] as const;

/** Every encoding of one digest a program might store. */
const encodings = (digest: Buffer): string[] => {
  const base64 = digest.toString('base64');
  const base64url = digest.toString('base64url');
  return [
    digest.toString('hex'),
    digest.toString('hex').toUpperCase(),
    base64,
    base64.replace(/=+$/, ''),
    base64url,
  ];
};

const digestsOf = (text: string, algorithms: readonly string[] = ALGORITHMS): string[] =>
  algorithms.flatMap((algorithm) => encodings(createHash(algorithm).update(text, 'utf8').digest()));

/** The texts a careless implementation might hash for one ID number. */
const idTexts = (idNumber: string): string[] => {
  const upper = idNumber.trim().toUpperCase();
  return [
    ...new Set([idNumber, upper, upper.toLowerCase(), upper.slice(0, 17), `id:${upper}`, `id#${upper}`]),
  ];
};

/** The texts a careless implementation might hash for one request body, as sent and as understood. */
const bodyTexts = (bodyAsSent: string, now: () => Date): string[] => {
  const texts = new Set<string>([bodyAsSent, bodyAsSent.trim()]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyAsSent);
  } catch {
    return [...texts];
  }
  texts.add(JSON.stringify(parsed));
  texts.add(canonicalJson(parsed));
  const checked = validateApplication(parsed, now);
  if (checked.ok) {
    const { verificationId: _id, verificationCode: _code, ...withoutProof } = checked.value;
    for (const value of [checked.value, withoutProof]) {
      texts.add(JSON.stringify(value));
      texts.add(canonicalJson(value));
    }
  }
  return [...texts];
};

export interface KnownSubmission {
  idNumber: string;
  /** The request body exactly as it was sent, when known. */
  bodyAsSent?: string;
}

export interface Candidates {
  hashes: Set<string>;
  /** What each hash was made from (for a readable finding). */
  origin: Map<string, string>;
  ids17: Set<string>;
}

export const carelessHashes = (
  submissions: Iterable<KnownSubmission>,
  now: () => Date = () => new Date(),
) => {
  const candidates: Candidates = { hashes: new Set(), origin: new Map(), ids17: new Set() };
  const add = (text: string, what: string) => {
    for (const hash of digestsOf(text)) {
      candidates.hashes.add(hash);
      candidates.origin.set(hash, what);
    }
  };
  for (const { idNumber, bodyAsSent } of submissions) {
    candidates.ids17.add(idNumber.trim().toUpperCase().slice(0, 17));
    for (const text of idTexts(idNumber)) add(text, `a hash of the ID number ${idNumber.slice(0, 6)}…`);
    if (bodyAsSent)
      for (const text of bodyTexts(bodyAsSent, now)) add(text, `a hash of a body (${idNumber.slice(0, 6)}…)`);
  }
  return candidates;
};

/**
 * Every string in an item: attribute names, values, nested maps and lists, numbers as text, and binary
 * values as text and base64 — gunzipped first when gzipped (a stored report), as anyone reading could.
 */
const stringsOf = function* (value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (value instanceof Uint8Array) {
    const bytes = Buffer.from(value);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) yield* stringsOf(gunzipSync(bytes).toString('utf8'));
    else yield* [bytes.toString('utf8'), bytes.toString('base64')];
  } else if (typeof value === 'number' || typeof value === 'bigint') yield String(value);
  else if (Array.isArray(value) || value instanceof Set) for (const entry of value) yield* stringsOf(entry);
  else if (value !== null && typeof value === 'object') {
    for (const [key, entry] of Object.entries(value)) {
      yield key;
      yield* stringsOf(entry);
    }
  }
};

/** A stored value, and the runs of hash-alphabet characters inside it (`PERSON#<hash>` → `<hash>`). */
const tokensOf = (text: string): Set<string> =>
  new Set([text, ...(text.match(/[A-Za-z0-9+/=_-]{16,}/g) ?? [])]);

export interface SweepReport {
  items: number;
  attributes: number;
  hashesTried: number;
  findings: string[];
}

/** Looks in every attribute of every item for a candidate hash or a known ID number. */
export const sweepItems = (items: Iterable<Record<string, unknown>>, candidates: Candidates): SweepReport => {
  const report: SweepReport = { items: 0, attributes: 0, hashesTried: candidates.hashes.size, findings: [] };
  for (const item of items) {
    report.items++;
    const where = `${String(item.pk)} / ${String(item.sk)}`;
    for (const text of stringsOf(item)) {
      report.attributes++;
      for (const token of tokensOf(text)) {
        if (candidates.hashes.has(token)) {
          report.findings.push(`${where}: ${candidates.origin.get(token)} (${token.slice(0, 12)}…)`);
        }
      }
      for (const [run] of text.matchAll(/\d{17,}/g)) {
        for (let i = 0; i + 17 <= run.length; i++) {
          if (candidates.ids17.has(run.slice(i, i + 17))) report.findings.push(`${where}: a raw ID number`);
        }
      }
    }
  }
  return report;
};

/** Every ID number a mask `530602********1234` can stand for: real birth dates, right check character. */
export const idNumbersBehind = (masked: string, today: Date = new Date()): string[] => {
  const match = /^(\d{6})\*{8}(\d{3})([\dX])$/.exec(masked);
  if (!match) return [];
  const [, region, sequence, check] = match as unknown as [string, string, string, string];
  const found: string[] = [];
  const last = new Date(Date.UTC(today.getUTCFullYear() - 16, today.getUTCMonth(), today.getUTCDate()));
  for (let day = new Date(Date.UTC(1900, 0, 1)); day <= last; day = new Date(day.getTime() + 86_400_000)) {
    const first17 = `${region}${day.toISOString().slice(0, 10).replaceAll('-', '')}${sequence}`;
    if (gbCheckCharacter(first17) === check) found.push(`${first17}${check}`);
  }
  return found;
};

export interface RebuildReport {
  masks: number;
  guesses: number;
  hashesTried: number;
  rebuilt: string[];
}

/**
 * The blind attack: for each masked ID number stored, hash every ID number it can stand for and look
 * for any of those hashes among all stored values. Returns the ID numbers it could rebuild.
 */
export const rebuildFromMasks = (
  items: ReadonlyArray<Record<string, unknown>>,
  options: { sample?: number; today?: Date } = {},
): RebuildReport => {
  const stored = new Set<string>();
  const masks = new Set<string>();
  for (const item of items) {
    for (const text of stringsOf(item)) {
      for (const token of tokensOf(text)) stored.add(token);
      if (/^\d{6}\*{8}\d{3}[\dX]$/.test(text)) masks.add(text);
    }
  }
  const report: RebuildReport = { masks: 0, guesses: 0, hashesTried: 0, rebuilt: [] };
  for (const mask of [...masks].slice(0, options.sample ?? masks.size)) {
    report.masks++;
    for (const guess of idNumbersBehind(mask, options.today)) {
      report.guesses++;
      for (const text of [guess, `id:${guess}`]) {
        for (const hash of digestsOf(text, ['sha256', 'sha1', 'md5'])) {
          report.hashesTried++;
          if (stored.has(hash)) report.rebuilt.push(guess);
        }
      }
    }
  }
  return report;
};
