import { monitorEventLoopDelay } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";
import { sessionBinding } from "../../server/services/credentials";

/**
 * The in-process side of the collab benchmark's server children: memory sampling (peak RSS and
 * heap, sampled every 50 ms) and the IPC conversation with the scenario. The parent asks for
 * `{ type: "stats", gc }`; with `gc` the child collects garbage first (it runs with
 * --expose-gc), so "after" is what stays reachable, not what V8 has not collected yet.
 */

/** What a server child answers to a stats request. */
export interface ServerStats {
  type: "stats";
  rss: number;
  heapUsed: number;
  peakRss: number;
  peakHeapUsed: number;
  /** Event-loop delay since the last reset (ms): how long a message waits for the loop. */
  loopDelayP99: number;
  loopDelayMax: number;
  /** Scenario-specific counters (our server: bytes written to SQLite). */
  extra: Record<string, number>;
}

/** The slug of benchmark document `index` (its collab name is `draft-{slug}`). */
export function benchProcessSlug(index: number): string {
  return `bench-collab-${String(index + 1).padStart(2, "0")}`;
}

/** The stored id of benchmark editor `userId`'s session, which their collab tokens are bound to. */
export function benchSessionId(userId: number): string {
  return `bench-session-${userId}`;
}

/** The collab-token binding of that session. */
export function benchSessionBinding(userId: number): string {
  return sessionBinding(benchSessionId(userId));
}

/** The e-mail of benchmark editor `index` (user ids are read back over IPC). */
export function benchEditorEmail(index: number): string {
  return `bench-editor-${index + 1}@example.org`;
}

/** A server child's first message: where it listens (and, for ours, the editors' user ids). */
export type ServerReady = { type: "ready"; url: string; editorIds: number[] } | { type: "failed"; message: string };

/** Sends the first message to the parent (the child must have been forked with IPC). */
export function reportReady(message: ServerReady): void {
  if (!process.send) throw new Error("This entry must be started by bench/lib/collab-processes.ts (no IPC channel)");
  process.send(message);
}

/** A request from the scenario to a server child. */
export type ProbeRequest = { type: "stats"; gc: boolean; resetPeak?: boolean; resetLoopDelay?: boolean };

/** Starts sampling memory and answering stats requests; `extra` adds the child's own counters. */
export function serveProbe(extra: () => Record<string, number>): void {
  let peakRss = 0;
  let peakHeapUsed = 0;
  const sample = () => {
    const rss = process.memoryUsage.rss();
    const heapUsed = getHeapStatistics().used_heap_size;
    if (rss > peakRss) peakRss = rss;
    if (heapUsed > peakHeapUsed) peakHeapUsed = heapUsed;
    return { rss, heapUsed };
  };
  const timer = setInterval(sample, 50);
  timer.unref();
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  process.on("message", (message: ProbeRequest) => {
    if (message.type !== "stats") return;
    if (message.gc) collectGarbage();
    const now = sample();
    const reply: ServerStats = {
      type: "stats",
      ...now,
      peakRss,
      peakHeapUsed,
      loopDelayP99: loopDelay.percentile(99) / 1e6,
      loopDelayMax: loopDelay.max / 1e6,
      extra: extra(),
    };
    if (message.resetPeak) {
      peakRss = now.rss;
      peakHeapUsed = now.heapUsed;
    }
    if (message.resetLoopDelay) loopDelay.reset();
    process.send?.(reply);
  });
}

/** Full collection, twice: the first finalises weak references and the second frees their targets. */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("Server children must run with --expose-gc");
  gc();
  gc();
}
