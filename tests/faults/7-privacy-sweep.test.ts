/**
 * Fault 7, privacy sweep — runs last (the faults project runs its files one at a time, by name) and
 * searches everything the suite left behind. What is checked where:
 *
 * - The ledger: every ID number and mobile number the other six files sent (for the fuzz, every
 *   field value that is an 18-character ID-shaped string or normalises to a mobile number, accepted
 *   or not). Written by each file outside every DATA_DIR.
 * - Files: every file under every DATA_DIR of the suite's `npm start` stacks (DynamoDB Local's
 *   database, hash.key, the issuer's keys, the built pages, anything else) and under the in-process
 *   tests' folders. No full ID number anywhere: no ledger ID's first 17 digits appear in any run of
 *   digits (so neither the number, its lowercase-x form nor the number without its check character).
 *   Full mobile numbers ARE stored, by design, in the application records (reviewers call applicants:
 *   DESIGN §5), so for phones the DynamoDB folder is exempt — and is checked to contain them, which
 *   shows the sweep reads stored data in the clear; every other file must hold none.
 * - Logs: every line any stack printed (stdout and stderr, up to a SIGKILL too), every line the
 *   in-process functions logged, the redrive command's output. No ledger ID (17-digit windows) and
 *   no ledger phone (11-digit windows) in any run of digits; nor any 18-character run that is a
 *   valid GB 11643 number at all (ID numbers the ledger does not know); masked phones (138****5678)
 *   must appear, so the logs that should mention people do.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gbCheckCharacter } from '../support/id-numbers';
import { suiteRoot } from './support/suite';

const FILES_WITH_PEOPLE = ['crash', 'queue-down', 'poison-and-redrive', 'throttling', 'fuzz', 'races'];
const STACKS = ['crash', 'queue-down', 'poison', 'fuzz', 'races'];

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

const root = suiteRoot();
const ledger = { ids17: new Set<string>(), phones: new Set<string>() };
beforeAll(() => {
  for (const name of FILES_WITH_PEOPLE) {
    const path = join(root, 'ledger', `${name}.json`);
    if (!existsSync(path)) continue; // the first test says what is missing
    const file = JSON.parse(readFileSync(path, 'utf8')) as { idNumbers: string[]; phones: string[] };
    for (const id of file.idNumbers) ledger.ids17.add(id.slice(0, 17));
    for (const phone of file.phones) ledger.phones.add(phone);
  }
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
    const logs = readdirSync(join(root, 'logs'));
    for (const stack of STACKS) expect(logs).toContain(`stack-${stack}.log`);
    expect(logs).toEqual(
      expect.arrayContaining(['in-process-throttling.log', 'in-process-fuzz.log', 'redrive.log']),
    );
  });

  it('finds no full ID number in any file under any DATA_DIR, and full phones only in DynamoDB’s data', () => {
    const folders = [join(root, 'stacks'), join(root, 'in-process')];
    const files = folders.flatMap(filesUnder);
    expect(files.length).toBeGreaterThan(20);
    const idLeaks: string[] = [];
    const phoneLeaks: string[] = [];
    let storedPhones = 0;
    let bytes = 0;
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      bytes += statSync(file).size;
      const where = relative(root, file);
      for (const window of digitWindows(text, 17))
        if (ledger.ids17.has(window)) idLeaks.push(`${where}: ${window}…`);
      const isDynamoData = where.split('/')[2] === 'dynamodb';
      for (const window of digitWindows(text, 11)) {
        if (!ledger.phones.has(window)) continue;
        if (isDynamoData) storedPhones++;
        else phoneLeaks.push(`${where}: ${window}`);
      }
    }
    expect(idLeaks).toEqual([]);
    expect(phoneLeaks).toEqual([]);
    expect(storedPhones).toBeGreaterThan(1000); // the database is read in the clear: an ID number would show
    console.log(
      `privacy sweep, files: ${files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB under ${STACKS.length} DATA_DIRs ` +
        `and the in-process folders; ${ledger.ids17.size} ID numbers and ${ledger.phones.size} phones looked for; ` +
        `no ID number; phones only in DynamoDB's data (${storedPhones} occurrences)`,
    );
  });

  it('finds no full ID number and no full phone number in any log line', () => {
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
      `privacy sweep, logs: ${lines} lines in ${logs.length} logs; no ID number, no phone number; ${masked} masked phones`,
    );
  });
});
