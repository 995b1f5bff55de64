import { defineConfig } from "vitest/config";

const setupFiles = ["tests/support/fail-on-console-error.ts"];

/**
 * Three projects: unit (pure code, beside the code or in tests/unit), integration (the real
 * server on a random port with a fresh SQLite file) and e2e (Playwright driving Debian's
 * Chromium). Integration and e2e need `npm run build` first; `npm test` does it.
 */
export default defineConfig({
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  test: {
    projects: [
      {
        resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "{server,collab,db,app}/**/*.test.{ts,tsx}"],
          environment: "node",
          setupFiles,
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          setupFiles,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          setupFiles,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One browser at a time: the machine has two cores.
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
