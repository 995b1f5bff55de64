/**
 * `npm run seed`: deletes the database at DATABASE_URL and re-creates it with the demo council.
 * Refuses to touch a database in production.
 */
import { rmSync } from "node:fs";
import { hashPassword } from "../../server/security/passwords";
import { readEnv } from "../../server/env";
import { databasePath, openDatabase } from "../connection";
import { seedDemo } from "./demo";
import { contentHash } from "../../server/services/documents/content-hash";
import { openRegistry } from "../../server/services/submissions/registry";
import { seedDemoSubmissions } from "../../server/services/submissions/demo";

const env = readEnv();
if (env.NODE_ENV === "production" && process.env.REDACTA_ALLOW_PRODUCTION_SEED !== "yes") {
  console.error("Refusing to wipe a production database (set REDACTA_ALLOW_PRODUCTION_SEED=yes to insist).");
  process.exit(1);
}
const path = databasePath(env.DATABASE_URL);
if (path !== ":memory:") for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
const database = openDatabase(env.DATABASE_URL);
await seedDemo(database.db, { now: new Date(), hashPassword, contentHash });
const registry = openRegistry(path, { prefix: env.REGISTRY_PREFIX, attachmentsDir: env.ATTACHMENTS_DIR, keyFile: env.REGISTRY_KEY_FILE });
await seedDemoSubmissions(database.db, registry, () => new Date());
database.close();
console.log(`Demo council seeded into ${path}. Accounts use the password "redacta-demo".`);
