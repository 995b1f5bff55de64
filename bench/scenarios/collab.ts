import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signCollabToken } from "../../collab/server/collab-token";
import { cpuSeconds } from "../lib/process-cpu";
import { forkBenchChild, type BenchChild } from "../lib/collab-processes";
import type { WorkerDocument, WorkerMessage, WorkerRequest, WorkerResult } from "../lib/collab-load-worker";
import { benchProcessSlug, benchSessionBinding, type ProbeRequest, type ServerReady, type ServerStats } from "../lib/collab-server-probe";
import { formatNumber } from "../lib/table";
import type { BenchOptions, BenchResult, Scenario } from "../lib/types";

/** The trace beside the checkout (../shared); BENCH_COLLAB_TRACE points elsewhere (e.g. from a worktree). */
const TRACE = process.env.BENCH_COLLAB_TRACE ?? new URL("../../../shared/data/editing-traces/seph-blog1.json.gz", import.meta.url).pathname;

/** The workload: 200 clients over 20 documents, 10 per document, awareness at 1 Hz. */
const DOCUMENTS = 20;
const CLIENTS_PER_DOCUMENT = 10;
const AWARENESS_HZ = 1;
/** Load-generator processes; all clients of a document share one, so latency is read on one clock. */
const WORKERS = 4;
/**
 * Edits of the trace replayed per document (a prefix: the whole trace, 138k edits × 20
 * documents, would take many minutes). BENCH_COLLAB_EDITS overrides it.
 */
const EDITS = Number(process.env.BENCH_COLLAB_EDITS ?? 1000);
/** Consecutive edits a client types before the next client takes the pen. */
const CHUNK = 20;
/**
 * Pause between keystrokes of a burst: at most 50 edits/s per document (a fast typist is ~10),
 * ~1,000/s into the server and ~9,000 fan-out deliveries/s in all. Faster pacing saturates the
 * load generators on a 2-core machine, and latency then measures their queues, not the server.
 */
const PACE_MS = 20;
/** A run that has not converged by then counts what is missing as lost. */
const RUN_TIMEOUT_MS = 120_000;
/** Editors of our server: 20 connections each at most (the per-user cap), so 20 people. */
const EDITORS = 20;

/** Targets from the issues (5, then 9): ours ÷ reference, ours − reference, and ours alone. */
const TARGETS = { p99: 1.2, throughput: 0.95, p50DeltaMs: 2, loopDelayMaxMs: 50, bytesWritten: 6, storedAfter: 1.2, memoryAfter: 1.1 };

type ServerMessage = ServerReady | ServerStats;
type Kind = "reference" | "redacta";

/** One run of the workload against one server. */
interface RunResult {
  kind: Kind;
  latencies: number[];
  applied: number;
  seconds: number;
  missing: number;
  diverged: number;
  unexpectedCloses: number;
  timedOut: boolean;
  stateBytes: number;
  awarenessSent: number;
  /** Server CPU seconds (user + system) during the replay, null without /proc. */
  serverCpu: number | null;
  idle: ServerStats;
  connected: ServerStats;
  peak: ServerStats;
  after: ServerStats;
}

/**
 * BENCH_COLLAB_PROFILE=DIR writes a V8 CPU profile of each server process into DIR (open it in
 * Chrome DevTools), to find where a missed latency target goes.
 */
