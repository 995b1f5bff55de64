/** Knobs every scenario accepts; `npm run bench -- NAME --duration=5` overrides the defaults. */
export interface BenchOptions {
  /** Seconds of measured load per target and round. */
  durationSeconds: number;
  /** Seconds of unmeasured load before each measurement (JIT, caches, connection pools). */
  warmupSeconds: number;
  /** Concurrent keep-alive connections of the load generator. */
  connections: number;
  /** How many times baseline and subject alternate; more rounds average out drift on a shared machine. */
  rounds: number;
  /** Progress lines (to stderr, so the result table stays clean on stdout). */
  log: (line: string) => void;
}

/** A printable table: first row is not special, `headers` label the columns. */
export interface BenchTable {
  headers: string[];
  rows: string[][];
}

/** What a scenario reports: its measurements, the ratio against the baseline, and the target. */
export interface BenchResult {
  title: string;
  table: BenchTable;
  /** subject / baseline, on the metric named in `ratioLabel` (higher is better). */
  ratio: number;
  ratioLabel: string;
  /** The ratio must be at least this. */
  target: number;
  /** Facts a reader needs to interpret the numbers (what is compared, fairness choices). */
  notes: string[];
}

/** A benchmark scenario, one per file in bench/scenarios/. */
export interface Scenario {
  name: string;
  description: string;
  run(options: BenchOptions): Promise<BenchResult>;
}

/** Defaults: about a minute per scenario, enough for stable ratios without hogging a shared machine. */
export const DEFAULT_OPTIONS: Omit<BenchOptions, "log"> = {
  durationSeconds: 10,
  warmupSeconds: 3,
  connections: 10,
  rounds: 2,
};
