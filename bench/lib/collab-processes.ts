import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { PROJECT_ROOT } from "./child-server";

/**
 * The collab benchmark's child processes (servers and load workers), each a TypeScript entry
 * run through tsx with its own event loop and heap, talking to the scenario over IPC with
 * typed request/answer messages. Servers run with --expose-gc so the scenario can measure the
 * memory that stays reachable after the clients leave.
 */
export interface BenchChild<In, Out extends { type: string }> {
  pid: number;
  /** Sends a message and waits for the first answer of type `answer` (or fails on exit/timeout). */
  ask<T extends Out["type"]>(message: In | null, answer: T, timeoutMs: number): Promise<Extract<Out, { type: T }>>;
  send(message: In): void;
  /** SIGTERM, then SIGKILL if it has not exited within 15 s. */
  stop(): Promise<void>;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Forks `entry` (a URL of a .ts file) with `env` added to this process's environment (and extra node flags). */
export function forkBenchChild<In, Out extends { type: string }>(entry: URL, env: Record<string, string>, execArgv: string[] = []): BenchChild<In, Out> {
  const child = fork(fileURLToPath(entry), [], {
    cwd: PROJECT_ROOT,
    execArgv: ["--expose-gc", ...execArgv, "--import", "tsx"],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const name = entry.pathname.split("/").pop() ?? entry.pathname;
  return {
    pid: child.pid ?? -1,
    send: (message) => {
      child.send(message as object);
    },
    ask: (message, answer, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${name} did not answer "${answer}" within ${timeoutMs} ms`));
        }, timeoutMs);
        const onMessage = (received: Out) => {
          if (received.type === "failed") {
            cleanup();
            reject(new Error(`${name} failed: ${(received as unknown as { message: string }).message}`));
          } else if (received.type === answer) {
            cleanup();
            resolve(received as Extract<Out, { type: typeof answer }>);
          }
        };
        const onExit = (code: number | null, signal: string | null) => {
          cleanup();
          reject(new Error(`${name} exited (${signal ?? code}) before answering "${answer}"`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          child.off("message", onMessage);
          child.off("exit", onExit);
        };
        child.on("message", onMessage);
        child.on("exit", onExit);
        if (message !== null) child.send(message as object);
      }),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      if (!(await waitForExit(child, 15_000))) {
        child.kill("SIGKILL");
        await waitForExit(child, 5_000);
      }
    },
  };
}
