import { and, asc, eq, isNull, lt } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import type { Db } from "../../db/connection";
import { outbox } from "../../db/schema";

/** A message to send. Plain text only: no user-controlled HTML ever goes out. */
export interface MailMessage {
  to: string;
  subject: string;
  body: string;
}

/** Gives up on a message after this many failed deliveries (it stays in the outbox). */
const MAX_ATTEMPTS = 5;

/**
 * Writes mail to the outbox table first (so nothing acknowledged is lost) and, when an SMTP
 * relay is configured, delivers pending mail through nodemailer in the background.
 */
export class Mailer {
  private readonly transport: Transporter | null;
  private delivering: Promise<void> | null = null;
  private rerun = false;

  constructor(
    private readonly db: Db,
    smtpUrl: string | undefined,
    private readonly from: string,
  ) {
    this.transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
  }

  /** Stores a message in the outbox and schedules delivery. Returns the outbox id. */
  queue(message: MailMessage, now = new Date()): number {
    const row = this.db
      .insert(outbox)
      .values({ recipient: message.to, subject: message.subject, body: message.body, createdAt: now })
      .returning({ id: outbox.id })
      .get();
    void this.deliverPending();
    return row.id;
  }

  /**
   * Delivers every unsent message. Calls during a run share it, but a message queued while a
   * run is under way is picked up by one more run right after, not a minute later.
   */
  deliverPending(): Promise<void> {
    if (!this.transport) return Promise.resolve();
    if (this.delivering) {
      this.rerun = true;
      return this.delivering;
    }
    this.delivering = (async () => {
      do {
        this.rerun = false;
        await this.runDelivery();
      } while (this.rerun);
    })().finally(() => {
      this.delivering = null;
    });
    return this.delivering;
  }

  private async runDelivery(): Promise<void> {
    const transport = this.transport;
    if (!transport) return;
    const pending = this.db
      .select()
      .from(outbox)
      .where(and(isNull(outbox.sentAt), lt(outbox.attempts, MAX_ATTEMPTS)))
      .orderBy(asc(outbox.id))
      .all();
    for (const message of pending) {
      try {
        await transport.sendMail({ from: this.from, to: message.recipient, subject: message.subject, text: message.body });
        this.db.update(outbox).set({ sentAt: new Date(), attempts: message.attempts + 1 }).where(eq(outbox.id, message.id)).run();
      } catch (error) {
        // Kept in the outbox with the reason; the next run retries it.
        this.db
          .update(outbox)
          .set({ attempts: message.attempts + 1, lastError: error instanceof Error ? error.message : String(error) })
          .where(eq(outbox.id, message.id))
          .run();
      }
    }
  }

  /** Waits for any delivery in progress (graceful shutdown, tests). */
  async idle(): Promise<void> {
    await this.delivering;
  }

  close(): void {
    this.transport?.close();
  }
}
