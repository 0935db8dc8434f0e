/**
 * Fault 8, privacy sweep — runs last (the faults project runs its files one at a time, by name) and
 * searches everything the suite left behind, the way someone who stole it would.
 *
 * - The ledger: every ID number and mobile number the other six files sent (for the fuzz, every field
 *   value that is an 18-character ID-shaped string or normalises to a mobile number, accepted or not),
 *   and every application body exactly as it was sent and accepted. Written by each file outside every
 *   DATA_DIR.
 * - Tables, attacked: each stack's table (DynamoDB Local started again on its DATA_DIR) and the
 *   in-process tables. For every ledger submission, the unkeyed hashes a careless implementation could
 *   have stored (tests/support/privacy-attack.ts: SHA-256/SHA-1/MD5/SHA-512 of the ID number in its
 *   spellings, of the body as sent, parsed and validated; hex, base64, base64url) are looked for in
 *   every attribute of every item, and so is any ID number; then the blind attack: every birth date
 *   behind a sample of stored masked ID numbers, hashed, looked for among all stored values.
 * - Files: every file under every DATA_DIR and under the in-process folders. No ledger ID's first 17
 *   digits in any run of digits, no careless hash in any token. Full mobile numbers ARE kept, by
 *   design, in DynamoDB's data (reviewers call applicants, README, "The API, with curl") and in the SMS outbox (the local
 *   stand-in for the SMS provider, which needs the number): those are exempt for phones — and checked
 *   to contain them, which shows the sweep reads stored data in the clear; every other file holds none.
 * - Logs: every line any stack printed, every line the in-process functions logged, the redrive
 *   command's output. No ledger ID (17-digit windows), no ledger phone (11-digit windows), no
 *   18-character run that is a valid GB 11643 number at all, no careless hash; masked phones
 *   (138****5678) must appear, so the logs that should mention people do.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDynamoDbLocal } from '../../local/dynamodb-local';
import { TABLE_NAME } from '../../local/stack';
import { documentClient } from '../../shared/runtime/clients';
import { gbCheckCharacter } from '../support/id-numbers';
import {
  type Candidates,
  carelessHashes,
  type KnownSubmission,
  rebuildFromMasks,
  sweepItems,
} from '../support/privacy-attack';
import { allItems, suiteRoot } from './support/suite';

const FILES_WITH_PEOPLE = [
  'crash',
  'queue-down',
  'poison-and-redrive',
  'throttling',
  'fuzz',
  'races',
  'abuse',
];
const STACKS = ['crash', 'queue-down', 'poison', 'fuzz', 'races', 'abuse-event', 'abuse-flood'];
/** Masked ID numbers the blind attack works through (each stands for ~3,600 possible numbers). */
const BLIND_SAMPLE = 40;

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));

/** Every `length`-digit window of every run of at least `length` digits. */
const digitWindows = function* (text: string, length: number): Generator<string> {
  for (const [run] of text.matchAll(new RegExp(`\\d{${length},}`, 'g'))) {
    for (let i = 0; i + length <= run.length; i++) yield run.slice(i, i + length);
  }
};

/** Runs of the characters hashes are written in (hex, base64, base64url), as a stored value would hold them. */
const hashTokens = (text: string): string[] => text.match(/[A-Za-z0-9+/=_-]{16,}/g) ?? [];
const carelessHashIn = (text: string, candidates: Candidates): string | undefined =>
  hashTokens(text).find((token) => candidates.hashes.has(token));

