/**
 * `npm run backup -- FILE`: writes a consistent backup of the configured database
 * (DATABASE_URL) to FILE while the server keeps running (db/backup.ts). Exit code 0 when written,
 * 1 when refused, 2 on a usage error.
 */
import { databasePath } from "../../db/connection";
import { backupDatabase, BackupRefusedError } from "../../db/backup";
import { readEnv } from "../env";

const USAGE = "usage: npm run backup -- FILE";

async function main(args: string[]): Promise<number> {
  const [file, ...rest] = args;
  if (!file || rest.length > 0 || file.startsWith("-")) {
    console.error(USAGE);
    return 2;
  }
  const source = databasePath(readEnv().DATABASE_URL);
  try {
    const env = readEnv();
    const summary = await backupDatabase(source, file, new Date(), { attachmentsDir: env.ATTACHMENTS_DIR, keyFile: env.REGISTRY_KEY_FILE });
    console.log(`backup written to ${summary.file} (${summary.bytes} bytes): ${JSON.stringify(summary.rows)}`);
    return 0;
  } catch (error) {
    if (!(error instanceof BackupRefusedError)) throw error;
    console.error(`backup refused: ${error.message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
