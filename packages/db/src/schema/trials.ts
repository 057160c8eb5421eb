import { sql } from "drizzle-orm";
import { check, date, index, integer, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./_columns.ts";
import { users } from "./accounts.ts";
import { regions } from "./reference.ts";

/** Competencies of practical trials; rows are synced from @bilet/content. */
export const competencies = pgTable("competencies", {
  code: text().primaryKey(),
  name: text().notNull(),
  area: text().notNull(),
  /** Holland interest types (RIASEC letters) the competency speaks to. */
  interests: text().array().notNull(),
});

/** The season's dates, set by staff; one row (id = 1). */
export const seasonCalendar = pgTable(
  "season_calendar",
  {
    id: smallint().primaryKey().default(1),
    registrationOpensOn: date({ mode: "string" }).notNull(),
    esiaOpensOn: date({ mode: "string" }).notNull(),
    trialsStartOn: date({ mode: "string" }).notNull(),
    trialsEndOn: date({ mode: "string" }).notNull(),
    recommendationsOn: date({ mode: "string" }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("season_calendar_single_row", sql`${t.id} = 1`), check("season_calendar_order", sql`${t.trialsStartOn} <= ${t.trialsEndOn}`)],
);

export const trialLevel = pgEnum("trial_level", ["intro", "basic", "advanced"]);
export const trialFormat = pgEnum("trial_format", ["online", "in_person"]);
export const trialStatus = pgEnum("trial_status", ["published", "cancelled"]);

export const trials = pgTable(
  "trials",
  {
    id: uuid().primaryKey().defaultRandom(),
    competencyCode: text()
      .notNull()
      .references(() => competencies.code, { onDelete: "restrict" }),
    title: text().notNull(),
    description: text().notNull().default(""),
    level: trialLevel().notNull(),
    format: trialFormat().notNull(),
    regionCode: text().references(() => regions.code, { onDelete: "restrict" }),
    address: text(),
    link: text(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    durationMinutes: integer().notNull(),
    capacity: integer().notNull(),
    /** Held plus confirmed seats; the database keeps it within capacity. */
    seatsTaken: integer().notNull().default(0),
    minGrade: smallint().notNull(),
    maxGrade: smallint().notNull(),
    enrollDeadline: timestamp({ withTimezone: true }).notNull(),
    status: trialStatus().notNull().default("published"),
    createdById: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    check("trials_capacity_positive", sql`${t.capacity} > 0`),
    check("trials_seats_within_capacity", sql`${t.seatsTaken} >= 0 and ${t.seatsTaken} <= ${t.capacity}`),
    check("trials_grades", sql`${t.minGrade} between 6 and 11 and ${t.maxGrade} between ${t.minGrade} and 11`),
    check("trials_duration_positive", sql`${t.durationMinutes} > 0`),
    // The catalogue and the staff list, soonest first, a page at a time (keyset on starts_at, id).
    index("trials_starts_at_id_idx").on(t.startsAt, t.id),
  ],
);

export const trialMentors = pgTable(
  "trial_mentors",
  {
    trialId: uuid()
      .notNull()
      .references(() => trials.id, { onDelete: "cascade" }),
    mentorId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.trialId, t.mentorId] }), index("trial_mentors_mentor_idx").on(t.mentorId)],
);

/**
 * awaiting_approval and confirmed hold a seat; waitlisted waits for one;
 * the rest are final.
 */
export const enrollmentStatus = pgEnum("enrollment_status", [
  "awaiting_approval",
  "confirmed",
  "waitlisted",
  "declined",
  "expired",
  "cancelled",
  "trial_cancelled",
]);
export type EnrollmentStatus = (typeof enrollmentStatus.enumValues)[number];

export const attendanceMark = pgEnum("attendance_mark", ["present", "late", "absent"]);

export const enrollments = pgTable(
  "enrollments",
  {
    id: uuid().primaryKey().defaultRandom(),
    trialId: uuid()
      .notNull()
      .references(() => trials.id, { onDelete: "cascade" }),
    studentId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: enrollmentStatus().notNull(),
    /** When the student joined the waiting list; the list moves in this order. */
    waitlistedAt: timestamp({ withTimezone: true }),
    /** A held seat is released if no parent decides by then. */
    approvalDueAt: timestamp({ withTimezone: true }),
    /** Set when the parents were reminded that the approval deadline is near; a reminder goes once. */
    approvalRemindedAt: timestamp({ withTimezone: true }),
    decidedById: uuid().references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp({ withTimezone: true }),
    attendance: attendanceMark(),
    attendanceMarkedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    // One live enrollment per student and trial: a retry or a double click finds the first.
    uniqueIndex("enrollments_live_key").on(t.trialId, t.studentId).where(sql`${t.status} in ('awaiting_approval', 'confirmed', 'waitlisted')`),
    index("enrollments_student_idx").on(t.studentId),
    // The order the waiting list moves in (promotion, places in the queue).
    index("enrollments_waitlist_idx").on(t.trialId, t.waitlistedAt, t.createdAt, t.id).where(sql`${t.status} = 'waitlisted'`),
    index("enrollments_approval_due_idx").on(t.approvalDueAt).where(sql`${t.status} = 'awaiting_approval'`),
  ],
);

export const mentorFeedback = pgTable(
  "mentor_feedback",
  {
    enrollmentId: uuid()
      .primaryKey()
      .references(() => enrollments.id, { onDelete: "cascade" }),
    mentorId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** How the participant did, 1–5. */
    performance: smallint().notNull(),
    /** Interest shown, 1–5. */
    interest: smallint().notNull(),
    comment: text().notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [check("mentor_feedback_scales", sql`${t.performance} between 1 and 5 and ${t.interest} between 1 and 5`)],
);

export const trialRatings = pgTable(
  "trial_ratings",
  {
    enrollmentId: uuid()
      .primaryKey()
      .references(() => enrollments.id, { onDelete: "cascade" }),
    rating: smallint().notNull(),
    comment: text().notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [check("trial_ratings_scale", sql`${t.rating} between 1 and 5`)],
);

/** Staff invite mentors by email; only the token's hash is stored. */
export const mentorInvitations = pgTable("mentor_invitations", {
  id: uuid().primaryKey().defaultRandom(),
  email: text().notNull(),
  invitedById: uuid().references(() => users.id, { onDelete: "set null" }),
  tokenHash: text().notNull().unique(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  acceptedAt: timestamp({ withTimezone: true }),
  createdAt: createdAt(),
});
