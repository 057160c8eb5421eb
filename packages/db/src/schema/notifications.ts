import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./_columns.ts";
import { users } from "./accounts.ts";

/**
 * What a user is told. A row is written in the same transaction as the change
 * it reports; the live channel only delivers stored rows.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text().notNull(),
    title: text().notNull(),
    body: text().notNull().default(""),
    link: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    readAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    // The notification centre and the bell, newest first, a page at a time (keyset on created_at, id).
    // Ascending, read backwards: `desc()` here would make DESC NULLS LAST, which `order by … desc` cannot use.
    index("notifications_user_created_idx").on(t.userId, t.createdAt, t.id),
    index("notifications_user_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
    // retention: read notifications past their term, oldest first
    index("notifications_read_created_idx").on(t.createdAt).where(sql`${t.readAt} is not null`),
  ],
);
