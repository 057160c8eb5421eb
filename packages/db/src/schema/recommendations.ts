import { integer, jsonb, pgTable, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./_columns.ts";
import { users } from "./accounts.ts";

/**
 * Every version of a student's study plan (индивидуальный учебный план), as the
 * pure planner produced it from the inputs of that moment. A new trial result,
 * mentor feedback or test result makes a new version only when the plan changes;
 * earlier versions are kept for comparison.
 */
export const studyPlans = pgTable(
  "study_plans",
  {
    id: uuid().primaryKey().defaultRandom(),
    studentId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    version: integer().notNull(),
    plan: jsonb().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("study_plans_student_version").on(t.studentId, t.version)],
);
