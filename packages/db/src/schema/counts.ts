import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Headline numbers that would take a scan of a large table to count (users by
 * role, study plans by grade and region), kept per name and refreshed by a
 * periodic job, so a page shows them without counting on every view.
 */
export const platformCounts = pgTable("platform_counts", {
  name: text().primaryKey(),
  data: jsonb().$type<Record<string, unknown>>().notNull(),
  /** When `data` was counted. */
  refreshedAt: timestamp({ withTimezone: true }).notNull(),
});
