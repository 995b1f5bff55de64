/**
 * `npm run restore -- FILE [--force]`: restores a backup made by `npm run backup` into the
 * configured database path (DATABASE_URL). Refuses a path that already holds a database unless
 * --force; stop the server first. Exit code 0 when restored, 1 when refused, 2 on a usage error.
 */
import { databasePath } from "../../db/connection";
import { BackupRefusedError, restoreDatabase } from "../../db/backup";
import { readEnv } from "../env";

const USAGE = "usage: npm run restore -- FILE [--force]";

async function main(args: string[]): Promise<number> {
  const force = args.includes("--force");
  const files = args.filter((a) => a !== "--force");
  const file = files[0];
  if (!file || files.length !== 1 || file.startsWith("-")) {
    console.error(USAGE);
    return 2;
  }
  const target = databasePath(readEnv().DATABASE_URL);
  if (target === ":memory:") {
    console.error("restore needs DATABASE_URL to name a file");
    return 2;
  }
  try {
    const env = readEnv();
    const summary = await restoreDatabase(file, target, { force, attachmentsDir: env.ATTACHMENTS_DIR, keyFile: env.REGISTRY_KEY_FILE });
    console.log(`restored ${file} into ${summary.file} (${summary.bytes} bytes): ${JSON.stringify(summary.rows)}`);
    return 0;
  } catch (error) {
    if (!(error instanceof BackupRefusedError)) throw error;
    console.error(`restore refused: ${error.message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
