import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { documentSchema } from "../../collab/schema";
import { openDatabase } from "../../db/connection";
import { comments, commentSupports, documentVersions, phases, processes, users } from "../../db/schema";
import { COOKIE } from "../../server/http/cookies";
import { versionText } from "../../server/services/annotations/anchoring";
import { createSession } from "../../server/services/sessions";
import type { ChildServer } from "../lib/child-server";
import { requireBuild, startRedactaChild } from "../lib/served-page";
import { formatNumber } from "../lib/table";
import { mean, ms } from "../lib/timing";
import type { BenchOptions, BenchResult, Scenario } from "../lib/types";

/** Issue 4: a clause page with 1,000 comments answers with p95 latency ≤ 2× the one with 100. */
const TARGET = 0.5;
const SLUG = "ordenanza-movilidad-sostenible";
const SMALL = 100;
const LARGE = 1000;

/**
 * Fills a clause's thread with `total` comments: a third on the clause, the rest replies at
 * depth 1 and 2, with supports spread so "most supported" has something to sort.
 */
function fillThread(databaseUrl: string, clauseId: string, total: number): void {
  const database = openDatabase(databaseUrl);
  try {
    const db = database.db;
    const process = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, SLUG)).get();
    if (!process) throw new Error(`No demo process ${SLUG}`);
    const version = db.select({ id: documentVersions.id }).from(documentVersions).where(eq(documentVersions.processId, process.id)).orderBy(asc(documentVersions.number)).all().at(-1);
    if (!version) throw new Error("The demo process has no version");
    const people = db.select({ id: users.id }).from(users).all().map((u) => u.id);
    const t0 = Date.now() - 3_600_000;
    db.transaction((tx) => {
      const roots: number[] = [];
      const replies: number[] = [];
      for (let i = 0; i < total; i++) {
        const author = people[i % people.length] as number;
        const depth = i % 3 === 0 || roots.length === 0 ? 0 : i % 3 === 1 || replies.length === 0 ? 1 : 2;
        const parentId = depth === 0 ? null : depth === 1 ? (roots[i % roots.length] as number) : (replies[i % replies.length] as number);
        const supporters = people.filter((p) => p !== author).slice(0, i % 4);
        const row = tx
          .insert(comments)
          .values({
            processId: process.id,
            clauseId,
            versionId: version.id,
            parentId,
            depth,
            authorId: author,
            body: `Comentario ${i} sobre la cláusula: creo que debería concretarse más.\nVéase https://example.org/nota/${i}`,
            stance: (["for", "against", "neutral", null] as const)[i % 4] ?? null,
            createdAt: new Date(t0 + i * 1000),
            supportCount: supporters.length,
          })
          .returning({ id: comments.id })
          .get();
        for (const userId of supporters) tx.insert(commentSupports).values({ commentId: row.id, userId, createdAt: new Date(t0 + i * 1000) }).run();
        (depth === 0 ? roots : depth === 1 ? replies : []).push(row.id);
      }
    });
  } finally {
    database.close();
  }
}

/** Two clauses of the demo ordinance, a session for a participant, and an open debate phase. */
function prepare(databaseUrl: string): { small: string; large: string; cookie: string } {
  const database = openDatabase(databaseUrl);
  try {
    const db = database.db;
    const process = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, SLUG)).get();
    if (!process) throw new Error(`No demo process ${SLUG}`);
    const content = db.select({ content: documentVersions.content }).from(documentVersions).where(eq(documentVersions.processId, process.id)).orderBy(asc(documentVersions.number)).all().at(-1)?.content;
    if (!content) throw new Error("The demo process has no version");
    const clauses = versionText("x", documentSchema.nodeFromJSON(JSON.parse(content))).clauses.filter((c) => c.text !== "");
    const [small, large] = clauses;
    if (!small || !large) throw new Error("The demo ordinance needs two clauses with text");
    db.delete(phases).where(and(eq(phases.processId, process.id), eq(phases.kind, "debate"))).run();
    db.insert(phases).values({ processId: process.id, kind: "debate", startsAt: new Date(Date.now() - 86_400_000), endsAt: new Date(Date.now() + 86_400_000) }).run();
    const viewer = db.select({ id: users.id }).from(users).where(eq(users.email, "verified@example.org")).get();
    if (!viewer) throw new Error("No demo account verified@example.org");
    // Signed in: personal pages bypass the anonymous page cache, so every request does the work.
    const { token } = createSession(db, viewer.id);
    return { small: small.id, large: large.id, cookie: `${COOKIE.session}=${token}` };
  } finally {
    database.close();
  }
}

