/**
 * Issue 12: the contact log's request rules, and the report's deadline figures (applications decided in
 * the period: decided on or before their due date; applicant reached by phone on or before it).
 */
import { describe, expect, it } from 'vitest';
import { awaitingContact, validateContact } from '../../shared/domain/contact';
import {
  buildReport,
  type DecisionEvent,
  deadlinesCsv,
  decisionTimeliness,
  scopeReport,
} from '../../shared/domain/report';

describe('a contact attempt', () => {
  it('takes one of three outcomes and an optional trimmed note of at most 200 characters', () => {
    expect(validateContact({ outcome: 'reached' })).toEqual({ ok: true, value: { outcome: 'reached' } });
    expect(validateContact({ outcome: 'no_answer', note: '  关机  ' })).toEqual({
      ok: true,
      value: { outcome: 'no_answer', note: '关机' },
    });
    expect(validateContact({ outcome: 'wrong_number', note: '' })).toEqual({
      ok: true,
      value: { outcome: 'wrong_number' },
    });
    expect(validateContact({ outcome: 'reached', note: '话'.repeat(200) }).ok).toBe(true);
    expect(validateContact({ outcome: 'reached', note: '话'.repeat(201) })).toEqual({
      ok: false,
      fields: { note: 'contact.note.length' },
    });
    expect(validateContact({})).toEqual({ ok: false, fields: { outcome: 'required' } });
    expect(validateContact({ outcome: 'busy' })).toEqual({
      ok: false,
      fields: { outcome: 'contact.outcome' },
    });
    expect(validateContact({ outcome: 'reached', note: '<b>' })).toEqual({
      ok: false,
      fields: { note: 'text.characters' },
    });
    expect(validateContact({ outcome: 'reached', by: 'x' })).toEqual({
      ok: false,
      fields: { by: 'unknown_field' },
    });
    expect(validateContact([])).toEqual({ ok: false, fields: { body: 'body.object' } });
  });

  it('"not contacted yet" is an open application nobody has reached; a decision ends it', () => {
    expect(awaitingContact({ status: 'pending_review' })).toBe(true);
    expect(awaitingContact({ status: 'pending_review', contactedAt: '2026-03-02T01:00:00Z' })).toBe(false);
    expect(awaitingContact({ status: 'approved' })).toBe(false);
    expect(awaitingContact({ status: 'rejected' })).toBe(false);
  });
});

// Submitted Mon 2 March 2026 (Beijing): due Mon 23 March.
const decision = (county: string, at: string, contactedAt?: string): DecisionEvent => ({
  action: 'approve',
  at,
  submittedAt: '2026-03-02T02:00:00.000Z',
  trade: 'courier',
  platforms: ['sto'],
  county,
  dueDate: '2026-03-23',
  ...(contactedAt ? { contactedAt } : {}),
});

describe('deadline figures in the coverage report', () => {
  it('judges each decision by Beijing date against its due date', () => {
    // 23 March 23:30 in Beijing is 15:30 UTC: still in time.
    expect(decisionTimeliness(decision('a', '2026-03-23T15:30:00Z'))).toEqual({
      decidedInTime: true,
      contactedInTime: false,
    });
    // 24 March 00:30 in Beijing: late.
    expect(decisionTimeliness(decision('a', '2026-03-23T16:30:00Z', '2026-03-23T15:59:00Z'))).toEqual({
      decidedInTime: false,
      contactedInTime: true,
    });
    // An audit entry from before issue 12 has no dueDate: it is computed from submittedAt (15 working days).
    const { dueDate: _, ...old } = decision('a', '2026-03-23T10:00:00Z');
    expect(decisionTimeliness(old).decidedInTime).toBe(true);
  });

  const report = buildReport({
    reportId: 'monthly-2026-03',
    period: { kind: 'monthly', start: '2026-02-28T16:00:00.000Z', end: '2026-03-31T16:00:00.000Z' },
    generatedAt: '2026-04-01T00:05:00.000Z',
    cells: [
      { trade: 'courier', platform: 'sto', county: 'ludian', members: 3 },
      { trade: 'courier', platform: 'sto', county: 'zhaoyang', members: 1 },
    ],
    people: [
      { trade: 'courier', county: 'ludian', members: 3 },
      { trade: 'courier', county: 'zhaoyang', members: 1 },
    ],
    decisions: [
      decision('ludian', '2026-03-10T02:00:00Z', '2026-03-03T02:00:00Z'), // in time, contacted in time
      decision('ludian', '2026-03-20T02:00:00Z'), // in time, never reached
      decision('ludian', '2026-03-30T02:00:00Z', '2026-03-25T02:00:00Z'), // late, reached late
      decision('zhaoyang', '2026-03-25T02:00:00Z', '2026-03-04T02:00:00Z'), // late, reached in time
    ],
    laterApprovals: [],
    pending: [],
    estimates: [],
    estimateSource: { source: 'survey', asOf: '2026-01-01' },
    headPlatforms: [],
  });

  it('counts per county and overall, with shares of the decided', () => {
    expect(report.byCounty.find((c) => c.county === 'ludian')?.deadlines).toEqual({
      decided: 3,
      decidedInTime: 2,
      contactedInTime: 1,
      decidedInTimeRate: 0.6667,
      contactedInTimeRate: 0.3333,
    });
    expect(report.byCounty.find((c) => c.county === 'zhaoyang')?.deadlines).toEqual({
      decided: 1,
      decidedInTime: 0,
      contactedInTime: 1,
      decidedInTimeRate: 0,
      contactedInTimeRate: 1,
    });
    expect(report.totals.deadlines).toEqual({
      decided: 4,
      decidedInTime: 2,
      contactedInTime: 2,
      decidedInTimeRate: 0.5,
      contactedInTimeRate: 0.5,
    });
  });

  it('a reviewer’s view adds up only their counties', () => {
    expect(scopeReport(report, ['zhaoyang']).totals.deadlines).toMatchObject({
      decided: 1,
      decidedInTime: 0,
    });
  });

  it('has no rates when nothing was decided', () => {
    const empty = buildReport({
      ...{
        reportId: 'weekly-2026-03-02',
        period: { kind: 'weekly', start: '2026-03-01T16:00:00.000Z', end: '2026-03-08T16:00:00.000Z' },
        generatedAt: '2026-03-09T00:05:00.000Z',
      },
      cells: [],
      people: [],
      decisions: [],
      laterApprovals: [],
      pending: [],
      estimates: [],
      estimateSource: { source: 'survey', asOf: '2026-01-01' },
      headPlatforms: [],
    });
    expect(empty.totals.deadlines).toEqual({
      decided: 0,
      decidedInTime: 0,
      contactedInTime: 0,
      decidedInTimeRate: null,
      contactedInTimeRate: null,
    });
  });

  it('goes out as CSV per county and overall', () => {
    const lines = deadlinesCsv(report).replace('\uFEFF', '').trim().split('\r\n');
    expect(lines).toEqual([
      'county,decided,decidedInTime,decidedInTimeRate,contactedInTime,contactedInTimeRate',
      'ludian,3,2,0.6667,1,0.3333',
      'zhaoyang,1,0,0,1,1',
      'all,4,2,0.5,2,0.5',
    ]);
  });
});
