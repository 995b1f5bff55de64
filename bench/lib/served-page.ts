import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { buildDirectory } from "../../server/build-directory";
import { PROJECT_ROOT, startChildServer, type ChildServer } from "./child-server";
import { assertClean, runLoad, type LoadResult } from "./load";
import { cpuSeconds } from "./process-cpu";
import type { BenchOptions } from "./types";

/** The Redacta build directory; fails early, with the remedy, when there is nothing to serve. */
export function requireBuild(): string {
  const dir = resolve(PROJECT_ROOT, buildDirectory);
  const entry = resolve(dir, "server/index.js");
  if (!existsSync(entry)) {
    throw new Error(`No Redacta build at ${entry}. Run \`npm run build\` first (or set REDACTA_BUILD_DIR to an existing build directory).`);
  }
  return dir;
}

/** Redacta from `buildDir` in production mode on a fresh SQLite file (demo seed), in its own process. */
export function startRedactaChild(buildDir: string, databaseUrl: string): Promise<ChildServer> {
  return startChildServer(new URL("./redacta-server.child.ts", import.meta.url), {
    // In the process environment, not just the parsed Env: React picks its build from it.
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    REDACTA_BUILD_DIR: buildDir,
  });
}

/** The baseline: a bare node:http server answering every request with the bytes of `bodyFile`. */
export function startStaticChild(bodyFile: string, contentType: string): Promise<ChildServer> {
  return startChildServer(new URL("./static-server.child.ts", import.meta.url), {
    BENCH_BODY_FILE: bodyFile,
    BENCH_CONTENT_TYPE: contentType,
  });
}

/** One server under load: where to send requests, and its process (for CPU time). */
export interface LoadTarget<L extends string> {
  label: L;
  url: string;
  pid: number;
}

/** One measured round of one target. */
export interface RoundResult<L extends string> {
  round: number;
  label: L;
  result: LoadResult;
  /** Server CPU milliseconds per request; null where /proc is not available. */
  cpuMsPerRequest: number | null;
}

/**
 * Loads the targets in turn, `options.rounds` times (warm-up, then the measured run), so slow
 * drift (thermal, other tenants) hits every target alike. Any failed request aborts the bench.
 */
export async function loadInRounds<L extends string>(targets: ReadonlyArray<LoadTarget<L>>, options: BenchOptions): Promise<Array<RoundResult<L>>> {
  const results: Array<RoundResult<L>> = [];
  for (let round = 1; round <= options.rounds; round++) {
    for (const { label, url, pid } of targets) {
      options.log(`Round ${round}/${options.rounds}, ${label}: ${options.warmupSeconds} s warm-up, ${options.durationSeconds} s × ${options.connections} connections…`);
      if (options.warmupSeconds > 0) {
        assertClean(`${label} warm-up`, await runLoad({ url, connections: options.connections, durationSeconds: options.warmupSeconds }));
      }
      const cpuBefore = cpuSeconds(pid);
      const result = await runLoad({ url, connections: options.connections, durationSeconds: options.durationSeconds });
      const cpuAfter = cpuSeconds(pid);
      assertClean(`${label} round ${round}`, result);
      const cpuMsPerRequest = cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / result.requests;
      results.push({ round, label, result, cpuMsPerRequest });
    }
  }
  return results;
}
