import { sql } from "drizzle-orm";
import { check, foreignKey, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./_columns.ts";
import { users } from "./accounts.ts";

/**
 * Every version of every diagnostic test, as its definition (the zod-checked
 * data of @bilet/content). Shipped tests are synced at start; staff upload new
 * tests and new versions. A published version is never changed: attempts keep
 * the version they were taken on.
 */
export const diagnosticTests = pgTable(
  "diagnostic_tests",
  {
    testId: text().notNull(),
    version: integer().notNull(),
    title: text().notNull(),
    definition: jsonb().notNull(),
    /** Null for a shipped test; the staff member who uploaded it otherwise. */
    uploadedById: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.testId, t.version] }), check("diagnostic_tests_version_positive", sql`${t.version} >= 1`)],
);

export const attemptStatus = pgEnum("diagnostic_attempt_status", ["in_progress", "finished"]);

export const diagnosticAttempts = pgTable(
  "diagnostic_attempts",
  {
    id: uuid().primaryKey().defaultRandom(),
    studentId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    testId: text().notNull(),
    testVersion: integer().notNull(),
    status: attemptStatus().notNull().default("in_progress"),
    /** Seeds the games' puzzles, so the server can recompute a game from its log. */
    seed: text().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
    /** Scores per scale (and the quiz's answers) computed on the server at finishing. */
    result: jsonb(),
  },
  (t) => [
    foreignKey({ columns: [t.testId, t.testVersion], foreignColumns: [diagnosticTests.testId, diagnosticTests.version] }).onDelete("restrict"),
    // One attempt in progress per test and student: a double click finds the first.
    uniqueIndex("diagnostic_attempts_one_in_progress").on(t.studentId, t.testId).where(sql`${t.status} = 'in_progress'`),
    index("diagnostic_attempts_student_finished").on(t.studentId, t.finishedAt.desc()),
    index("diagnostic_attempts_test_finished").on(t.testId, t.testVersion).where(sql`${t.status} = 'finished'`),
  ],
);

/** Each answer as it is given, so closing the browser loses nothing; one row per item, replaced on change. */
export const diagnosticAnswers = pgTable(
  "diagnostic_answers",
  {
    attemptId: uuid()
      .notNull()
      .references(() => diagnosticAttempts.id, { onDelete: "cascade" }),
    itemId: text().notNull(),
    answer: jsonb().notNull(),
    answeredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.itemId] })],
);
