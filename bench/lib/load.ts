import { spawn } from "node:child_process";
import { createRequire } from "node:module";

/** How to load one URL. Every run is bounded both in time and in request count. */
export interface LoadSpec {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Hard cap on requests, whatever the duration (protects a tiny server from a runaway loop). */
  maxRequests?: number;
}

/** The figures of one load run, as autocannon measured them. */
export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  bytesPerSecond: number;
  /** Non-2xx answers, socket errors and timeouts: any of them makes the run invalid. */
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSeconds: number;
}

/** The part of autocannon's JSON output we read. */
interface AutocannonJson {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number };
  throughput: { average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}

const require = createRequire(import.meta.url);
/** autocannon's CLI entry, resolved from its package so the bench works from any cwd. */
const AUTOCANNON_CLI = require.resolve("autocannon/autocannon.js");

function parse(stdout: string): AutocannonJson {
  // --json prints one JSON object per line; the result is the last non-empty line.
  const last = stdout.trim().split("\n").at(-1) ?? "";
  const data = JSON.parse(last) as Partial<AutocannonJson>;
  if (!data.requests || !data.latency || data.duration === undefined) {
    throw new Error(`Unexpected autocannon output: ${last.slice(0, 200)}`);
  }
  return data as AutocannonJson;
}

/**
 * Runs autocannon against a URL in a SEPARATE node process, so the load generator never shares
 * an event loop (or a CPU slice of it) with the server being measured. The child is killed if
 * it overruns its duration by 30 s.
 */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const args = [
    AUTOCANNON_CLI,
    "--json",
    "--no-progress",
    "--connections",
    String(spec.connections),
    "--duration",
    String(spec.durationSeconds),
    "--maxOverallRequests",
    String(spec.maxRequests ?? 2_000_000),
    "--timeout",
    "10",
    spec.url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const killer = setTimeout(() => child.kill("SIGKILL"), (spec.durationSeconds + 30) * 1000);
    child.once("error", (error) => {
      clearTimeout(killer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(killer);
      if (code !== 0) {
        reject(new Error(`autocannon exited with ${signal ?? code}: ${stderr.trim().slice(0, 500)}`));
        return;
      }
      try {
        const data = parse(stdout);
        resolve({
          requests: data.requests.total,
          requestsPerSecond: data.requests.total / data.duration,
          latencyP50Ms: data.latency.p50,
          latencyP99Ms: data.latency.p99,
          bytesPerSecond: data.throughput.average,
          non2xx: data.non2xx,
          errors: data.errors,
          timeouts: data.timeouts,
          durationSeconds: data.duration,
        });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

/** Throws when a run had failures: a server answering 500s fast must not look like a fast server. */
export function assertClean(label: string, result: LoadResult): void {
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${label}: ${result.non2xx} non-2xx responses, ${result.errors} errors, ${result.timeouts} timeouts out of ${result.requests} requests — the measurement is invalid.`,
    );
  }
}