function profileFlags(kind: Kind): string[] {
  const dir = process.env.BENCH_COLLAB_PROFILE;
  return dir ? ["--cpu-prof", `--cpu-prof-dir=${join(dir, kind)}`] : [];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function roomOf(kind: Kind, d: number): string {
  return kind === "redacta" ? `draft-${benchProcessSlug(d)}` : benchProcessSlug(d);
}

async function runOnce(kind: Kind, log: (line: string) => void): Promise<RunResult> {
  const secret = randomBytes(32).toString("hex");
  const dir = mkdtempSync(join(tmpdir(), "redacta-bench-collab-"));
  const entry = new URL(kind === "redacta" ? "../lib/collab-redacta-server.child.ts" : "../lib/collab-reference-server.child.ts", import.meta.url);
  const server = forkBenchChild<ProbeRequest, ServerMessage>(entry, {
    NODE_ENV: "production",
    DATABASE_URL: join(dir, "bench.db"),
    COLLAB_SECRET: secret,
    BENCH_USERS: String(EDITORS),
    BENCH_DOCUMENTS: String(DOCUMENTS),
  }, profileFlags(kind));
  const workers: Array<BenchChild<WorkerRequest, WorkerMessage>> = [];
  try {
    const ready = await server.ask(null, "ready", 90_000);
    const stats = (gc: boolean, resetPeak = false, resetLoopDelay = false) => server.ask({ type: "stats", gc, resetPeak, resetLoopDelay }, "stats", 30_000);
    await sleep(1000);
    const idle = await stats(true, true);

    const documents: WorkerDocument[][] = Array.from({ length: WORKERS }, () => []);
    for (let d = 0; d < DOCUMENTS; d++) {
      const room = roomOf(kind, d);
      const tokens =
        kind === "redacta"
          ? Array.from({ length: CLIENTS_PER_DOCUMENT }, (_x, c) => {
              const userId = ready.editorIds[(d * CLIENTS_PER_DOCUMENT + c) % ready.editorIds.length] as number;
              return signCollabToken(Buffer.from(secret), { userId, document: room, exp: Date.now() + 30 * 60_000, binding: benchSessionBinding(userId) });
            })
          : null;
      documents[d % WORKERS]?.push({ room, tokens });
    }
    const serverUrl = `${ready.url.replace(/^http/, "ws")}${kind === "redacta" ? "/collab" : ""}`;
    for (let w = 0; w < WORKERS; w++) workers.push(forkBenchChild<WorkerRequest, WorkerMessage>(new URL("../lib/collab-load-worker.ts", import.meta.url), {}));
    log(`  ${kind}: connecting ${DOCUMENTS * CLIENTS_PER_DOCUMENT} clients…`);
    await Promise.all(
      workers.map((worker, w) =>
        worker.ask(
          {
            type: "setup",
            serverUrl,
            documents: documents[w] ?? [],
            tracePath: TRACE,
            editCount: EDITS,
            clients: CLIENTS_PER_DOCUMENT,
            chunk: CHUNK,
            paceMs: PACE_MS,
            awarenessHz: AWARENESS_HZ,
            timeoutMs: RUN_TIMEOUT_MS,
          },
          "connected",
          120_000,
        ),
      ),
    );
    const connected = await stats(false, false, true);
    log(`  ${kind}: replaying ${formatNumber(EDITS)} edits on each of ${DOCUMENTS} documents…`);
    const cpuBefore = cpuSeconds(server.pid);
    const results: WorkerResult[] = (await Promise.all(workers.map((worker) => worker.ask({ type: "start" }, "finished", RUN_TIMEOUT_MS + 60_000)))).map((m) => m.result);
    const cpuAfter = cpuSeconds(server.pid);
    const peak = await stats(false);
    await Promise.all(workers.map((worker) => worker.ask({ type: "disconnect" }, "disconnected", 30_000)));
    // The server notices the closes, withdraws presence and (ours) compacts on last disconnect.
    await sleep(2000);
    const after = await stats(true);
    const first = Math.min(...results.map((r) => r.firstSentAt));
    const last = Math.max(...results.map((r) => r.lastAppliedAt));
    const latencies: number[] = [];
    for (const r of results) for (const ms of r.latencies) latencies.push(ms);
    return {
      kind,
      latencies,
      applied: results.reduce((n, r) => n + r.applied, 0),
      seconds: (last - first) / 1000,
      missing: results.reduce((n, r) => n + r.missing, 0),
      diverged: results.reduce((n, r) => n + r.diverged, 0),
      unexpectedCloses: results.reduce((n, r) => n + r.unexpectedCloses, 0),
      timedOut: results.some((r) => r.timedOut),
      stateBytes: results.reduce((n, r) => n + r.stateBytes, 0),
      awarenessSent: results.reduce((n, r) => n + r.awarenessSent, 0),
      serverCpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
      idle,
      connected,
      peak,
      after,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Pools the rounds of one server: all latencies, summed counts, total time. */
function pool(runs: RunResult[]) {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const applied = runs.reduce((n, r) => n + r.applied, 0);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? Number.NaN,
    throughput: applied / seconds,
    missing: runs.reduce((n, r) => n + r.missing, 0),
    diverged: runs.reduce((n, r) => n + r.diverged, 0),
    unexpectedCloses: runs.reduce((n, r) => n + r.unexpectedCloses, 0),
    // Server CPU per edit received (µs): barely moved by other programs competing for the cores.
    cpuPerEditUs: runs.every((r) => r.serverCpu !== null) ? (runs.reduce((n, r) => n + (r.serverCpu ?? 0), 0) * 1e6) / (runs.length * EDITS * DOCUMENTS) : Number.NaN,
  };
}

const mib = (bytes: number) => `${formatNumber(bytes / 1024 / 1024, 1)} MiB`;
const kib = (bytes: number) => `${formatNumber(bytes / 1024, 1)} KiB`;

async function run(options: BenchOptions): Promise<BenchResult> {
  if (!existsSync(TRACE)) throw new Error(`Editing trace not found at ${TRACE} (../shared/data/editing-traces/)`);
  if (!Number.isInteger(EDITS) || EDITS < 1) throw new Error(`BENCH_COLLAB_EDITS must be a positive integer, not ${process.env.BENCH_COLLAB_EDITS}`);
  const runs: RunResult[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    // Alternate who goes first, so drift on a shared machine hits both servers alike.
    const order = round % 2 === 1 ? (["reference", "redacta"] as const) : (["redacta", "reference"] as const);
    for (const kind of order) {
      options.log(`Round ${round}/${options.rounds}: ${kind}`);
      const result = await runOnce(kind, options.log);
      options.log(`  ${kind}: ${formatNumber(result.applied)} updates applied in ${formatNumber(result.seconds, 1)} s, ${result.missing} missing`);
      runs.push(result);
    }
  }
  const ref = pool(runs.filter((r) => r.kind === "reference"));
  const ours = pool(runs.filter((r) => r.kind === "redacta"));
  const oursRuns = runs.filter((r) => r.kind === "redacta");
  const refRuns = runs.filter((r) => r.kind === "reference");
  const lastOurs = oursRuns[oursRuns.length - 1] as RunResult;
  const lastRef = refRuns[refRuns.length - 1] as RunResult;
  const written = (r: RunResult) => (r.after.extra.appendBytes ?? 0) + (r.after.extra.snapshotBytes ?? 0);
  // Bytes written and memory are judged on the worst round.
  const bytesRatio = Math.max(...oursRuns.map((r) => written(r) / r.stateBytes));
  const memoryRatio = Math.max(...oursRuns.map((r) => r.after.heapUsed / r.idle.heapUsed));
  // Stored after the last client left (compacted) ÷ final state, and the server's worst stall.
  const storedRatio = Math.max(...oursRuns.map((r) => (r.after.extra.storedBytes ?? 0) / r.stateBytes));
  const loopDelayMax = Math.max(...oursRuns.map((r) => r.peak.loopDelayMax));
  const rssRatio = Math.max(...oursRuns.map((r) => r.after.rss / r.idle.rss));
  const lost = ours.missing + ref.missing;
  const diverged = ours.diverged + ref.diverged;

  const checks = [
    { what: "p99 fan-out latency, ours ÷ reference", value: ours.p99 / ref.p99, target: `≤ ${TARGETS.p99}`, met: ours.p99 / ref.p99 <= TARGETS.p99 },
    { what: "throughput, ours ÷ reference", value: ours.throughput / ref.throughput, target: `≥ ${TARGETS.throughput}`, met: ours.throughput / ref.throughput >= TARGETS.throughput },
    { what: "p50 fan-out latency, ours − reference (ms)", value: ours.p50 - ref.p50, target: `≤ ${TARGETS.p50DeltaMs}`, met: ours.p50 - ref.p50 <= TARGETS.p50DeltaMs },
    { what: "event-loop delay max of our server during the replay (ms)", value: loopDelayMax, target: `≤ ${TARGETS.loopDelayMaxMs}`, met: loopDelayMax <= TARGETS.loopDelayMaxMs },
    { what: "lost updates (both servers, all rounds)", value: lost, target: "0", met: lost === 0 && diverged === 0 },
    { what: "bytes written to SQLite ÷ final state", value: bytesRatio, target: `≤ ${TARGETS.bytesWritten}`, met: bytesRatio <= TARGETS.bytesWritten },
    { what: "bytes stored after compaction ÷ final state", value: storedRatio, target: `≤ ${TARGETS.storedAfter}`, met: storedRatio <= TARGETS.storedAfter },
    { what: "heap after disconnect + GC ÷ idle", value: memoryRatio, target: `≤ ${TARGETS.memoryAfter}`, met: memoryRatio <= TARGETS.memoryAfter },
  ];
  const met = checks.filter((c) => c.met).length;
  const row = (label: string, r: ReturnType<typeof pool>) => [
    label,
    `${formatNumber(r.p50, 2)} ms`,
    `${formatNumber(r.p99, 2)} ms`,
    `${formatNumber(r.max, 1)} ms`,
    formatNumber(r.throughput),
    String(r.missing),
    String(r.diverged),
  ];
  const table = {
    headers: ["", "value", "target", ""],
    rows: checks.map((c) => [c.what, formatNumber(c.value, 3), c.target, c.met ? "OK" : "MISSED"]),
  };
  const notes = [
    `Workload: ${DOCUMENTS} documents × ${CLIENTS_PER_DOCUMENT} clients (stock y-websocket WebsocketProvider over ws, ${WORKERS} load-generator processes), each document replaying the first ${formatNumber(EDITS)} edits of seph-blog1 (N = ${EDITS}) in turns of ${CHUNK} edits, ${PACE_MS} ms between keystrokes, awareness at ${AWARENESS_HZ} Hz per client; ${options.rounds} round(s), alternating which server goes first.`,
    ...[row("reference (y-websocket 2.1.0 bin/utils, in memory)", ref), row("ours (startServer, SQLite)", ours)].map(
      ([label, p50, p99, max, tput, missing, div]) => `${label}: fan-out p50 ${p50}, p99 ${p99}, max ${max}; ${tput} updates applied/s; ${missing} lost, ${div} clients diverged`,
    ),
    `Ours, last round: ${kib(lastOurs.after.extra.appendBytes ?? 0)} appended in ${formatNumber(lastOurs.after.extra.appendCount ?? 0)} updates + ${kib(lastOurs.after.extra.snapshotBytes ?? 0)} in ${formatNumber(lastOurs.after.extra.compactCount ?? 0)} snapshots, for a final state of ${kib(lastOurs.stateBytes)} (all documents); stored after the run: ${kib(lastOurs.after.extra.storedBytes ?? 0)} (${formatNumber(lastOurs.after.extra.storedUpdates ?? 0)} uncompacted updates), i.e. ${formatNumber((lastOurs.after.extra.storedBytes ?? 0) / lastOurs.stateBytes, 2)}× the state.`,
    `Ours, memory of the server process (last round): heap idle ${mib(lastOurs.idle.heapUsed)}, peak ${mib(lastOurs.peak.peakHeapUsed)}, after ${mib(lastOurs.after.heapUsed)}; RSS idle ${mib(lastOurs.idle.rss)}, peak ${mib(lastOurs.peak.peakRss)}, after ${mib(lastOurs.after.rss)} (RSS after ÷ idle ${formatNumber(rssRatio, 2)}: V8 and the allocator keep pages they grew into).`,
    `Reference memory (last round): heap idle ${mib(lastRef.idle.heapUsed)}, peak ${mib(lastRef.peak.peakHeapUsed)}, after ${mib(lastRef.after.heapUsed)} — it keeps every document in memory after the last client leaves (no persistence configured).`,
    `Server CPU per edit (decode, apply, store, fan-out to 10 clients, plus the awareness traffic): reference ${formatNumber(ref.cpuPerEditUs)} µs, ours ${formatNumber(ours.cpuPerEditUs)} µs (${formatNumber(ours.cpuPerEditUs / ref.cpuPerEditUs, 2)}×).`,
    `Server event-loop delay during the replay (last round): reference p99 ${formatNumber(lastRef.peak.loopDelayP99, 1)} ms, max ${formatNumber(lastRef.peak.loopDelayMax, 1)} ms; ours p99 ${formatNumber(lastOurs.peak.loopDelayP99, 1)} ms, max ${formatNumber(lastOurs.peak.loopDelayMax, 1)} ms. Ours spent ${formatNumber(lastOurs.peak.extra.appendMs ?? 0)} ms in SQLite appends (${formatNumber(((lastOurs.peak.extra.appendMs ?? 0) * 1000) / Math.max(1, lastOurs.peak.extra.appendCount ?? 0), 1)} µs each, longest ${formatNumber(lastOurs.peak.extra.appendMaxMs ?? 0, 1)} ms, ${formatNumber(lastOurs.peak.extra.appendsOver5ms ?? 0)} over 5 ms).`,
    `Unexpected socket closes during the runs: reference ${ref.unexpectedCloses}, ours ${ours.unexpectedCloses}. Awareness updates sent by clients (last round, ours): ${formatNumber(lastOurs.awarenessSent)}.`,
  ];
  if (lost > 0 || diverged > 0 || runs.some((r) => r.timedOut)) {
    // Convergence is not a performance figure: a run that loses updates is a failure, not a slow run.
    for (const note of notes) options.log(`· ${note}`);
    throw new Error(`convergence failed: ${lost} edits missing and ${diverged} clients diverged (reference ${ref.missing}/${ref.diverged}, ours ${ours.missing}/${ours.diverged})`);
  }
  return {
    title: `Collaboration: ${DOCUMENTS * CLIENTS_PER_DOCUMENT} y-websocket clients on ${DOCUMENTS} documents replaying seph-blog1 (N = ${EDITS} edits each), ours vs y-websocket 2.1.0`,
    table,
    ratio: met / checks.length,
    ratioLabel: "targets met ÷ targets",
    target: 1,
    notes,
  };
}

/** Fan-out latency, throughput, convergence, SQLite bytes and memory of the collaboration server. */
const scenario: Scenario = {
  name: "collab",
  description: "200 y-websocket clients on 20 documents replaying a real trace: ours vs y-websocket 2.1.0 (latency, throughput, convergence, bytes, memory)",
  run,
};

export default scenario;
