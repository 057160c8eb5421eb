/**
 * Figures for the open psychometrics page: how well each scale measures,
 * computed from stored answers. Matrices are attempts × items (rows are
 * attempts, columns the scale's items), reversed items already recoded.
 */

/**
 * Below this many attempts the figures are shown with a warning. At n = 30 the
 * standard error of a correlation near zero is about 1/√n ≈ 0.18, so an
 * item-total correlation of 0.2 cannot yet be told from none, and the
 * confidence interval of α is still about ±0.1 for a typical scale; fewer
 * attempts give figures that mislead more than they inform.
 */
export const MIN_RELIABLE_ATTEMPTS = 30;

export function mean(xs: readonly number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

/** Sample variance (n − 1 in the denominator); null for fewer than two values. */
export function variance(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const m = mean(xs)!;
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Pearson correlation; null when either variable does not vary. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length || xs.length < 2) return null;
  const mx = mean(xs)!;
  const my = mean(ys)!;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    const dx = x - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  });
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

const column = (m: readonly (readonly number[])[], j: number) => m.map((row) => row[j]!);
const rowSums = (m: readonly (readonly number[])[]) => m.map((row) => row.reduce((a, b) => a + b, 0));

/**
 * Cronbach's α = k / (k − 1) × (1 − Σ var(item) / var(total)).
 * null with fewer than two items or attempts, or when totals do not vary.
 */
export function cronbachAlpha(matrix: readonly (readonly number[])[]): number | null {
  const k = matrix[0]?.length ?? 0;
  if (matrix.length < 2 || k < 2) return null;
  const totalVar = variance(rowSums(matrix))!;
  if (totalVar === 0) return null;
  let itemVars = 0;
  for (let j = 0; j < k; j++) itemVars += variance(column(matrix, j))!;
  return (k / (k - 1)) * (1 - itemVars / totalVar);
}

/**
 * Corrected item-total correlation of every item: the item against the sum of
 * the other items, so an item does not correlate with itself. null where the
 * item or the rest does not vary.
 */
export function itemTotalCorrelation(matrix: readonly (readonly number[])[]): (number | null)[] {
  const k = matrix[0]?.length ?? 0;
  const totals = rowSums(matrix);
  return Array.from({ length: k }, (_, j) => {
    const item = column(matrix, j);
    return pearson(
      item,
      totals.map((t, i) => t - item[i]!),
    );
  });
}

export interface Bin {
  from: number;
  to: number;
  count: number;
}

/**
 * Counts of scores in `bins` equal bins over [from, to] (0–100 by default).
 * A bin holds [from, to); the last also holds its upper bound. Scores outside
 * the range go to the nearest end bin.
 */
export function distribution(scores: readonly number[], bins = 10, range: [number, number] = [0, 100]): Bin[] {
  const [lo, hi] = range;
  const width = (hi - lo) / bins;
  const out = Array.from({ length: bins }, (_, i) => ({ from: lo + i * width, to: lo + (i + 1) * width, count: 0 }));
  for (const s of scores) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor((s - lo) / width)));
    out[i]!.count += 1;
  }
  return out;
}

export interface ScaleReport {
  attempts: number;
  alpha: number | null;
  items: { mean: number | null; itemTotal: number | null }[];
  median: number | null;
  distribution: Bin[];
  tooFew: boolean;
  warning: string | null;
}

const round3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

/**
 * Everything the page shows for one scale: α, each item's mean and corrected
 * item-total correlation, the median and distribution of the scale's scores
 * (percents, one per attempt), and a warning when attempts are too few.
 */
export function scaleReport(matrix: readonly (readonly number[])[], scores: readonly number[], bins = 10): ScaleReport {
  const k = matrix[0]?.length ?? 0;
  const attempts = matrix.length;
  const tooFew = attempts < MIN_RELIABLE_ATTEMPTS;
  return {
    attempts,
    alpha: round3(cronbachAlpha(matrix)),
    items: itemTotalCorrelation(matrix).map((r, j) => ({ mean: round3(mean(column(matrix, j))), itemTotal: round3(r) })).slice(0, k),
    median: median(scores),
    distribution: distribution(scores, bins),
    tooFew,
    warning: tooFew ? `Прохождений пока ${attempts}, меньше ${MIN_RELIABLE_ATTEMPTS}: α и корреляции показаны для справки и могут сильно измениться` : null,
  };
}
