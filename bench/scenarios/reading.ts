import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { ChildServer } from "../lib/child-server";
import { getRaw } from "../lib/http-get";
import { GENERATED_SLUG, publishGeneratedRegulation } from "../lib/reading-fixture";
import { loadInRounds, requireBuild, startRedactaChild, startStaticChild } from "../lib/served-page";
import { formatNumber } from "../lib/table";
import { mean, ms } from "../lib/timing";
import type { BenchOptions, BenchResult, Scenario } from "../lib/types";

/** The reading page must serve at least 30% of what a bare node:http server serves. */
const TARGET = 0.3;
/** Budgets from the issue: HTML of the 300-article page, and JavaScript shipped to a reader. */
const HTML_LIMIT = 400 * 1024;
const JS_GZIP_LIMIT = 120 * 1024;

function kb(bytes: number): string {
  return `${formatNumber(bytes / 1024, 1)} KB`;
}

/**
 * Every script a reader's browser loads for this page: module preloads, module scripts and the
 * `import("…")` statements of Remix's inline bootstrap. Lazily discovered routes (loaded on
 * navigation only) are not counted — they are not shipped to someone who just reads.
 */
function scriptUrls(html: string): string[] {
  const urls = new Set<string>();
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)) if (m[1]) urls.add(m[1]);
  for (const m of html.matchAll(/<script[^>]+src="([^"]+)"/g)) if (m[1]) urls.add(m[1]);
  for (const m of html.matchAll(/import\(?\s*["']([^"']+\.js)["']/g)) if (m[1]) urls.add(m[1]);
  for (const m of html.matchAll(/from\s*["']([^"']+\.js)["']/g)) if (m[1]) urls.add(m[1]);
  return [...urls];
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const buildDir = requireBuild();
  const dir = mkdtempSync(join(tmpdir(), "redacta-bench-reading-"));
  const started: ChildServer[] = [];
  try {
    const databaseUrl = join(dir, "bench.db");
    options.log(`Starting Redacta (production, demo seed, build ${buildDir})…`);
    const redacta = await startRedactaChild(buildDir, databaseUrl);
    started.push(redacta);
    const fixture = publishGeneratedRegulation(databaseUrl);
    options.log(`Published the generated 300-article regulation (${kb(fixture.bytes)} of ProseMirror JSON).`);

    const path = `/processes/${GENERATED_SLUG}`;
    const page = await getRaw(`${redacta.url}${path}`);
    if (page.status !== 200) throw new Error(`Redacta answered GET ${path} with ${page.status}`);
    const html = page.body.toString("utf8");
    const articleCount = (html.match(/<article class="art/g) ?? []).length;
    if (articleCount < 300) throw new Error(`The reading page shows ${articleCount} articles, expected at least 300`);
    const contentType = page.headers["content-type"] ?? "text/html";

    let jsRaw = 0;
    let jsGzip = 0;
    const scripts = scriptUrls(html);
    for (const src of scripts) {
      const asset = await getRaw(new URL(src, redacta.url).href);
      if (asset.status !== 200) throw new Error(`Script ${src} answered ${asset.status}`);
      jsRaw += asset.body.length;
      jsGzip += gzipSync(asset.body, { level: 9 }).length;
    }
    const htmlGzip = gzipSync(page.body, { level: 6 }).length;

    const bodyFile = join(dir, "reading.html");
    writeFileSync(bodyFile, page.body);
    options.log("Starting the baseline (bare node:http serving the same bytes)…");
    const baseline = await startStaticChild(bodyFile, contentType);
    started.push(baseline);

    const results = await loadInRounds(
      [
        { label: "baseline", url: `${baseline.url}/`, pid: baseline.pid },
        { label: "redacta", url: `${redacta.url}${path}`, pid: redacta.pid },
      ],
      options,
    );
    const rps = (label: string) => mean(results.filter((r) => r.label === label).map((r) => r.result.requestsPerSecond));
    const ratio = rps("redacta") / rps("baseline");
    const rows = results.map(({ round, label, result }) => [
      String(round),
      label,
      formatNumber(result.requestsPerSecond),
      ms(result.latencyP50Ms),
      ms(result.latencyP99Ms),
      formatNumber(result.requests),
    ]);
    rows.push(["mean", "baseline", formatNumber(rps("baseline")), "", "", ""]);
    rows.push(["mean", "redacta", formatNumber(rps("redacta")), "", "", ""]);

    const overBudget: string[] = [];
    if (page.body.length > HTML_LIMIT) overBudget.push(`HTML ${kb(page.body.length)} > ${kb(HTML_LIMIT)}`);
    if (jsGzip > JS_GZIP_LIMIT) overBudget.push(`JS ${kb(jsGzip)} gzipped > ${kb(JS_GZIP_LIMIT)}`);
    if (overBudget.length > 0) throw new Error(`Reading page over budget: ${overBudget.join("; ")}`);

    return {
      title: `GET ${path} — reading page of a generated 300-article regulation vs. bare node:http serving the same bytes`,
      table: { headers: ["round", "target", "req/s", "p50", "p99", "requests"], rows },
      ratio,
      ratioLabel: "requests/s redacta ÷ baseline",
      target: TARGET,
      notes: [
        `HTML: ${kb(page.body.length)} (limit ${kb(HTML_LIMIT)}), ${kb(htmlGzip)} gzipped; ${articleCount} articles. The document HTML is sent once: the hydration data leaves it out (app/utils/reading-html.ts).`,
        `JavaScript shipped to a reader on this page: ${scripts.length} files, ${kb(jsRaw)} raw, ${kb(jsGzip)} gzipped (limit ${kb(JS_GZIP_LIMIT)} gzipped). No ProseMirror/Yjs: the editor is never loaded by the reading route.`,
        "Versions are immutable, so the parsed document, its clause tree and its rendered HTML are cached per version and locale; each request still runs the full pipeline (auth, CSRF cookie, process + phases + version queries, Remix SSR, hydration data).",
        "No compression on either side (autocannon sends no Accept-Encoding).",
        `Each server runs in its own node process, autocannon in a third; ${options.connections} connections, ${options.rounds} alternating rounds of ${options.durationSeconds} s after ${options.warmupSeconds} s warm-up.`,
      ],
    };
  } finally {
    for (const server of started.reverse()) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The reading page of a long regulation: what every resident opening a draft hits. */
const scenario: Scenario = {
  name: "reading",
  description: "Reading page of a generated 300-article regulation vs. a bare node:http server serving the same bytes; target ratio ≥ 0.30, HTML ≤ 400 KB, reader JS ≤ 120 KB gzipped",
  run,
};

export default scenario;
