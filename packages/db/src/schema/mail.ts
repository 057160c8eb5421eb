import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./_columns.ts";

/**
 * pending → sent | failed when SMTP is configured; pending → captured when it
 * is not (the message is then only shown in the dev mailbox).
 */
export const emailStatus = pgEnum("email_status", ["pending", "sent", "failed", "captured"]);

export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: uuid().primaryKey().defaultRandom(),
    toAddress: text().notNull(),
    subject: text().notNull(),
    textBody: text().notNull(),
    htmlBody: text().notNull(),
    /** Template name, e.g. "activation"; handy for the mailbox and for tests. */
    template: text().notNull(),
    /** Extra headers (Message-ID, In-Reply-To, References, Auto-Submitted) so replies to request letters thread. */
    headers: jsonb().$type<Record<string, string>>(),
    status: emailStatus().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    lastError: text(),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("email_outbox_pending_idx").on(t.status, t.nextAttemptAt),
    // The development mailbox, newest first, a page at a time: those to one address, or (below, read backwards) all letters.
    index("email_outbox_to_idx").on(t.toAddress, t.createdAt, t.id),
    // retention: records of letters past the audit term; also the mailbox's newest-first order (keyset on created_at, id)
    index("email_outbox_created_idx").on(t.createdAt, t.id),
    // retention: letters whose bodies are still kept (dropped N days after sending)
    index("email_outbox_bodies_kept_idx").on(t.createdAt).where(sql`${t.status} <> 'pending' and (${t.textBody} <> '' or ${t.htmlBody} <> '')`),
  ],
);
