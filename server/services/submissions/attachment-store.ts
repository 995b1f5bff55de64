import { randomBytes } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, type ReadStream } from "node:fs";
import { join } from "node:path";

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Where attachment bytes live: `<dir>/<sha256>` (content-addressed, so a file's name can never
 * be a path trick and two filings of the same file share one copy), plus `<dir>/.staging/` for
 * uploads still being received. The directory sits beside the database, outside the web root;
 * files are only ever read through the permission-checked attachment route.
 */
export class AttachmentStore {
  readonly stagingDir: string;

  constructor(readonly dir: string) {
    this.stagingDir = join(dir, ".staging");
    mkdirSync(this.stagingDir, { recursive: true });
  }

  /** A fresh path in the staging area for one upload. */
  stagingPath(): string {
    return join(this.stagingDir, `${Date.now()}-${randomBytes(8).toString("hex")}.part`);
  }

  /** The stored file of a hash (throws on anything that is not a SHA-256 hex). */
  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new RangeError(`Not a SHA-256: ${sha256}`);
    return join(this.dir, sha256);
  }

  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  /**
   * Moves a staged upload to its content address (an atomic rename in the same directory tree).
   * When the same bytes are already stored, the staged copy is dropped. Returns whether a new
   * file was created (so a failed filing can take it back).
   */
  commit(stagedPath: string, sha256: string): boolean {
    const target = this.pathOf(sha256);
    if (existsSync(target)) {
      rmSync(stagedPath, { force: true });
      return false;
    }
    renameSync(stagedPath, target);
    return true;
  }

  /** Removes a stored file (only files no submission references: see fileSubmission). */
  remove(sha256: string): void {
    rmSync(this.pathOf(sha256), { force: true });
  }

  open(sha256: string): ReadStream {
    return createReadStream(this.pathOf(sha256));
  }

  size(sha256: string): number {
    return statSync(this.pathOf(sha256)).size;
  }

  /** Every stored hash (backups). */
  list(): string[] {
    return readdirSync(this.dir).filter((name) => SHA256_HEX.test(name));
  }

  /** Staged files left behind by a crash mid-upload; removed at start. */
  purgeStaging(): number {
    const names = readdirSync(this.stagingDir);
    for (const name of names) rmSync(join(this.stagingDir, name), { force: true });
    return names.length;
  }
}
