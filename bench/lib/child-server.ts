import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root, so children resolve `tsx` and the build whatever the caller's cwd. */
export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The message a server child sends over IPC once it listens (or when it cannot start). */
export type ChildMessage = { type: "ready"; url: string } | { type: "failed"; message: string };

/** A server running in its own node process. */
export interface ChildServer {
  url: string;
  pid: number;
  /** SIGTERM, then SIGKILL if the child has not exited within 15 s. */
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

/**
 * Starts a TypeScript entry (run through tsx) as a child process and waits for its "ready"
 * message. Each server gets a process, an event loop and a V8 heap of its own, like the
 * baseline it is compared with.
 */
export async function startChildServer(entry: URL, env: Record<string, string>, startTimeoutMs = 60_000): Promise<ChildServer> {
  const child = fork(fileURLToPath(entry), [], {
    cwd: PROJECT_ROOT,
    execArgv: ["--import", "tsx"],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    if (!(await waitForExit(child, 15_000))) {
      child.kill("SIGKILL");
      await waitForExit(child, 5_000);
    }
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${entry.pathname} did not start within ${startTimeoutMs} ms`)), startTimeoutMs);
      child.once("message", (message: ChildMessage) => {
        clearTimeout(timer);
        if (message.type === "ready") resolve(message.url);
        else reject(new Error(`${entry.pathname} failed to start: ${message.message}`));
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${entry.pathname} exited before it was ready (${signal ?? code})`));
      });
    });
    return { url, pid: child.pid ?? -1, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** For child entries: report readiness (or failure) to the parent over IPC. */
export function reportToParent(message: ChildMessage): void {
  if (!process.send) throw new Error("This entry must be started by startChildServer (no IPC channel)");
  process.send(message);
}
