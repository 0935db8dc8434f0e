import { describe, expect, it } from 'vitest';
import type { Result } from '../../web/src/staff/common/api';
import { MAX_ROUNDS, type Moved, parseUnion, repeatUntilDone } from '../../web/src/staff/unions/api';

const listed = {
  unionId: 'U-zhaoyang-7K3M9QXZ',
  name: '美团昭阳区工会',
  kind: 'platform',
  county: 'zhaoyang',
  platform: 'meituan',
  setUpOn: '2026-11-30',
  status: 'active',
  createdAt: '2026-11-30T02:00:00.000Z',
  createdBy: 'admin',
  updatedAt: '2026-11-30T02:00:00.000Z',
  updatedBy: 'admin',
  version: 1,
  members: 12,
};

describe('a union as the API lists it', () => {
  it('is read with its member count', () => {
    expect(parseUnion(listed)).toEqual(listed);
    expect(parseUnion({ ...listed, members: undefined })?.members).toBe(0);
  });

  it('is refused when it is not one', () => {
    expect(parseUnion(null)).toBeUndefined();
    expect(parseUnion({ ...listed, kind: 'secret' })).toBeUndefined();
    expect(parseUnion({ ...listed, status: 'paused' })).toBeUndefined();
    expect(parseUnion({ ...listed, platform: 7 })).toBeUndefined();
    expect(parseUnion({ ...listed, unionId: undefined })).toBeUndefined();
  });
});

describe('moving members batch after batch', () => {
  const answers = (...rounds: Array<Result<Moved>>) => {
    const calls: number[] = [];
    return {
      calls,
      step: async (round: number) => {
        calls.push(round);
        return rounds[round] ?? { ok: true, value: { moved: 0, done: true } };
      },
    };
  };

  it('calls again while the API says it is not done, adding up the members moved', async () => {
    const { calls, step } = answers(
      { ok: true, value: { moved: 100, done: false } },
      { ok: true, value: { moved: 40, done: false } },
      { ok: true, value: { moved: 3, done: true } },
    );
    const progress: number[] = [];
    expect(await repeatUntilDone(step, (moved) => progress.push(moved))).toEqual({ ok: true, moved: 143 });
    expect(calls).toEqual([0, 1, 2]);
    expect(progress).toEqual([100, 140, 143]);
  });

  it('stops at a failure, saying how many had moved before it', async () => {
    const { calls, step } = answers(
      { ok: true, value: { moved: 25, done: false } },
      { ok: false, problem: { kind: 'offline' } },
    );
    expect(await repeatUntilDone(step)).toEqual({ ok: false, moved: 25, problem: { kind: 'offline' } });
    expect(calls).toEqual([0, 1]);
  });

  it('gives up after a bounded number of rounds', async () => {
    let calls = 0;
    const result = await repeatUntilDone(async () => {
      calls += 1;
      return { ok: true, value: { moved: 1, done: false } };
    });
    expect(calls).toBe(MAX_ROUNDS);
    expect(result).toMatchObject({ ok: false, moved: MAX_ROUNDS });
  });
});
