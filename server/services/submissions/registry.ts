import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { AttachmentStore } from "./attachment-store";
import { ephemeralRegistryKey, loadOrCreateRegistryKey, type RegistryKey } from "./registry-key";

/**
 * The running registry: the number prefix, the attachment store and the signing key. Created once
 * by startServer (and by the CLI) and passed to the services that file, serve or verify.
 */
export interface Registry {
  /** The council's registry prefix (REGISTRY_PREFIX, e.g. "VRI"). */
  prefix: string;
  store: AttachmentStore;
  key: RegistryKey;
}

/** Where the registry keeps its files for a database path: beside it (or a temporary dir for :memory:). */
export function registryPaths(dbPath: string, overrides: { attachmentsDir?: string; keyFile?: string }): { attachmentsDir: string; keyFile: string | null } {
  if (dbPath === ":memory:") {
    return { attachmentsDir: overrides.attachmentsDir ?? mkdtempSync(join(tmpdir(), "redacta-attachments-")), keyFile: overrides.keyFile ?? null };
  }
  const dir = dirname(resolve(dbPath));
  return { attachmentsDir: overrides.attachmentsDir ?? join(dir, "attachments"), keyFile: overrides.keyFile ?? join(dir, "registry-key.pem") };
}

/** Opens the registry of a database: its attachments directory and its key (created on first use). */
export function openRegistry(dbPath: string, options: { prefix: string; attachmentsDir?: string; keyFile?: string }): Registry {
  const paths = registryPaths(dbPath, options);
  return {
    prefix: options.prefix,
    store: new AttachmentStore(paths.attachmentsDir),
    key: paths.keyFile ? loadOrCreateRegistryKey(paths.keyFile) : ephemeralRegistryKey(),
  };
}

/** The printed registry number: `VRI-2027-000123`. */
export function formatRegistryNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(6, "0")}`;
}

/** Whether a string looks like a registry number (routes refuse anything else with 404). */
export function isRegistryNumber(value: string): boolean {
  return /^[A-Z]{2,8}-\d{4}-\d{6,}$/.test(value);
}
