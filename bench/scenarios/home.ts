import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildServer } from "../lib/child-server";
import { getRaw } from "../lib/http-get";
import { loadInRounds, requireBuild, startRedactaChild, startStaticChild } from "../lib/served-page";
import { formatNumber } from "../lib/table";
import { mean, ms } from "../lib/timing";
import type { BenchOptions, BenchResult, Scenario } from "../lib/types";

/** The subject must serve at least a quarter of what a bare node:http server serves. */
const TARGET = 0.25;

async function run(options: BenchOptions): Promise<BenchResult> {
  const buildDir = requireBuild();
  const dir = mkdtempSync(join(tmpdir(), "redacta-bench-"));
  const started: ChildServer[] = [];
  try {
    options.log(`Starting Redacta (production, demo seed, build ${buildDir})…`);
    const redacta = await startRedactaChild(buildDir, join(dir, "bench.db"));
    started.push(redacta);

    const page = await getRaw(`${redacta.url}/`);
    const contentType = page.headers["content-type"] ?? "";
    if (page.status !== 200) throw new Error(`Redacta answered GET / with ${page.status}`);
    if (page.headers["content-encoding"]) throw new Error(`Redacta compressed a response to a client that asked for no compression`);
    if (!page.body.includes("Ordenanza de Movilidad Sostenible")) throw new Error("The home page does not list the demo processes; is the seed missing?");
    const bodyFile = join(dir, "home.html");
    writeFileSync(bodyFile, page.body);

    options.log("Starting the baseline (bare node:http serving the same bytes)…");
    const baseline = await startStaticChild(bodyFile, contentType);
    started.push(baseline);
    const copy = await getRaw(`${baseline.url}/`);
    if (!copy.body.equals(page.body) || copy.headers["content-type"] !== contentType) {
      throw new Error("The baseline does not serve the same bytes as Redacta");
    }

    const results = await loadInRounds(
      [
        { label: "baseline", url: `${baseline.url}/`, pid: baseline.pid },
        { label: "redacta", url: `${redacta.url}/`, pid: redacta.pid },
      ],
      options,
    );

    const summary = (label: "baseline" | "redacta") => {
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
