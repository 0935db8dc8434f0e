import { describe, expect, it } from 'vitest';
import {
  FALLBACK_SLOT,
  fallbackUnionId,
  fallbackUnionName,
  placeMember,
  platformSlot,
  slotOf,
  tradeSlot,
  validateLeave,
  validateNewUnion,
  validateTransfer,
  validateUnionChange,
} from '../../shared/domain/union';

const directory = (slots: Record<string, string>) => ({ slots: { [FALLBACK_SLOT]: 'U-fallback', ...slots } });

describe('placement: the most specific active union covering the worker', () => {
  it('the platform’s union in the county', () => {
    const d = directory({
      [platformSlot('meituan')]: 'U-meituan',
      [tradeSlot('delivery_rider')]: 'U-riders',
    });
    expect(placeMember(d, { trade: 'delivery_rider', platforms: ['meituan'] })).toBe('U-meituan');
  });

  it('on several platforms: the first one they named that has a union', () => {
    const d = directory({ [platformSlot('meituan')]: 'U-meituan', [platformSlot('eleme')]: 'U-eleme' });
    expect(placeMember(d, { trade: 'delivery_rider', platforms: ['eleme', 'meituan'] })).toBe('U-eleme');
    expect(placeMember(d, { trade: 'delivery_rider', platforms: ['meituan', 'eleme'] })).toBe('U-meituan');
    // The first named has none: the next one that has.
    expect(placeMember(d, { trade: 'delivery_rider', platforms: ['dada', 'eleme'] })).toBe('U-eleme');
  });

  it('else the trade’s industry union, else the county’s fallback union', () => {
    const d = directory({ [tradeSlot('courier')]: 'U-couriers', [platformSlot('didi')]: 'U-didi' });
    expect(placeMember(d, { trade: 'courier', platforms: ['zto'] })).toBe('U-couriers');
    expect(placeMember(d, { trade: 'truck_driver', platforms: ['fta'] })).toBe('U-fallback');
  });

  it('a union of another trade’s platform never takes a worker who did not name that platform', () => {
    const d = directory({ [platformSlot('didi')]: 'U-didi' });
    expect(placeMember(d, { trade: 'delivery_rider', platforms: ['meituan'] })).toBe('U-fallback');
  });

  it('no directory entries at all: nothing (the caller creates the county’s fallback union first)', () => {
    expect(placeMember({ slots: {} }, { trade: 'courier', platforms: ['zto'] })).toBeUndefined();
  });

  it('each kind holds its own slot; the fallback union has a fixed id and a name from the catalogue', () => {
    expect(slotOf({ kind: 'platform', platform: 'meituan' })).toBe('platform:meituan');
    expect(slotOf({ kind: 'industry', trade: 'courier' })).toBe('trade:courier');
    expect(slotOf({ kind: 'joint', platform: 'eleme' })).toBe('platform:eleme');
    expect(slotOf({ kind: 'joint', trade: 'truck_driver' })).toBe('trade:truck_driver');
    expect(slotOf({ kind: 'fallback' })).toBe('fallback');
    expect(fallbackUnionId('zhaoyang')).toBe('U-zhaoyang-fallback');
    expect(fallbackUnionName('zhaoyang')).toBe('昭阳区新就业形态劳动者联合工会');
  });
});

describe('the rules for setting up a union', () => {
  const meituan = {
    name: ' 美团昭阳区工会 ',
    kind: 'platform',
    county: 'zhaoyang',
    platform: 'meituan',
    setUpOn: '2026-11-30',
  };

  it('accepts a platform union and trims its name', () => {
    expect(validateNewUnion(meituan)).toEqual({ ok: true, value: { ...meituan, name: '美团昭阳区工会' } });
  });

  it('each kind names what it covers, and only that', () => {
    const fields = (body: Record<string, unknown>) => {
      const result = validateNewUnion({ ...meituan, ...body });
      return result.ok ? {} : result.fields;
    };
    expect(fields({ platform: undefined })).toEqual({ platform: 'required' });
    expect(fields({ trade: 'delivery_rider' })).toEqual({ trade: 'union.trade.platform_kind' });
    expect(fields({ kind: 'industry', platform: undefined })).toEqual({ trade: 'required' });
    expect(fields({ kind: 'industry', trade: 'courier' })).toEqual({
      platform: 'union.platform.industry_kind',
    });
    expect(fields({ kind: 'joint', trade: 'courier' })).toEqual({ platform: 'union.joint.coverage' });
    expect(fields({ kind: 'joint', platform: undefined })).toEqual({ platform: 'union.joint.coverage' });
    expect(fields({ kind: 'joint', platform: undefined, trade: 'courier' })).toEqual({});
    // Administrators never make fallback unions: there is one per county already.
    expect(fields({ kind: 'fallback' })).toEqual({ kind: 'union.kind' });
  });

  it('refuses unknown codes, impossible dates, long or unsafe names, and unknown fields', () => {
    const result = validateNewUnion({
      name: 'x'.repeat(61),
      kind: 'platform',
      county: 'atlantis',
      platform: 'uber',
      setUpOn: '2026-02-30',
      colour: 'red',
    });
    expect(result).toEqual({
      ok: false,
      fields: {
        colour: 'unknown_field',
        name: 'union.name.length',
        county: 'county.unknown',
        platform: 'union.platform',
        setUpOn: 'union.setUpOn',
      },
    });
    const angle = validateNewUnion({ ...meituan, name: '<script>' });
    expect(angle.ok ? {} : angle.fields).toEqual({ name: 'text.characters' });
    expect(validateNewUnion([])).toEqual({ ok: false, fields: { body: 'body.object' } });
  });
});

describe('changing a union, transfers and leaving', () => {
  it('a change is a new name or a dissolution', () => {
    expect(validateUnionChange({ status: 'dissolved', reason: '合并' })).toEqual({
      ok: true,
      value: { status: 'dissolved', reason: '合并' },
    });
    expect(validateUnionChange({})).toEqual({ ok: false, fields: { body: 'union.change.empty' } });
    expect(validateUnionChange({ status: 'active' })).toEqual({
      ok: false,
      fields: { status: 'union.status' },
    });
  });

  it('a transfer names a union and gives a reason; only a bulk transfer may name a platform', () => {
    expect(validateTransfer({ to: 'U-zhaoyang-4K2M', reason: '换平台' })).toEqual({
      ok: true,
      value: { to: 'U-zhaoyang-4K2M', reason: '换平台' },
    });
    expect(validateTransfer({ to: 'zhaoyang', reason: '' })).toEqual({
      ok: false,
      fields: { to: 'union.to', reason: 'required' },
    });
    expect(validateTransfer({ to: 'U-a', reason: 'r', platform: 'meituan' })).toEqual({
      ok: false,
      fields: { platform: 'unknown_field' },
    });
    expect(validateTransfer({ to: 'U-a', reason: 'r', platform: 'meituan' }, true)).toEqual({
      ok: true,
      value: { to: 'U-a', reason: 'r', platform: 'meituan' },
    });
  });

  it('leaving takes a reason code (nothing personal is kept for the counts) and an optional note', () => {
    expect(validateLeave({ reason: 'moved_away' })).toEqual({ ok: true, value: { reason: 'moved_away' } });
    expect(validateLeave({ reason: 'moved_away', note: '回老家' })).toEqual({
      ok: true,
      value: { reason: 'moved_away', note: '回老家' },
    });
    expect(validateLeave({ reason: '不想干了' })).toEqual({ ok: false, fields: { reason: 'leave.reason' } });
  });
});
