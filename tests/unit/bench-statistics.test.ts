import { describe, expect, it } from 'vitest';
import { medianInterval } from '../../bench/support';

const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('medianInterval: a 95% confidence interval for a median from order statistics', () => {
  it('takes the 10th and 22nd of 31 values, the 2nd and 10th of 11 (binomial tables)', () => {
    expect(medianInterval(oneTo(31))).toEqual({ low: 10, high: 22 });
    expect(medianInterval(oneTo(11))).toEqual({ low: 2, high: 10 });
  });

  it('does not depend on the order the values came in', () => {
    const shuffled = [7, 3, 11, 1, 9, 5, 2, 10, 4, 8, 6];
    expect(medianInterval(shuffled)).toEqual(medianInterval(oneTo(11)));
  });

  it('falls back to the whole range when there are too few values for 95%', () => {
    expect(medianInterval([4, 1, 3])).toEqual({ low: 1, high: 4 });
  });
});
