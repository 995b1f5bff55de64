/**
 * `npm run audit -- verify`: walks the audit log's hash chain of the configured database
 * (DATABASE_URL) and prints OK with the number of entries, or the first broken entry. Exit code
 * 0 when the chain holds, 1 when it is broken, 2 on a usage error.
 */
import { openDatabase } from "../../db/connection";
import { readEnv } from "../env";
import { verifyAuditChain } from "../services/audit-chain";

const USAGE = "usage: npm run audit -- verify";

function main(args: string[]): number {
  if (args[0] !== "verify" || args.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const database = openDatabase(readEnv().DATABASE_URL);
  try {
    const verdict = verifyAuditChain(database.db);
    if (verdict.ok) {
      console.log(`OK: ${verdict.entries} audit entries, chain intact`);
      return 0;
    }
    console.log(`BROKEN at audit entry ${verdict.entryId}: ${verdict.problem} (entry ${verdict.entries} in id order)`);
    return 1;
  } finally {
    database.close();
  }
}

process.exitCode = main(process.argv.slice(2));
