import { describe, expect, it } from 'vitest';
import { validateNewUnion } from '../../shared/domain/union';
import {
  bulkTransferFromForm,
  coverageFields,
  dissolveFromForm,
  leaveFromForm,
  type NewUnionValues,
  newUnionFromForm,
  renameFromForm,
  transferFromForm,
} from '../../web/src/staff/unions/form';

const meituanInZhaoyang: NewUnionValues = {
  name: '  美团昭阳区工会 ',
  kind: 'platform',
  county: 'zhaoyang',
  platform: 'meituan',
  trade: '',
  setUpOn: '2026-11-30',
};

const fieldsOf = (outcome: { ok: boolean; problems?: Array<{ field: string; code: string }> }) =>
  Object.fromEntries((outcome.problems ?? []).map((p) => [p.field, p.code]));

describe('the set-up form, checked by the API’s rules', () => {
  it('makes the body the API takes, trimmed', () => {
    expect(newUnionFromForm(meituanInZhaoyang)).toEqual({
      ok: true,
      body: {
        name: '美团昭阳区工会',
        kind: 'platform',
        county: 'zhaoyang',
        platform: 'meituan',
        setUpOn: '2026-11-30',
      },
    });
  });

  it('shows the platform control for platform and joint unions, the trade control for industry and joint', () => {
    expect(coverageFields('platform')).toEqual({ platform: true, trade: false });
    expect(coverageFields('industry')).toEqual({ platform: false, trade: true });
    expect(coverageFields('joint')).toEqual({ platform: true, trade: true });
    expect(coverageFields('')).toEqual({ platform: false, trade: false });
  });

  it('never sends a hidden control’s leftover choice', () => {
    const switched = newUnionFromForm({ ...meituanInZhaoyang, kind: 'industry', trade: 'courier' });
    expect(switched).toMatchObject({ ok: true, body: { kind: 'industry', trade: 'courier' } });
    expect(switched.ok && 'platform' in switched.body).toBe(false);
  });

  it('refuses what the API refuses, with the same message codes', () => {
    const values = { name: '', kind: 'industry', county: '', platform: '', trade: '', setUpOn: '2026-02-30' };
    const outcome = newUnionFromForm(values);
    expect(outcome.ok).toBe(false);
    expect(fieldsOf(outcome as never)).toEqual({
      name: 'required',
      county: 'required',
      trade: 'required',
      setUpOn: 'union.setUpOn',
    });
    // The same as the API says for the same request.
    const api = validateNewUnion({ name: '', kind: 'industry', setUpOn: '2026-02-30' });
    expect(api.ok === false && api.fields).toEqual(fieldsOf(outcome as never));
  });

  it('asks a joint union for exactly one of a platform or a trade', () => {
    const both = newUnionFromForm({ ...meituanInZhaoyang, kind: 'joint', trade: 'delivery_rider' });
    expect(fieldsOf(both as never)).toEqual({ platform: 'union.joint.coverage' });
    const neither = newUnionFromForm({ ...meituanInZhaoyang, kind: 'joint', platform: '' });
    expect(fieldsOf(neither as never)).toEqual({ platform: 'union.joint.coverage' });
    expect(newUnionFromForm({ ...meituanInZhaoyang, kind: 'joint' })).toMatchObject({
      ok: true,
      body: { kind: 'joint', platform: 'meituan' },
    });
  });

  it('asks for a kind first, and a name of at most 60 characters', () => {
    expect(fieldsOf(newUnionFromForm({ ...meituanInZhaoyang, kind: '' }) as never)).toEqual({
      kind: 'required',
    });
    expect(fieldsOf(newUnionFromForm({ ...meituanInZhaoyang, name: '工'.repeat(61) }) as never)).toEqual({
      name: 'union.name.length',
    });
  });
});

describe('the changes an administrator makes', () => {
  it('sends a rename only when the name changed', () => {
    expect(renameFromForm('美团工会', ' 美团工会 ')).toBeUndefined();
    expect(renameFromForm('美团工会', '美团昭阳区工会')).toEqual({
      ok: true,
      body: { name: '美团昭阳区工会' },
    });
    expect(fieldsOf(renameFromForm('美团工会', '  ') as never)).toEqual({ name: 'required' });
  });

  it('dissolves with a reason when one is given', () => {
    expect(dissolveFromForm('')).toEqual({ ok: true, body: { status: 'dissolved' } });
    expect(dissolveFromForm(' 合并 ')).toEqual({ ok: true, body: { status: 'dissolved', reason: '合并' } });
    expect(fieldsOf(dissolveFromForm('因'.repeat(201)) as never)).toEqual({ reason: 'union.reason.length' });
  });

  it('moves a platform’s members in bulk only with a reason', () => {
    expect(bulkTransferFromForm('U-zhaoyang-ABC', 'meituan', ' 美团工会成立 ')).toEqual({
      ok: true,
      body: { to: 'U-zhaoyang-ABC', platform: 'meituan', reason: '美团工会成立' },
    });
    expect(fieldsOf(bulkTransferFromForm('U-zhaoyang-ABC', 'meituan', '') as never)).toEqual({
      reason: 'required',
    });
  });

  it('moves one member to a chosen union, with a reason', () => {
    expect(transferFromForm('U-zhaoyang-fallback', '换平台')).toEqual({
      ok: true,
      body: { to: 'U-zhaoyang-fallback', reason: '换平台' },
    });
    expect(fieldsOf(transferFromForm('', '') as never)).toEqual({ to: 'union.to', reason: 'required' });
  });

  it('records leaving with a reason from the list and an optional note', () => {
    expect(leaveFromForm('moved_away', '')).toEqual({ ok: true, body: { reason: 'moved_away' } });
    expect(leaveFromForm('other', ' 回老家 ')).toEqual({
      ok: true,
      body: { reason: 'other', note: '回老家' },
    });
    expect(fieldsOf(leaveFromForm('', '') as never)).toEqual({ reason: 'required' });
    expect(fieldsOf(leaveFromForm('bored', '') as never)).toEqual({ reason: 'leave.reason' });
  });
});
