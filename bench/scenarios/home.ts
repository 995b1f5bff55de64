import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildDirectory } from "../../server/build-directory";
import { PROJECT_ROOT, startChildServer, type ChildServer } from "../lib/child-server";
import { getRaw } from "../lib/http-get";
import { cpuSeconds } from "../lib/process-cpu";
import { assertClean, runLoad, type LoadResult } from "../lib/load";
import { formatNumber } from "../lib/table";
import type { BenchOptions, BenchResult, Scenario } from "../lib/types";

/** The subject must serve at least a quarter of what a bare node:http server serves. */
const TARGET = 0.25;

interface Target {
  label: "baseline" | "redacta";
  server: ChildServer;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
}

function ms(value: number): string {
  return `${formatNumber(value, 1)} ms`;
}

/** Fails early, with the remedy, when there is nothing to serve. */
function requireBuild(): string {
  const dir = resolve(PROJECT_ROOT, buildDirectory);
  const entry = resolve(dir, "server/index.js");
  if (!existsSync(entry)) {
    throw new Error(`No Redacta build at ${entry}. Run \`npm run build\` first (or set REDACTA_BUILD_DIR to an existing build directory).`);
  }
  return dir;
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const buildDir = requireBuild();
  const dir = mkdtempSync(join(tmpdir(), "redacta-bench-"));
  const started: ChildServer[] = [];
  try {
    options.log(`Starting Redacta (production, demo seed, build ${buildDir})…`);
    const redacta = await startChildServer(new URL("../lib/redacta-server.child.ts", import.meta.url), {
      // In the process environment, not just the parsed Env: React picks its build from it.
      NODE_ENV: "production",
      DATABASE_URL: join(dir, "bench.db"),
      REDACTA_BUILD_DIR: buildDir,
    });
    started.push(redacta);

    const page = await getRaw(`${redacta.url}/`);
    const contentType = page.headers["content-type"] ?? "";
    if (page.status !== 200) throw new Error(`Redacta answered GET / with ${page.status}`);
    if (page.headers["content-encoding"]) throw new Error(`Redacta compressed a response to a client that asked for no compression`);
    if (!page.body.includes("Ordenanza de Movilidad Sostenible")) throw new Error("The home page does not list the demo processes; is the seed missing?");
    const bodyFile = join(dir, "home.html");
    writeFileSync(bodyFile, page.body);

    options.log("Starting the baseline (bare node:http serving the same bytes)…");
    const baseline = await startChildServer(new URL("../lib/static-server.child.ts", import.meta.url), {
      BENCH_BODY_FILE: bodyFile,
      BENCH_CONTENT_TYPE: contentType,
    });
    started.push(baseline);
    const copy = await getRaw(`${baseline.url}/`);
    if (!copy.body.equals(page.body) || copy.headers["content-type"] !== contentType) {
      throw new Error("The baseline does not serve the same bytes as Redacta");
    }

    // Alternate baseline and subject so slow drift (thermal, other tenants) hits both alike.
    const targets: Target[] = [
      { label: "baseline", server: baseline },
      { label: "redacta", server: redacta },
    ];
    const results: Array<{ round: number; label: Target["label"]; result: LoadResult; cpuMsPerRequest: number | null }> = [];
    for (let round = 1; round <= options.rounds; round++) {
      for (const { label, server } of targets) {
        const url = `${server.url}/`;
        options.log(`Round ${round}/${options.rounds}, ${label}: ${options.warmupSeconds} s warm-up, ${options.durationSeconds} s × ${options.connections} connections…`);
        if (options.warmupSeconds > 0) {
          assertClean(`${label} warm-up`, await runLoad({ url, connections: options.connections, durationSeconds: options.warmupSeconds }));
        }
        const cpuBefore = cpuSeconds(server.pid);
        const result = await runLoad({ url, connections: options.connections, durationSeconds: options.durationSeconds });
        const cpuAfter = cpuSeconds(server.pid);
        assertClean(`${label} round ${round}`, result);
        const cpuMsPerRequest = cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / result.requests;
        results.push({ round, label, result, cpuMsPerRequest });
      }
    }

    const summary = (label: Target["label"]) => {
      const mine = results.filter((r) => r.label === label);
      const runs = mine.map((r) => r.result);
      const cpu = mine.map((r) => r.cpuMsPerRequest);
      return {
        rps: mean(runs.map((r) => r.requestsPerSecond)),
        p50: mean(runs.map((r) => r.latencyP50Ms)),
        p99: mean(runs.map((r) => r.latencyP99Ms)),
        requests: runs.reduce((n, r) => n + r.requests, 0),
        cpuMsPerRequest: cpu.every((c) => c !== null) ? mean(cpu as number[]) : null,
      };
    };
    const base = summary("baseline");
    const subject = summary("redacta");
    const ratio = subject.rps / base.rps;

    const cpuCell = (value: number | null) => (value === null ? "n/a" : `${formatNumber(value, 3)} ms`);
    const rows = results.map(({ round, label, result, cpuMsPerRequest }) => [
      String(round),
      label,
      formatNumber(result.requestsPerSecond),
      ms(result.latencyP50Ms),
      ms(result.latencyP99Ms),
      formatNumber(result.requests),
      cpuCell(cpuMsPerRequest),
    ]);
    for (const [label, s] of [["baseline", base], ["redacta", subject]] as const) {
      rows.push(["mean", label, formatNumber(s.rps), ms(s.p50), ms(s.p99), formatNumber(s.requests), cpuCell(s.cpuMsPerRequest)]);
    }
    const cpuNote =
      base.cpuMsPerRequest !== null && subject.cpuMsPerRequest !== null
        ? `Server CPU time per request (from /proc, little affected by other load on the machine): redacta ${cpuCell(subject.cpuMsPerRequest)}, baseline ${cpuCell(base.cpuMsPerRequest)}; by this measure the ratio is ${formatNumber(base.cpuMsPerRequest / subject.cpuMsPerRequest, 3)}.`
        : "Server CPU time per request is not available on this platform (no /proc).";

    return {
      title: "GET / — Redacta home page vs. bare node:http serving the same bytes",
      table: { headers: ["round", "target", "req/s", "p50", "p99", "requests", "CPU/req"], rows },
      ratio,
      ratioLabel: "requests/s redacta ÷ baseline",
      target: TARGET,
      notes: [
        `Body: ${formatNumber(page.body.length)} bytes of ${contentType}, identical on both servers.`,
        "No compression on either side: autocannon sends no Accept-Encoding, so Redacta's compression middleware passes the HTML through, and the baseline serves raw bytes. This measures the server's own work (routing, auth lookup, CSRF cookie, security headers, loaders, React SSR) rather than zlib, which costs both the same and which a reverse proxy often does instead.",
        "Redacta also sends its security headers and a Set-Cookie (CSRF) per anonymous visitor; the baseline sends only content-type and content-length.",
        cpuNote,
        `Each server runs in its own node process, and autocannon in a third; ${options.connections} keep-alive connections, ${options.rounds} alternating rounds of ${options.durationSeconds} s after ${options.warmupSeconds} s of warm-up.`,
      ],
    };
  } finally {
    for (const server of started.reverse()) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The anonymous visitor's home page: the page every first visit hits. */
const scenario: Scenario = {
  name: "home",
  description: "GET / of the real server (production build, demo seed) against a bare node:http server serving the same bytes; target ratio ≥ 0.25",
  run,
};

export default scenario;
