// Browser tests drive Debian's Chromium. If it is missing, install it when we can (root with
// apt), otherwise stop with a clear message. Never downloads a browser build of its own.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

if (existsSync(CHROMIUM)) process.exit(0);

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = existsSync("/usr/bin/apt-get");
if (!isRoot || !hasApt) {
  console.error(
    `Browser tests need Chromium at ${CHROMIUM}.\n` +
      `Install Debian's package as root:  apt-get update && apt-get install -y chromium\n` +
      `or set CHROMIUM_PATH to an existing Chromium binary.`,
  );
  process.exit(1);
}
console.log("Chromium is missing: installing Debian's chromium package…");
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
if (!existsSync(CHROMIUM)) {
  console.error(`apt-get finished but ${CHROMIUM} is still missing.`);
  process.exit(1);
}
