import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./_columns.ts";
import { users } from "./accounts.ts";
import { regions } from "./reference.ts";

export const requestChannel = pgEnum("request_channel", ["chat", "email"]);
export const requestStatus = pgEnum("request_status", ["new", "in_progress", "answered", "unanswered", "closed"]);
export const triageDecision = pgEnum("triage_decision", ["accept", "foreign_language", "obscene_or_insult", "threat", "secret", "no_question", "repeat"]);
export const messageAuthor = pgEnum("request_message_author", ["user", "staff", "system"]);

/**
 * A user's request (обращение) with the fields the source document requires,
 * the automatic triage decision with its rule and explanation, and staff's
 * confirmation or override with its reason.
 */
export const requests = pgTable(
  "requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The number people see («Обращение № 17»). */
    number: integer().generatedAlwaysAsIdentity(),
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    channel: requestChannel().notNull(),
    regionCode: text()
      .notNull()
      .references(() => regions.code, { onDelete: "restrict" }),
    fullName: text().notNull(),
    email: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    status: requestStatus().notNull(),
    decision: triageDecision().notNull(),
    triageRule: text().notNull(),
    triageExplanation: text().notNull(),
    decidedById: uuid().references(() => users.id, { onDelete: "set null" }),
    decisionReason: text(),
    assignedToId: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The staff queue, newest first, a page at a time: by status, or all (ascending, read backwards).
    index("requests_queue").on(t.status, t.createdAt, t.id),
    index("requests_created").on(t.createdAt, t.id),
    // A person's own requests, newest first, a page at a time (read backwards).
    index("requests_user").on(t.userId, t.createdAt, t.id).where(sql`${t.userId} is not null`),
    index("requests_email").on(t.email, t.createdAt.desc()),
  ],
);

export const requestMessages = pgTable(
  "request_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => requests.id, { onDelete: "cascade" }),
    author: messageAuthor().notNull(),
    staffId: uuid().references(() => users.id, { onDelete: "set null" }),
    text: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("request_messages_request").on(t.requestId, t.createdAt)],
);

/**
 * A request by email that lacks required fields: kept until the sender answers
 * our automatic reply (which carries this draft's id in its Message-ID), then
 * completed into a request and removed.
 */
export const requestDrafts = pgTable(
  "request_drafts",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    draft: jsonb().$type<Record<string, string | null>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("request_drafts_email").on(t.email)],
);