const root = suiteRoot();
const ledger = { ids17: new Set<string>(), phones: new Set<string>(), submissions: [] as KnownSubmission[] };
let candidates: Candidates;
const tables: Array<{ name: string; items: Array<Record<string, unknown>> }> = [];
const stoppers: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  for (const name of FILES_WITH_PEOPLE) {
    const path = join(root, 'ledger', `${name}.json`);
    if (!existsSync(path)) continue; // the first test says what is missing
    const file = JSON.parse(readFileSync(path, 'utf8')) as {
      idNumbers: string[];
      phones: string[];
      bodies?: Array<{ idNumber: string; body: string }>;
    };
    for (const id of file.idNumbers) {
      ledger.ids17.add(id.toUpperCase().slice(0, 17));
      ledger.submissions.push({ idNumber: id });
    }
    for (const phone of file.phones) ledger.phones.add(phone);
    for (const { idNumber, body } of file.bodies ?? [])
      ledger.submissions.push({ idNumber, bodyAsSent: body });
  }
  candidates = carelessHashes(ledger.submissions);

  // Each stack's table, from its DATA_DIR (the stacks are stopped: DynamoDB Local is started on it again).
  for (const stack of STACKS) {
    const dataDir = join(root, 'stacks', stack, 'dynamodb');
    if (!existsSync(dataDir)) continue;
    const dynamo = await startDynamoDbLocal({ dataDir });
    stoppers.push(() => dynamo.stop());
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'sweep', secretAccessKey: 'sweep' },
    });
    stoppers.push(() => client.destroy());
    tables.push({ name: `stacks/${stack}`, items: await allItems(documentClient(client), TABLE_NAME) });
  }
  // The in-process tests' tables, on the suite's own emulator.
  const shared = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'sweep', secretAccessKey: 'sweep' },
  });
  stoppers.push(() => shared.destroy());
  const { TableNames = [] } = await shared.send(new ListTablesCommand({}));
  for (const name of TableNames.filter((table) => table.startsWith('faults-'))) {
    tables.push({ name: `in-process/${name}`, items: await allItems(documentClient(shared), name) });
  }
}, 180_000);

afterAll(async () => {
  for (const stop of stoppers.reverse()) await stop();
});