/** p-th percentile (nearest rank) of latencies. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

/**
 * `connections` concurrent keep-alive loops GETting `url` for `seconds`, after a warm-up; every
 * answer must be 200 (a failing server must not look fast). Bounded in time and in count.
 */
async function sample(url: string, cookie: string, seconds: number, connections: number, maxRequests = 20_000): Promise<number[]> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline && latencies.length < maxRequests) {
      const start = performance.now();
      const response = await fetch(url, { headers: { cookie }, redirect: "manual", signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
      latencies.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return latencies;
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const buildDir = requireBuild();
  const dir = mkdtempSync(join(tmpdir(), "redacta-bench-comments-"));
  let redacta: ChildServer | null = null;
  try {
    const databaseUrl = join(dir, "bench.db");
    options.log(`Starting Redacta (production, demo seed, build ${buildDir})…`);
    redacta = await startRedactaChild(buildDir, databaseUrl);
    const { small, large, cookie } = prepare(databaseUrl);
    fillThread(databaseUrl, small, SMALL);
    fillThread(databaseUrl, large, LARGE);
    options.log(`Filled one clause with ${SMALL} comments and another with ${LARGE} (a third top-level, the rest replies).`);

    const targets = [
      { label: `${SMALL} comments`, url: `${redacta.url}/processes/${SLUG}/clauses/${small}?sort=most_supported` },
      { label: `${LARGE} comments`, url: `${redacta.url}/processes/${SLUG}/clauses/${large}?sort=most_supported` },
    ];
    const rows: string[][] = [];
    const p95: Record<string, number[]> = {};
    for (let round = 1; round <= options.rounds; round++) {
      for (const target of targets) {
        await sample(target.url, cookie, options.warmupSeconds, options.connections);
        const latencies = await sample(target.url, cookie, options.durationSeconds, options.connections);
        const value = percentile(latencies, 95);
        (p95[target.label] ??= []).push(value);
        rows.push([String(round), target.label, formatNumber(latencies.length / options.durationSeconds), ms(percentile(latencies, 50)), ms(value), formatNumber(latencies.length)]);
        options.log(`round ${round} ${target.label}: p95 ${ms(value)}`);
      }
    }
    const smallP95 = mean(p95[`${SMALL} comments`] ?? []);
    const largeP95 = mean(p95[`${LARGE} comments`] ?? []);
    rows.push(["mean", `${SMALL} comments`, "", "", ms(smallP95), ""]);
    rows.push(["mean", `${LARGE} comments`, "", "", ms(largeP95), ""]);
    return {
      title: `GET /processes/${SLUG}/clauses/:clauseId — clause debate page with ${LARGE} comments vs. ${SMALL}, signed in, sorted by most supported`,
      table: { headers: ["round", "thread", "req/s", "p50", "p95", "requests"], rows },
      ratio: smallP95 / largeP95,
      ratioLabel: `p95 latency ${SMALL} ÷ ${LARGE} comments (≥ 0.5 means the ${LARGE}-comment page is at most 2× slower)`,
      target: TARGET,
      notes: [
        "Both threads on the same server and database; a third of the comments are on the clause, the rest replies at depths 1 and 2; supports 0–3 per comment.",
        "A page shows 20 top-level comments with their replies: the order comes from an index on (process, clause, depth, support_count), replies are fetched per level for that page only.",
        "Requests carry a participant's session so the anonymous page cache does not answer them (and 'supported by you' is computed).",
        `Latencies measured by ${options.connections} concurrent keep-alive fetch loops in the bench process (the server runs in its own process); ${options.rounds} alternating rounds of ${options.durationSeconds} s after ${options.warmupSeconds} s warm-up each.`,
      ],
    };
  } finally {
    await redacta?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The clause debate page: its latency must not grow with the size of the thread. */
const scenario: Scenario = {
  name: "clause-comments",
  description: `Clause debate page with ${LARGE} comments vs. ${SMALL}: p95 latency ratio ≥ 0.5 (at most 2× slower)`,
  run,
};

export default scenario;
