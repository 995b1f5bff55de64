import { formatNumber } from "./table";

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The arithmetic mean; 0 for no values rather than NaN. */
export function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
}

/** Wall-clock milliseconds of one synchronous call. */
export function timeMs(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** 12.345 → "12.3 ms", the form every timing table cell takes. */
export function ms(value: number): string {
  return `${formatNumber(value, 1)} ms`;
}

/**
 * Calls each of `warmUp` three times (JIT, caches), then times `measured` in turns, `runs` times,
 * so slow drift on a shared machine hits every function alike. Returns one list of times per
 * measured function, in the order given.
 */
export function measureInTurns(measured: Array<() => unknown>, runs: number, warmUp: Array<() => unknown>): number[][] {
  for (let i = 0; i < 3; i++) for (const fn of warmUp) fn();
  const times = measured.map((): number[] => []);
  for (let i = 0; i < runs; i++) measured.forEach((fn, k) => times[k]?.push(timeMs(fn)));
  return times;
}

/** A table row: what, median, min, max, runs. */
export function timingRow(what: string, values: number[], runs: number): string[] {
  return [what, ms(median(values)), ms(Math.min(...values)), ms(Math.max(...values)), String(runs)];
}

/** The headers matching timingRow. */
export const TIMING_HEADERS = ["what", "median", "min", "max", "runs"];
