import { z } from "zod";

/** Every setting the server reads, checked once at boot so a typo fails loudly, not later. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z.string().min(1).default("./data/redacta.db"),
  /** The public origin (https://participa.example.org); used for links in e-mails and Origin checks. */
  PUBLIC_URL: z.string().url().optional(),
  /** smtp://user:pass@host:port — when unset, mail stays in the outbox table. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default("Redacta <no-reply@redacta.invalid>"),
  /** Trust X-Forwarded-For from one reverse proxy when computing the client IP for rate limits. */
  TRUST_PROXY: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /**
   * The key that signs collaboration tokens (at least 32 characters). Unset: a random key per
   * process start, which is fine for one process (tokens live five minutes anyway).
   */
  COLLAB_SECRET: z.string().min(32).optional(),
  /** The council's registry prefix in submission numbers (VRI-2027-000123). */
  REGISTRY_PREFIX: z
    .string()
    .regex(/^[A-Z]{2,8}$/, "2 to 8 capital letters")
    .default("VRI"),
  /** Where submission attachments are stored (default: `attachments/` beside the database). */
  ATTACHMENTS_DIR: z.string().min(1).optional(),
  /**
   * The registry's Ed25519 signing key, a PKCS#8 PEM file (default: `registry-key.pem` beside the
   * database, created on first start).
   */
  REGISTRY_KEY_FILE: z.string().min(1).optional(),
  /** Seed the demo council when the database has no users (default: on). */
  SEED_DEMO: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
});

export type Env = z.infer<typeof EnvSchema>;

/** Parses the environment; throws one readable error listing every invalid variable. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
