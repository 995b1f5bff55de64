import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cpuSeconds } from "../../bench/lib/process-cpu";
import { formatTable } from "../../bench/lib/table";

const run = promisify(execFile);

/** Runs `npm run bench -- …`'s script the way npm does (through tsx), never throwing. */
async function bench(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", join(process.cwd(), "bench/run.ts"), ...args], {
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

// Each case starts node + tsx (about 2 s on a busy machine), hence the longer timeout.
describe("npm run bench", { timeout: 30_000 }, () => {
  it("lists the scenarios with their descriptions", async () => {
    const result = await bench(["list"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\s+home\s+GET \/ .*0\.25/m);
  });

  it("rejects an unknown scenario with exit 1 and the list of known ones", async () => {
    const result = await bench(["no-such-bench"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Unknown benchmark "no-such-bench"');
    expect(result.stderr).toContain("home");
  });

  it("rejects malformed options before starting anything", async () => {
    const result = await bench(["home", "--duration=abc"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Unknown or malformed option "--duration=abc"');
  });

  it("fails with the remedy when there is no build", async () => {
    const result = await bench(["home"], { REDACTA_BUILD_DIR: "build-does-not-exist" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("No Redacta build at");
    expect(result.stderr).toContain("npm run build");
  });
});

describe("bench helpers", () => {
  it("aligns numeric columns right and text columns left", () => {
    const text = formatTable({
      headers: ["target", "req/s", "p99"],
      rows: [
        ["baseline", "12,345", "2.0 ms"],
        ["redacta", "678", "35.5 ms"],
      ],
    });
    expect(text.split("\n")).toEqual([
      "target     req/s      p99",
      "--------  ------  -------",
      "baseline  12,345   2.0 ms",
      "redacta      678  35.5 ms",
    ]);
  });

  it.runIf(process.platform === "linux")("reads a process's CPU time from /proc, and null for a process that does not exist", () => {
    let spin = 0;
    const until = Date.now() + 30;
    while (Date.now() < until) spin++;
    expect(spin).toBeGreaterThan(0);
    const seconds = cpuSeconds(process.pid);
    expect(seconds).toBeGreaterThan(0);
    expect(cpuSeconds(2 ** 22 + 12_345)).toBeNull();
  });
});
