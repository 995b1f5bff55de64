/**
 * A diff of two token sequences as the runs they share, in order. Myers' O(ND) algorithm after
 * trimming the common head and tail; when the sequences differ too much for that to stay cheap,
 * a patience split on tokens that occur exactly once on both sides cuts the problem into small
 * pieces first. Runs are only ever reported for genuinely equal tokens, so a run is a claim
 * "this old text is still here", never a guess.
 */

/** A run of equal tokens: `length` tokens from `a[aStart]` equal those from `b[bStart]`. */
export interface CommonRun {
  aStart: number;
  bStart: number;
  length: number;
}

/** Above this many differences a range is split by unique tokens before Myers runs on it. */
const MAX_EDIT_DISTANCE = 1500;

/** The common runs of `a` and `b` in increasing order on both sides. */
export function commonRuns(a: Int32Array, b: Int32Array): CommonRun[] {
  const out: CommonRun[] = [];
  diffRange(a, 0, a.length, b, 0, b.length, out, 0);
  return out;
}

function diffRange(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number, out: CommonRun[], depth: number): void {
  let head = 0;
  while (aLo + head < aHi && bLo + head < bHi && a[aLo + head] === b[bLo + head]) head++;
  if (head > 0) out.push({ aStart: aLo, bStart: bLo, length: head });
  aLo += head;
  bLo += head;
  let tail = 0;
  while (aHi - tail > aLo && bHi - tail > bLo && a[aHi - tail - 1] === b[bHi - tail - 1]) tail++;
  aHi -= tail;
  bHi -= tail;
  if (aLo < aHi && bLo < bHi) {
    const runs = myers(a, aLo, aHi, b, bLo, bHi, MAX_EDIT_DISTANCE);
    if (runs) out.push(...runs);
    else if (depth < 8) patienceSplit(a, aLo, aHi, b, bLo, bHi, out, depth);
    // Otherwise nothing is claimed as kept: the annotations there become orphans, the safe side.
  }
  if (tail > 0) out.push({ aStart: aHi, bStart: bHi, length: tail });
}

/** Myers' greedy forward algorithm with the trace kept for the backtrack; null when D > maxD. */
function myers(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number, maxD: number): CommonRun[] | null {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const max = Math.min(n + m, maxD);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number))) x = v[offset + k + 1] as number;
      else x = (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, d, n, m, aLo, bLo);
    }
  }
  return null;
}

function backtrack(trace: Int32Array[], dEnd: number, n: number, m: number, aLo: number, bLo: number): CommonRun[] {
  const runs: CommonRun[] = [];
  let x = n;
  let y = m;
  for (let d = dEnd; d > 0; d--) {
    const vd = trace[d] as Int32Array; // values of V before step d, indices k in [-d-1, d+1]
    const at = (k: number) => vd[k + d + 1] as number;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    const startX = prevK === k + 1 ? prevX : prevX + 1;
    const startY = startX - k;
    if (x > startX) runs.push({ aStart: aLo + startX, bStart: bLo + startY, length: x - startX });
    x = prevX;
    y = prevY;
  }
  if (x > 0) runs.push({ aStart: aLo, bStart: bLo, length: x });
  if (y !== x) throw new Error(`Myers backtrack ended off the diagonal (${x}, ${y})`);
  return runs.reverse();
}

/** Splits on tokens unique to both ranges whose order agrees (longest increasing subsequence). */
function patienceSplit(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number, out: CommonRun[], depth: number): void {
  const countA = new Map<number, number>();
  const posA = new Map<number, number>();
  for (let i = aLo; i < aHi; i++) {
    const t = a[i] as number;
    countA.set(t, (countA.get(t) ?? 0) + 1);
    posA.set(t, i);
  }
  const countB = new Map<number, number>();
  const posB = new Map<number, number>();
  for (let j = bLo; j < bHi; j++) {
    const t = b[j] as number;
    countB.set(t, (countB.get(t) ?? 0) + 1);
    posB.set(t, j);
  }
  const pairs: Array<[number, number]> = [];
  for (let i = aLo; i < aHi; i++) {
    const t = a[i] as number;
    if (countA.get(t) === 1 && countB.get(t) === 1) pairs.push([i, posB.get(t) as number]);
  }
  const anchors = longestIncreasing(pairs);
  if (anchors.length === 0) return;
  let pa = aLo;
  let pb = bLo;
  for (const [i, j] of anchors) {
    diffRange(a, pa, i, b, pb, j, out, depth + 1);
    out.push({ aStart: i, bStart: j, length: 1 });
    pa = i + 1;
    pb = j + 1;
  }
  diffRange(a, pa, aHi, b, pb, bHi, out, depth + 1);
}

/** Longest subsequence of pairs (sorted by first) whose second members increase. */
function longestIncreasing(pairs: Array<[number, number]>): Array<[number, number]> {
  const tails: number[] = [];
  const prev = new Int32Array(pairs.length).fill(-1);
  for (let i = 0; i < pairs.length; i++) {
    const y = (pairs[i] as [number, number])[1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((pairs[tails[mid] as number] as [number, number])[1] < y) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1] as number;
    tails[lo] = i;
  }
  const out: Array<[number, number]> = [];
  let i = tails.length > 0 ? (tails[tails.length - 1] as number) : -1;
  while (i >= 0) {
    out.push(pairs[i] as [number, number]);
    i = prev[i] as number;
  }
  return out.reverse();
}