describe('privacy sweep', () => {
  it('has what the suite left: a ledger from each fault, each stack’s DATA_DIR, the captured logs', () => {
    const ledgers = readdirSync(join(root, 'ledger')).map((f) => f.replace(/\.json$/, ''));
    expect(ledgers.sort(), 'run the whole fault suite (npm run test:faults)').toEqual(
      [...FILES_WITH_PEOPLE].sort(),
    );
    expect(readdirSync(join(root, 'stacks')).sort()).toEqual([...STACKS].sort());
    expect(ledger.ids17.size).toBeGreaterThan(2000);
    expect(ledger.phones.size).toBeGreaterThan(2000);
    expect(ledger.submissions.filter((s) => s.bodyAsSent).length).toBeGreaterThan(1000);
    const logs = readdirSync(join(root, 'logs'));
    for (const stack of STACKS) expect(logs).toContain(`stack-${stack}.log`);
    expect(logs).toEqual(
      expect.arrayContaining(['in-process-throttling.log', 'in-process-fuzz.log', 'redrive.log']),
    );
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining(STACKS.map((s) => `stacks/${s}`)),
    );
    expect(tables.some((table) => table.name.startsWith('in-process/faults-fuzz'))).toBe(true);
  });

  it('finds no careless hash and no ID number in any attribute of any item of any table', () => {
    const findings: string[] = [];
    let items = 0;
    let attributes = 0;
    for (const table of tables) {
      const report = sweepItems(table.items, candidates);
      items += report.items;
      attributes += report.attributes;
      findings.push(...report.findings.map((finding) => `${table.name}: ${finding}`));
    }
    expect(findings).toEqual([]);
    expect(items).toBeGreaterThan(5000);
    console.log(
      `privacy sweep, tables: ${tables.length} tables, ${items} items, ${attributes} attribute values; ` +
        `${candidates.hashes.size} careless hashes of ${ledger.submissions.length} ID numbers and bodies ` +
        `(${ledger.submissions.filter((s) => s.bodyAsSent).length} bodies as sent) looked for: none found, no ID number`,
    );
  });

  it('cannot rebuild an ID number from a stored mask by hashing every birth date behind it', () => {
    const everything = tables.flatMap((table) => table.items);
    const report = rebuildFromMasks(everything, { sample: BLIND_SAMPLE });
    expect(report.masks).toBe(BLIND_SAMPLE);
    expect(report.rebuilt).toEqual([]);
    console.log(
      `privacy sweep, blind attack: ${report.masks} masked ID numbers, ${report.guesses} candidate numbers, ` +
        `${report.hashesTried} hashes compared with every stored value: none rebuilt`,
    );
  });

  it('finds no ID number or careless hash in any file, and full phones only in DynamoDB’s data and the SMS outbox', () => {
    const folders = [join(root, 'stacks'), join(root, 'in-process')];
    const files = folders.flatMap(filesUnder);
    expect(files.length).toBeGreaterThan(20);
    const idLeaks: string[] = [];
    const hashLeaks: string[] = [];
    const phoneLeaks: string[] = [];
    let storedPhones = 0;
    let outboxPhones = 0;
    let bytes = 0;
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      bytes += statSync(file).size;
      const where = relative(root, file);
      for (const window of digitWindows(text, 17))
        if (ledger.ids17.has(window)) idLeaks.push(`${where}: ${window}…`);
      const hash = carelessHashIn(text, candidates);
      if (hash) hashLeaks.push(`${where}: ${candidates.origin.get(hash)}`);
      const isDynamoData = where.split('/')[2] === 'dynamodb';
      const isOutbox = where.endsWith('sms-outbox.jsonl');
      for (const window of digitWindows(text, 11)) {
        if (!ledger.phones.has(window)) continue;
        if (isDynamoData) storedPhones++;
        else if (isOutbox) outboxPhones++;
        else phoneLeaks.push(`${where}: ${window}`);
      }
    }
    expect(idLeaks).toEqual([]);
    expect(hashLeaks).toEqual([]);
    expect(phoneLeaks).toEqual([]);
    expect(storedPhones).toBeGreaterThan(1000); // the database is read in the clear: an ID number would show
    expect(outboxPhones).toBeGreaterThan(1000);
    console.log(
      `privacy sweep, files: ${files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB under ${STACKS.length} DATA_DIRs ` +
        `and the in-process folders; ${ledger.ids17.size} ID numbers, ${ledger.phones.size} phones and ` +
        `${candidates.hashes.size} careless hashes looked for; no ID number, no hash; phones only in ` +
        `DynamoDB's data (${storedPhones}) and the SMS outboxes (${outboxPhones})`,
    );
  });

  it('finds no full ID number, no careless hash and no full phone number in any log line', () => {
    const logs = readdirSync(join(root, 'logs')).map((name) => ({
      name,
      text: readFileSync(join(root, 'logs', name), 'utf8'),
    }));
    const leaks: string[] = [];
    let lines = 0;
    let masked = 0;
    for (const { name, text } of logs) {
      lines += text.split('\n').length;
      masked += text.match(/\d{3}\*{4}\d{4}/g)?.length ?? 0;
      for (const window of digitWindows(text, 17))
        if (ledger.ids17.has(window)) leaks.push(`${name}: ID ${window}…`);
      for (const window of digitWindows(text, 11))
        if (ledger.phones.has(window)) leaks.push(`${name}: phone ${window}`);
      const hash = carelessHashIn(text, candidates);
      if (hash) leaks.push(`${name}: ${candidates.origin.get(hash)}`);
      for (const [candidate] of text.matchAll(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g)) {
        if (gbCheckCharacter(candidate.slice(0, 17)) === candidate.slice(17).toUpperCase()) {
          leaks.push(`${name}: ID-shaped ${candidate.slice(0, 6)}…`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(lines).toBeGreaterThan(5000);
    expect(masked).toBeGreaterThan(500);
    console.log(
      `privacy sweep, logs: ${lines} lines in ${logs.length} logs; no ID number, no phone number, no careless hash; ${masked} masked phones`,
    );
  });
});
