/**
 * `npm run bench -- NAME [--duration=S] [--warmup=S] [--connections=N] [--rounds=N]`
 * `npm run bench -- list`
 *
 * Runs one scenario of bench/scenarios/ and prints its measurements and the ratio of the
 * subject to a baseline measured in the same run (absolute numbers mean little on a shared
 * machine; ratios travel). Exit codes: 0 target met, 1 usage or scenario error, 3 below target.
 */
import { readdirSync } from "node:fs";
import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import { formatNumber, formatTable } from "./lib/table";
import { DEFAULT_OPTIONS, type BenchOptions, type Scenario } from "./lib/types";

const SCENARIO_DIR = new URL("./scenarios/", import.meta.url);

function isScenario(value: unknown): value is Scenario {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === "string" && typeof v.description === "string" && typeof v.run === "function";
}

/** Every scenario file's default export; a file that exports something else is a loud error. */
async function loadScenarios(): Promise<Scenario[]> {
  const files = readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts"))
    .sort();
  const scenarios: Scenario[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(new URL(file, SCENARIO_DIR).pathname).href)) as { default?: unknown };
    if (!isScenario(mod.default)) throw new Error(`bench/scenarios/${file} must default-export { name, description, run }`);
    if (mod.default.name !== basename(file, ".ts")) throw new Error(`bench/scenarios/${file} names itself "${mod.default.name}"; use the file name`);
    scenarios.push(mod.default);
  }
  return scenarios;
}

/** Parses `--key=value` flags into options; unknown flags and bad numbers are errors. */
function parseOptions(flags: string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULT_OPTIONS, log: (line) => process.stderr.write(`${line}\n`) };
  const keys = { duration: "durationSeconds", warmup: "warmupSeconds", connections: "connections", rounds: "rounds" } as const;
  for (const flag of flags) {
    const match = /^--(\w+)=(\d+)$/.exec(flag);
    const key = match?.[1] as keyof typeof keys | undefined;
    if (!match || !key || !(key in keys)) throw new UsageError(`Unknown or malformed option "${flag}" (expected --duration=S, --warmup=S, --connections=N or --rounds=N)`);
    const value = Number(match[2]);
    if (key !== "warmup" && value < 1) throw new UsageError(`--${key} must be at least 1`);
    options[keys[key]] = value;
  }
  return options;
}

class UsageError extends Error {}

function listing(scenarios: Scenario[]): string {
  const width = Math.max(...scenarios.map((s) => s.name.length));
  return scenarios.map((s) => `  ${s.name.padEnd(width)}  ${s.description}`).join("\n");
}

async function main(argv: string[]): Promise<number> {
  const scenarios = await loadScenarios();
  const [name, ...flags] = argv;
  if (!name || name === "list" || name === "--help") {
    const out = `Scenarios (npm run bench -- NAME [--duration=S] [--warmup=S] [--connections=N] [--rounds=N]):\n${listing(scenarios)}`;
    if (name === "list" || name === "--help") {
      console.log(out);
      return 0;
    }
    console.error(`Which benchmark? ${out}`);
    return 1;
  }
  const scenario = scenarios.find((s) => s.name === name);
  if (!scenario) {
    console.error(`Unknown benchmark "${name}". Available:\n${listing(scenarios)}`);
    return 1;
  }
  const options = parseOptions(flags);
  const result = await scenario.run(options);
  const met = result.ratio >= result.target;
  console.log(`\n${result.title}\n`);
  console.log(formatTable(result.table));
  console.log("");
  for (const note of result.notes) console.log(`· ${note}`);
  console.log(`\nRATIO (${result.ratioLabel}): ${formatNumber(result.ratio, 3)}  target ≥ ${result.target}  ${met ? "OK" : "BELOW TARGET"}`);
  return met ? 0 : 3;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof UsageError ? error.message : error instanceof Error ? `bench failed: ${error.message}` : error);
    process.exitCode = 1;
  },
);
