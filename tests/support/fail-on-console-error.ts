import { afterEach, beforeEach, vi } from "vitest";

/**
 * console.error fails the test (Epic Stack convention): an error logged anywhere, in the code
 * under test or in the server it started, is a bug until proven otherwise. Tests that expect
 * one call `expectConsoleError()` from tests/support/console.ts.
 */
let expected = 0;
const errors: unknown[][] = [];

beforeEach(() => {
  expected = 0;
  errors.length = 0;
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    errors.push(args);
  });
});

afterEach(() => {
  const unexpected = errors.slice(expected);
  vi.mocked(console.error).mockRestore();
  if (unexpected.length > 0) {
    throw new Error(`console.error was called:\n${unexpected.map((a) => a.map(String).join(" ")).join("\n")}`);
  }
});

/** Declares that the current test expects `n` more console.error calls. */
export function allowConsoleErrors(n = 1): void {
  expected += n;
}
