/**
 * `npm run registry -- verify RECEIPT.pdf [--key PUBLIC.pem]`: checks a PDF receipt offline (its
 * seal, its signed fields and its signature). The trusted key is --key (the council's published
 * key, /.well-known/redacta-registry-key), else the registry key of this installation
 * (REGISTRY_KEY_FILE, or registry-key.pem beside DATABASE_URL) when present, else only the key
 * inside the PDF (integrity, not origin: said so). Exit 0 valid, 1 invalid, 2 usage.
 *
 * `npm run registry -- receipt NUMBER OUT.pdf`: writes the PDF receipt of a submission of the
 * configured database (operators; the demo receipts for the verifier's test).
 */
import { createPublicKey } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { databasePath, openDatabase } from "../../db/connection";
import { readEnv } from "../env";
import { verifyReceiptFile } from "../services/submissions/offline-verify";
import { getSubmission } from "../services/submissions/read";
import { receiptPdf } from "../services/submissions/receipt";
import { openRegistry } from "../services/submissions/registry";
import { loadCurrentUser } from "../services/current-user";
import { users } from "../../db/schema";

const USAGE = "usage: npm run registry -- verify RECEIPT.pdf [--key PUBLIC.pem] | receipt NUMBER OUT.pdf";

function installationKey(): string | null {
  const env = readEnv();
  const path = databasePath(env.DATABASE_URL);
  const file = env.REGISTRY_KEY_FILE ?? (path === ":memory:" ? null : join(dirname(resolve(path)), "registry-key.pem"));
  if (!file || !existsSync(file)) return null;
  return createPublicKey(readFileSync(file, "utf8")).export({ format: "pem", type: "spki" }).toString();
}

async function verify(args: string[]): Promise<number> {
  const [file, flag, keyFile, ...rest] = args;
  if (!file || rest.length > 0 || (flag !== undefined && (flag !== "--key" || !keyFile))) {
    console.error(USAGE);
    return 2;
  }
  const trusted = keyFile ? readFileSync(keyFile, "utf8") : installationKey();
  const verdict = await verifyReceiptFile(readFileSync(file), trusted);
  if (verdict.ok && verdict.receipt) {
    console.log(`OK: ${verdict.receipt.number} filed ${verdict.receipt.filedAt}, hash ${verdict.receipt.hash}, key ${verdict.receipt.keyId}`);
    if (!verdict.keyPinned) console.log("Note: verified with the key inside the PDF; pass --key with the council's published key to check who issued it.");
    return 0;
  }
  console.log(`INVALID: ${file}`);
  for (const problem of verdict.problems) console.log(`  - ${problem}`);
  return 1;
}

async function receipt(args: string[]): Promise<number> {
  const [number, out, ...rest] = args;
  if (!number || !out || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const env = readEnv();
  const database = openDatabase(env.DATABASE_URL);
  try {
    const registry = openRegistry(databasePath(env.DATABASE_URL), { prefix: env.REGISTRY_PREFIX, attachmentsDir: env.ATTACHMENTS_DIR, keyFile: env.REGISTRY_KEY_FILE });
    // The operator sees what staff see (an admin's view: names and attachments included).
    const admin = database.db.select({ id: users.id }).from(users).all().map((u) => loadCurrentUser(database.db, u.id)).find((u) => u?.staffRoles.includes("admin")) ?? null;
    const view = getSubmission(database.db, admin, number, new Date());
    writeFileSync(out, await receiptPdf(database.db, registry.key, view, "es", env.PUBLIC_URL ?? null));
    console.log(`Wrote ${out}`);
    return 0;
  } finally {
    database.close();
  }
}

async function main(args: string[]): Promise<number> {
  if (args[0] === "verify") return verify(args.slice(1));
  if (args[0] === "receipt") return receipt(args.slice(1));
  console.error(USAGE);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
