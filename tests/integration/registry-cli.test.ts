import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection";
import { seedDemo } from "../../db/seed/demo";
import { contentHash } from "../../server/services/documents/content-hash";
import { seedDemoSubmissions } from "../../server/services/submissions/demo";
import { listRegister } from "../../server/services/submissions/read";
import { openRegistry } from "../../server/services/submissions/registry";
import { demoUser } from "../support/submissions";

const run = promisify(execFile);
let dir: string;
const receipts: string[] = [];

/** Runs `npm run registry -- …` as an operator would (tsx, the configured database). */
async function registry(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(join(process.cwd(), "node_modules/.bin/tsx"), ["server/cli/registry.ts", ...args], { env: { ...process.env, DATABASE_URL: join(dir, "redacta.db"), NODE_ENV: "test" } });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "redacta-registry-cli-"));
  const database = openDatabase(join(dir, "redacta.db"));
  await seedDemo(database.db, { now: new Date(), hashPassword: async () => "x", contentHash });
  const reg = openRegistry(join(dir, "redacta.db"), { prefix: "VRI" });
  await seedDemoSubmissions(database.db, reg, () => new Date());
  const numbers = listRegister(database.db, demoUser(database.db, "admin@example.org"), "ordenanza-movilidad-sostenible", {}, new Date()).rows.map((r) => r.number);
  database.close();
  for (const number of numbers) {
    const out = join(dir, `${number}.pdf`);
    expect((await registry(["receipt", number, out])).code).toBe(0);
    receipts.push(out);
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run registry -- verify (offline)", () => {
  it("accepts every demo receipt under the installation's key", async () => {
    expect(receipts).toHaveLength(5);
    for (const file of receipts) {
      const result = await registry(["verify", file]);
      expect(result.out).toMatch(/^OK: VRI-\d{4}-\d{6}/);
      expect(result.code).toBe(0);
    }
  }, 60_000);

  it("rejects a receipt with one changed byte, and one checked against another council's key", async () => {
    const bytes = readFileSync(receipts[0] ?? "");
    for (const at of [Math.floor(bytes.length / 2), 400]) {
      const changed = Buffer.from(bytes);
      changed[at] = (changed[at] ?? 0) ^ 0x01;
      const file = join(dir, `changed-${at}.pdf`);
      writeFileSync(file, changed);
      const result = await registry(["verify", file]);
      expect(result.code).toBe(1);
      expect(result.out).toContain("INVALID");
    }
    const other = join(dir, "other.pem");
    writeFileSync(other, generateKeyPairSync("ed25519").publicKey.export({ format: "pem", type: "spki" }).toString());
    const foreign = await registry(["verify", receipts[0] ?? "", "--key", other]);
    expect(foreign.code).toBe(1);
    expect(foreign.out).toContain("another registry key");
  }, 60_000);
});
