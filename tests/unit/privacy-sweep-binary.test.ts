import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type Candidates, sweepItems } from '../support/privacy-attack';

const ID = '110101199003071234';
const candidates = (): Candidates => ({
  hashes: new Set(['c2VjcmV0LWhhc2gtb2YtdGhlLWlk']),
  origin: new Map([['c2VjcmV0LWhhc2gtb2YtdGhlLWlk', 'sha256(id)']]),
  ids17: new Set([ID.slice(0, 17)]),
});

describe('the privacy sweep reads binary attributes as an attacker would', () => {
  it('finds an ID number inside a gzipped attribute (a stored report)', () => {
    const item = {
      pk: 'REPORTS',
      sk: 'REPORT#x',
      reportGzip: gzipSync(JSON.stringify({ note: `id ${ID}` })),
    };
    expect(sweepItems([item], candidates()).findings).toEqual(['REPORTS / REPORT#x: a raw ID number']);
  });

  it('finds a candidate hash stored as raw bytes', () => {
    const item = { pk: 'P', sk: 'S', blob: Buffer.from('c2VjcmV0LWhhc2gtb2YtdGhlLWlk', 'base64') };
    expect(sweepItems([item], candidates()).findings).toHaveLength(1);
  });

  it('finds nothing in a gzipped report of counts only', () => {
    const item = {
      pk: 'REPORTS',
      sk: 'REPORT#y',
      reportGzip: gzipSync(JSON.stringify({ cells: [{ n: 3 }] })),
    };
    expect(sweepItems([item], candidates()).findings).toEqual([]);
  });
});
