import { and, asc, desc, eq, inArray, lte, sql } from "drizzle-orm";
import { emailOutbox, keyset, type Database, type DbOrTx } from "@bilet/db";
import type { RenderedEmail } from "./templates.ts";

/** Puts an email into the outbox; call it inside the transaction of the change that caused it. */
export async function enqueueEmail(tx: DbOrTx, to: string, email: RenderedEmail & { headers?: Record<string, string> }): Promise<void> {
  await tx.insert(emailOutbox).values({
    toAddress: to,
    subject: email.subject,
    textBody: email.text,
    htmlBody: email.html,
    template: email.template,
    headers: email.headers ?? null,
  });
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Message-ID, In-Reply-To, References and the like, for letters that must thread. */
  headers?: Record<string, string>;
}

export interface MailTransport {
  /** "smtp" delivers; "capture" keeps the message for the dev mailbox only. */
  readonly kind: "smtp" | "capture";
  send(email: OutgoingEmail): Promise<void>;
}

const MAX_ATTEMPTS = 5;

/**
 * Sends up to `batch` due emails. Rows are claimed with FOR UPDATE SKIP LOCKED,
 * so several app instances never send the same email twice.
 */
export async function deliverPendingEmails(db: Database, transport: MailTransport, batch = 20): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.status, "pending"), lte(emailOutbox.nextAttemptAt, sql`now()`)))
      .orderBy(asc(emailOutbox.createdAt))
      .limit(batch)
      .for("update", { skipLocked: true });
    if (due.length === 0) return 0;
    if (transport.kind === "capture") {
      await tx
        .update(emailOutbox)
        .set({ status: "captured", attempts: sql`${emailOutbox.attempts} + 1` })
        .where(inArray(emailOutbox.id, due.map((d) => d.id)));
      return due.length;
    }
    for (const row of due) {
      try {
        await transport.send({ to: row.toAddress, subject: row.subject, text: row.textBody, html: row.htmlBody, headers: row.headers ?? undefined });
        await tx.update(emailOutbox).set({ status: "sent", sentAt: new Date(), attempts: row.attempts + 1, lastError: null }).where(eq(emailOutbox.id, row.id));
      } catch (error) {
        const attempts = row.attempts + 1;
        await tx
          .update(emailOutbox)
          .set({
            attempts,
            lastError: error instanceof Error ? error.message : String(error),
            status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
            // Exponential back-off: 30 s, 1 min, 2 min, 4 min.
            nextAttemptAt: new Date(Date.now() + 30_000 * 2 ** (attempts - 1)),
          })
          .where(eq(emailOutbox.id, row.id));
      }
    }
    return due.length;
  });
}

/** Newest emails first, for the development mailbox page. */
export function listMailbox(db: Database, options: { to?: string; limit?: number } = {}) {
  return db
    .select({
      id: emailOutbox.id,
      to: emailOutbox.toAddress,
      subject: emailOutbox.subject,
      text: emailOutbox.textBody,
      html: emailOutbox.htmlBody,
      template: emailOutbox.template,
      status: emailOutbox.status,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .where(options.to ? eq(emailOutbox.toAddress, options.to.toLowerCase()) : undefined)
    .orderBy(desc(emailOutbox.createdAt))
    .limit(options.limit ?? 50);
}

/** The development mailbox's list: newest first, a page at a time, optionally only letters to one address. */
export async function mailboxPage(db: Database, options: { to?: string; cursor?: string; limit?: number } = {}) {
  const keys = keyset([{ by: emailOutbox.createdAt, desc: true }, { by: emailOutbox.id, desc: true }], options);
  const rows = await db
    .select({ id: emailOutbox.id, to: emailOutbox.toAddress, subject: emailOutbox.subject, createdAt: emailOutbox.createdAt, cursor: keys.cursor })
    .from(emailOutbox)
    .where(and(options.to ? eq(emailOutbox.toAddress, options.to.toLowerCase()) : undefined, keys.after))
    .orderBy(...keys.orderBy)
    .limit(keys.take);
  return keys.page(rows, ({ cursor: _cursor, ...letter }) => letter);
}

export async function getMailboxEmail(db: Database, id: string) {
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return row ? { id: row.id, to: row.toAddress, subject: row.subject, text: row.textBody, html: row.htmlBody, template: row.template, createdAt: row.createdAt } : null;
}
