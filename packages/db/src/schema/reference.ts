import { pgTable, text } from "drizzle-orm/pg-core";

/** Субъекты РФ; rows are synced from @bilet/validators at migrate time. */
export const regions = pgTable("regions", {
  code: text().primaryKey(),
  name: text().notNull(),
});
