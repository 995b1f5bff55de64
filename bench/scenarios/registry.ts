import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asc, eq } from "drizzle-orm";
import { openDatabase } from "../../db/connection";
import { submissions, users } from "../../db/schema";
import { issueApiToken } from "../../server/services/api-tokens";
import type { ChildServer } from "../lib/child-server";
import { requireBuild, startRedactaChild } from "../lib/served-page";
import { formatNumber } from "../lib/table";
import { mean, ms } from "../lib/timing";
import type { BenchOptions, BenchResult, Scenario } from "../lib/types";

/**
 * Issue 11: 200 concurrent filings through HTTP, each with a small attachment — every one
 * numbered, no gaps, no 5xx. The baseline, in the same run and on the same server, is a plain
 * authenticated POST of the same multipart bytes (to an API URL that reads the body and answers
 * 405: authentication and body reading, no filing).
 */
const TARGET = 0.25;
const SLUG = "ordenanza-movilidad-sostenible";
const FILINGS = 200;
/** A 1×1 PNG with a tail so each attachment is ~4 KB and distinct. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

function tokens(databaseUrl: string): string[] {
  const database = openDatabase(databaseUrl);
  try {
    const ids = ["verified@example.org", "ngo@example.org"].map((email) => database.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()?.id ?? 0);
    return ids.map((id) => issueApiToken(database.db, id, "bench").token);
  } finally {
    database.close();
  }
}

function body(i: number): FormData {
  const form = new FormData();
  form.append("title", `Alegación de carga ${i}`);
  form.append("body", "Texto de la alegación.\n\nSegundo párrafo.");
  form.append("attachments", new Blob([new Uint8Array(Buffer.concat([PNG, Buffer.alloc(4000, i % 251)]))], { type: "image/png" }), `adjunto-${i}.png`);
  return form;
}

/** `count` requests at once; their latencies, statuses and the wall time of the burst. */
async function burst(url: string, count: number, token: (i: number) => string): Promise<{ latencies: number[]; statuses: number[]; seconds: number }> {
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const start = performance.now();
      const response = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token(i)}` }, body: body(i), signal: AbortSignal.timeout(60_000) });
      await response.arrayBuffer();
      return { status: response.status, latency: performance.now() - start };
    }),
  );
  return { latencies: results.map((r) => r.latency), statuses: results.map((r) => r.status), seconds: (performance.now() - started) / 1000 };
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const buildDir = requireBuild();
  const dir = mkdtempSync(join(tmpdir(), "redacta-bench-registry-"));
  let redacta: ChildServer | null = null;
  try {
    const databaseUrl = join(dir, "bench.db");
    options.log(`Starting Redacta (production, demo seed, build ${buildDir})…`);
    redacta = await startRedactaChild(buildDir, databaseUrl);
    const [a = "", b = ""] = tokens(databaseUrl);
    const token = (i: number) => (i % 2 ? a : b);
    const fileUrl = `${redacta.url}/api/v1/processes/${SLUG}/submissions`;
    const baselineUrl = `${redacta.url}/api/v1/me`;
    // Warm-up: a few of each (JIT, the PDF-free filing path, connection pool).
    await burst(fileUrl, 10, token);
    await burst(baselineUrl, 10, token);
    const rows: string[][] = [];
    const rates = { filing: [] as number[], baseline: [] as number[] };
    const p99s = { filing: [] as number[], baseline: [] as number[] };
    for (let round = 1; round <= options.rounds; round++) {
      const base = await burst(baselineUrl, FILINGS, token);
      const bad = base.statuses.filter((s) => s >= 500);
      if (bad.length > 0) throw new Error(`baseline: ${bad.length} answers ≥ 500`);
      const filing = await burst(fileUrl, FILINGS, token);
      const notFiled = filing.statuses.filter((s) => s !== 201);
      if (notFiled.length > 0) throw new Error(`filing: ${notFiled.length} answers other than 201 (${[...new Set(notFiled)].join(", ")})`);
      for (const [label, r] of [["baseline POST", base], ["filing", filing]] as const) {
        const rate = FILINGS / r.seconds;
        const p99 = percentile(r.latencies, 99);
        (label === "filing" ? rates.filing : rates.baseline).push(rate);
        (label === "filing" ? p99s.filing : p99s.baseline).push(p99);
        rows.push([String(round), label, formatNumber(rate), ms(percentile(r.latencies, 50)), ms(p99), String(FILINGS)]);
      }
      options.log(`round ${round}: ${formatNumber(FILINGS / filing.seconds)} filings/s, p99 ${ms(percentile(filing.latencies, 99))}`);
    }
    // Every filing numbered, the sequence gap-free from 1 (demo submissions included).
    const database = openDatabase(databaseUrl);
    const seqs = database.db.select({ seq: submissions.registrySeq }).from(submissions).orderBy(asc(submissions.registrySeq)).all().map((r) => r.seq);
    database.close();
    const gaps = seqs.filter((s, i) => s !== i + 1).length;
    if (gaps > 0) throw new Error(`the registry sequence has ${gaps} gaps`);
    const filingRate = mean(rates.filing);
    const baselineRate = mean(rates.baseline);
    rows.push(["mean", "baseline POST", formatNumber(baselineRate), "", ms(mean(p99s.baseline)), ""]);
    rows.push(["mean", "filing", formatNumber(filingRate), "", ms(mean(p99s.filing)), ""]);
    return {
      title: `POST /api/v1/processes/${SLUG}/submissions — ${FILINGS} concurrent filings with a 4 KB PNG, vs. a plain authenticated POST of the same bytes`,
      table: { headers: ["round", "what", "per s", "p50", "p99", "requests"], rows },
      ratio: filingRate / baselineRate,
      ratioLabel: "filings/s ÷ baseline POSTs/s",
      target: TARGET,
      notes: [
        `All ${seqs.length} submissions (the demo's and ${FILINGS * options.rounds + 10} filed here) are numbered 1…${seqs.length} with no gap; every filing answered 201, no 5xx.`,
        "A filing streams the file to staging (SHA-256 on the way), sniffs its type, renames it under its hash, and numbers + inserts + signs (Ed25519) + queues the receipt mail in one BEGIN IMMEDIATE transaction.",
        "Baseline: the same multipart bytes POSTed with the same bearer token to /api/v1/me (authenticated, body read whole, answered 405).",
        `Bursts of ${FILINGS} concurrent requests from the bench process (the server runs in its own process); ${options.rounds} alternating rounds after a warm-up of 10 each.`,
      ],
    };
  } finally {
    await redacta?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 200 concurrent filings through HTTP: numbered gap-free, no 5xx; filings/s and p99. */
const scenario: Scenario = {
  name: "registry",
  description: `${FILINGS} concurrent HTTP filings with small attachments: all numbered, no gaps, no 5xx; filings/s and p99 vs. a plain authenticated POST`,
  run,
};

export default scenario;
