/**
 * Child entry: one load-generator process of the collab benchmark. It opens the stock
 * y-websocket client (WebsocketProvider over `ws`) for every client of the documents it is
 * given — all clients of a document live in the same worker, so a fan-out latency is read on
 * one clock — waits until all are synced, then replays the trace in turns
 * (bench/lib/collab-replay.ts) with awareness at 1 Hz per client, and reports its measurements.
 *
 * IPC: setup → "connected"; start → "finished" (with the measurements); disconnect →
 * "disconnected" once every socket is closed, then the process exits.
 */
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import { loadEditingTrace, ReplayDocument, traceEdits } from "./collab-replay";

/** One document of a worker: its room name and one token per client (null: no auth). */
export interface WorkerDocument {
  room: string;
  tokens: string[] | null;
}

/** What the scenario sends a worker. */
export type WorkerRequest =
  | {
      type: "setup";
      /** WebsocketProvider's serverUrl: ws://host:port (reference) or ws://host:port/collab (ours). */
      serverUrl: string;
      documents: WorkerDocument[];
      tracePath: string;
      editCount: number;
      clients: number;
      chunk: number;
      paceMs: number;
      awarenessHz: number;
      timeoutMs: number;
    }
  | { type: "start" }
  | { type: "disconnect" };

/** A worker's measurements, absolute times in ms since the epoch (comparable across workers). */
export interface WorkerResult {
  latencies: number[];
  applied: number;
  missing: number;
  diverged: number;
  firstSentAt: number;
  lastAppliedAt: number;
  stateBytes: number;
  awarenessSent: number;
  /** Sockets closed by the server during the run (none expected). */
  unexpectedCloses: number;
  timedOut: boolean;
}

/** What a worker answers. */
export type WorkerMessage = { type: "connected" } | { type: "finished"; result: WorkerResult } | { type: "disconnected" } | { type: "failed"; message: string };

const providers: WebsocketProvider[] = [];
const replays: ReplayDocument[] = [];
const timers: NodeJS.Timeout[] = [];
let unexpectedCloses = 0;
let running = false;
let awarenessSent = 0;

function reply(message: WorkerMessage): void {
  process.send?.(message);
}

async function setup(request: Extract<WorkerRequest, { type: "setup" }>): Promise<void> {
  // Every WebsocketProvider registers a process "exit" listener; dozens per worker are expected.
  process.setMaxListeners(request.documents.length * request.clients + 10);
  const edits = traceEdits(loadEditingTrace(request.tracePath), request.editCount);
  const synced: Array<Promise<void>> = [];
  for (const document of request.documents) {
    const replay = new ReplayDocument({ edits, clients: request.clients, chunk: request.chunk, paceMs: request.paceMs });
    replays.push(replay);
    replay.docs.forEach((doc, c) => {
      const token = document.tokens?.[c];
      const provider = new WebsocketProvider(request.serverUrl, document.room, doc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        params: token ? { token } : {},
        // Node 20 has BroadcastChannel: without this, clients in one process would talk directly.
        disableBc: true,
        resyncInterval: -1,
      });
      provider.on("connection-close", () => {
        if (running) unexpectedCloses++;
      });
      provider.awareness.setLocalStateField("user", { name: `bench ${document.room} ${c}`, color: `#${((c * 2654435761) >>> 8).toString(16).padStart(6, "0").slice(0, 6)}` });
      providers.push(provider);
      synced.push(
        new Promise<void>((resolve) => {
          if (provider.synced) resolve();
          else provider.once("sync", () => resolve());
        }),
      );
    });
  }
  await withTimeout(Promise.all(synced), 60_000, "clients did not all sync");
  reply({ type: "connected" });
}

async function run(request: Extract<WorkerRequest, { type: "setup" }>): Promise<void> {
  running = true;
  // Presence: each client moves its cursor once a second, phases spread over the second.
  providers.forEach((provider, i) => {
    const period = 1000 / request.awarenessHz;
    const beat = () => {
      provider.awareness.setLocalStateField("cursor", { anchor: awarenessSent % 997, head: awarenessSent % 991 });
      awarenessSent++;
    };
    const first = setTimeout(() => {
      beat();
      timers.push(setInterval(beat, period));
    }, (i * 37) % period);
    timers.push(first);
  });
  const wall = () => performance.timeOrigin + performance.now();
  for (const replay of replays) replay.start();
  let timedOut = false;
  await withTimeout(Promise.all(replays.map((r) => r.done)), request.timeoutMs, "replay").catch(() => {
    timedOut = true;
    for (const replay of replays) replay.stop();
  });
  running = false;
  for (const timer of timers) clearTimeout(timer);
  const stats = replays.map((r) => r.stats());
  // Replay clocks are performance.now(); convert to epoch ms so workers can be combined.
  const toWall = (t: number) => (Number.isNaN(t) ? t : t + (wall() - performance.now()));
  const latencies: number[] = [];
  for (const s of stats) for (const ms of s.latencies) latencies.push(ms);
  reply({
    type: "finished",
    result: {
      latencies,
      applied: stats.reduce((n, s) => n + s.applied, 0),
      missing: stats.reduce((n, s) => n + s.missing, 0),
      diverged: stats.reduce((n, s) => n + s.diverged, 0),
      firstSentAt: Math.min(...stats.map((s) => toWall(s.firstSentAt))),
      lastAppliedAt: Math.max(...stats.map((s) => toWall(s.lastAppliedAt))),
      stateBytes: stats.reduce((n, s) => n + s.stateBytes, 0),
      awarenessSent,
      unexpectedCloses,
      timedOut,
    },
  });
}

async function disconnect(): Promise<void> {
  const closed = providers.map(
    (provider) =>
      new Promise<void>((resolve) => {
        if (!provider.ws) resolve();
        else provider.ws.addEventListener("close", () => resolve());
      }),
  );
  for (const provider of providers) provider.destroy();
  await withTimeout(Promise.all(closed), 15_000, "sockets did not close");
  for (const replay of replays) for (const doc of replay.docs) doc.destroy();
  reply({ type: "disconnected" });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

let config: Extract<WorkerRequest, { type: "setup" }> | null = null;
const fail = (error: unknown) => {
  reply({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
};
process.on("message", (request: WorkerRequest) => {
  if (request.type === "setup") {
    config = request;
    setup(request).catch(fail);
  } else if (request.type === "start") {
    if (!config) fail(new Error("start before setup"));
    else run(config).catch(fail);
  } else {
    disconnect().then(() => process.exit(0), fail);
  }
});
process.once("SIGTERM", () => process.exit(0));
