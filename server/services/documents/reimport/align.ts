/**
 * Order-preserving alignment of two sequences (Needleman–Wunsch with no gap penalty, i.e. the
 * maximum-weight common subsequence): pairs (i, j) with i and j both increasing, each pair's
 * score at least `threshold`, maximising the sum of scores. Pairs below the threshold are
 * never made, so a clause that resembles nothing stays unpaired ("new") instead of being
 * forced onto a neighbour.
 *
 * Deterministic: on equal totals the DP prefers pairing over skipping, and skipping an old
 * item over skipping a new one, so the same inputs always give the same pairs.
 *
 * `score(i, j)` is called at most once per cell. When `old.length × new.length` exceeds
 * `maxCells` only exact pairs (score 1) found by a linear scan are kept, so a hostile upload
 * with thousands of clauses cannot hold the event loop for seconds.
 */
export function alignSequences(
  oldCount: number,
  newCount: number,
  score: (i: number, j: number) => number,
  threshold: number,
  maxCells = 2_000_000,
): Array<[number, number]> {
  if (oldCount === 0 || newCount === 0) return [];
  if (oldCount * newCount > maxCells) return greedyExact(oldCount, newCount, score);
  const width = newCount + 1;
  // best[i][j]: best total aligning old[i..] with new[j..]; filled from the end.
  const best = new Float64Array((oldCount + 1) * width);
  const pairScore = new Float64Array(oldCount * newCount);
  for (let i = oldCount - 1; i >= 0; i -= 1) {
    for (let j = newCount - 1; j >= 0; j -= 1) {
      const s = score(i, j);
      pairScore[i * newCount + j] = s;
      const skipOld = best[(i + 1) * width + j] ?? 0;
      const skipNew = best[i * width + j + 1] ?? 0;
      const take = s >= threshold ? s + (best[(i + 1) * width + j + 1] ?? 0) : -1;
      best[i * width + j] = Math.max(take, skipOld, skipNew);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < oldCount && j < newCount) {
    const here = best[i * width + j] ?? 0;
    const s = pairScore[i * newCount + j] ?? 0;
    if (s >= threshold && Math.abs(here - (s + (best[(i + 1) * width + j + 1] ?? 0))) < 1e-9) {
      pairs.push([i, j]);
      i += 1;
      j += 1;
    } else if (Math.abs(here - (best[(i + 1) * width + j] ?? 0)) < 1e-9) {
      i += 1;
    } else {
      j += 1;
    }
  }
  return pairs;
}

/** Fallback for huge inputs: in order, pair each new item with the next old item scoring 1. */
function greedyExact(oldCount: number, newCount: number, score: (i: number, j: number) => number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  let i = 0;
  for (let j = 0; j < newCount && i < oldCount; j += 1) {
    if (score(i, j) >= 1) {
      pairs.push([i, j]);
      i += 1;
    }
  }
  return pairs;
}
