import { describe, expect, it } from 'vitest';
import {
  avoidCounterShard,
  counterMove,
  counterShard,
  randomCounterShard,
} from '../../shared/storage/counters';
import { COUNTER_PARTITIONS, COUNTER_SHARDS, counterKey, counterPartition } from '../../shared/storage/keys';

describe('sharded counters', () => {
  it('keeps shard 0 in the partition every counter had before sharding, the others beside it', () => {
    expect(counterPartition(0)).toBe('COUNTERS');
    expect(counterPartition(7)).toBe('COUNTERS#7');
    expect(COUNTER_PARTITIONS).toHaveLength(COUNTER_SHARDS);
    expect(new Set(COUNTER_PARTITIONS).size).toBe(COUNTER_SHARDS);
  });

  it('refuses a shard that does not exist, so no writer can count where no reader looks', () => {
    for (const shard of [-1, COUNTER_SHARDS, 1.5, Number.NaN])
      expect(() => counterPartition(shard)).toThrow(RangeError);
  });

  it('spreads transactions over every shard', () => {
    const seen = new Map<number, number>();
    for (let i = 0; i < 8_000; i++) {
      const shard = randomCounterShard();
      seen.set(shard, (seen.get(shard) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual(Array.from({ length: COUNTER_SHARDS }, (_, s) => s));
    // Each shard gets its share (1,000 expected): far from one hot partition with seven idle ones.
    for (const n of seen.values()) expect(n).toBeGreaterThan(700);
  });

  it('moves one counter of one shard by one, up or down', () => {
    expect(counterMove('t', 'PEOPLE#courier#weixin', 3, -1, '2026-11-30T00:00:00.000Z')).toEqual({
      Update: {
        TableName: 't',
        Key: counterKey('PEOPLE#courier#weixin', 3),
        UpdateExpression: 'ADD members :by SET updatedAt = :at',
        ExpressionAttributeValues: { ':by': -1, ':at': '2026-11-30T00:00:00.000Z' },
      },
    });
  });

  it('keeps an instance on its shard until a conflict there, then moves it to another one', () => {
    const first = counterShard();
    expect(counterShard()).toBe(first);
    avoidCounterShard((first + 1) % COUNTER_SHARDS);
    expect(counterShard()).toBe(first);
    const visited = new Set([first]);
    for (let i = 0; i < 200; i++) {
      const before = counterShard();
      avoidCounterShard(before);
      expect(counterShard()).not.toBe(before);
      visited.add(counterShard());
    }
    expect(visited.size).toBe(COUNTER_SHARDS);
  });
});
