import { describe, expect, it } from "vitest";
import { cronbachAlpha, distribution, itemTotalCorrelation, median, scaleReport } from "./psychometrics.ts";

/**
 * Five respondents × three items. By hand:
 * item 1: 4 3 2 5 1, mean 3,   squared deviations 1 0 1 4 4            = 10,   variance 10 / 4  = 2.5
 * item 2: 5 4 2 4 2, mean 3.4, squared deviations 2.56 .36 1.96 .36 1.96 = 7.2, variance 7.2 / 4 = 1.8
 * item 3: 4 4 3 5 2, mean 3.6, squared deviations .16 .16 .36 1.96 2.56 = 5.2, variance 5.2 / 4 = 1.3
 * totals: 13 11 7 14 5, mean 10, squared deviations 9 1 9 16 25 = 60, variance 15
 * α = 3 / 2 × (1 − (2.5 + 1.8 + 1.3) / 15) = 1.5 × (1 − 0.37333) = 0.94
 * corrected item-total:
 * item 1 vs items 2 + 3 = 9 8 5 9 4 (mean 7, deviations 2 1 −2 2 −3, SS 22):
 *   cross products with 1 0 −1 2 −2: 2 + 0 + 2 + 4 + 6 = 14; r = 14 / √(10 × 22) = 0.94388
 * item 2 vs items 1 + 3 = 8 7 5 10 3 (mean 6.6, deviations 1.4 .4 −1.6 3.4 −3.6, SS 29.2):
 *   cross products with 1.6 .6 −1.4 .6 −1.4: 2.24 + .24 + 2.24 + 2.04 + 5.04 = 11.8; r = 11.8 / √(7.2 × 29.2) = 0.81381
 * item 3 vs items 1 + 2 = 9 7 4 9 3 (mean 6.4, deviations 2.6 .6 −2.4 2.6 −3.4, SS 31.2):
 *   cross products with .4 .4 −.6 1.4 −1.6: 1.04 + .24 + 1.44 + 3.64 + 5.44 = 11.8; r = 11.8 / √(5.2 × 31.2) = 0.92641
 */
const data = [
  [4, 5, 4],
  [3, 4, 4],
  [2, 2, 3],
  [5, 4, 5],
  [1, 2, 2],
];

describe("psychometrics", () => {
  it("computes Cronbach's α as by hand", () => {
    expect(cronbachAlpha(data)).toBeCloseTo(0.94, 10);
  });

  it("computes corrected item-total correlations as by hand", () => {
    const r = itemTotalCorrelation(data);
    expect(r[0]).toBeCloseTo(0.94388, 4);
    expect(r[1]).toBeCloseTo(0.81381, 4);
    expect(r[2]).toBeCloseTo(0.92641, 4);
  });

  it("gives no figure where nothing varies or data is too small", () => {
    expect(cronbachAlpha([[1, 2, 3]])).toBeNull();
    expect(cronbachAlpha([[3], [4]])).toBeNull();
    expect(cronbachAlpha([
      [2, 2],
      [2, 2],
    ])).toBeNull();
    expect(itemTotalCorrelation([
      [3, 1],
      [3, 2],
    ])[0]).toBeNull();
  });

  it("finds medians and distributions", () => {
    expect(median([13, 11, 7, 14, 5])).toBe(11);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    // bins [0, 25), [25, 50), [50, 75), [75, 100]
    expect(distribution([0, 9.9, 10, 55, 100, 100], 4).map((b) => b.count)).toEqual([3, 0, 1, 2]);
    expect(distribution([], 2)).toEqual([
      { from: 0, to: 50, count: 0 },
      { from: 50, to: 100, count: 0 },
    ]);
  });

  it("reports a scale with a warning below 30 attempts", () => {
    const r = scaleReport(data, [80, 60, 30, 90, 10], 5);
    expect(r).toMatchObject({ attempts: 5, alpha: 0.94, median: 60, tooFew: true });
    expect(r.items).toEqual([
      { mean: 3, itemTotal: 0.944 },
      { mean: 3.4, itemTotal: 0.814 },
      { mean: 3.6, itemTotal: 0.926 },
    ]);
    // bins of 20: 10 → [0, 20), 30 → [20, 40), 60 → [60, 80), 80 and 90 → [80, 100]
    expect(r.distribution.map((b) => b.count)).toEqual([1, 1, 0, 1, 2]);
    expect(r.warning).toMatch(/Прохождений пока 5/);
    const many = Array.from({ length: 30 }, (_, i) => data[i % 5]!);
    expect(scaleReport(many, []).tooFew).toBe(false);
  });
});
