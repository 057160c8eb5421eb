import { relations, sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { createdAt } from "./_columns.ts";
import { regions } from "./reference.ts";

export const userRole = pgEnum("user_role", ["student", "parent", "mentor", "staff"]);
export type UserRole = (typeof userRole.enumValues)[number];

/**
 * One row per person; the role never changes. Emails and logins are stored
 * lower-cased. A child under 14 whom a parent created has a login and no
 * email until the child attaches one; an erased account keeps neither.
 */
export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text(),
    /** Short readable sign-in name of an account a parent created for a child under 14. */
    login: text(),
    passwordHash: text(),
    /** Set on a one-time password (a login sheet): the next sign-in must choose a new one. */
    mustChangePassword: boolean().notNull().default(false),
    /** The parent who created this account (a child under 14); null for everyone who registered. */
    createdById: uuid().references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    /** Set when the person's data was erased after a deletion request; the row stays for consents and audit. */
    erasedAt: timestamp({ withTimezone: true }),
    role: userRole().notNull(),
    lastName: text().notNull(),
    firstName: text().notNull(),
    middleName: text(),
    /** Null until the person follows the activation link. */
    activatedAt: timestamp({ withTimezone: true }),
    /** Set when the identity was confirmed by ESIA (Госуслуги). */
    identityVerifiedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(t.email),
    uniqueIndex("users_login_key").on(t.login),
    index("users_role_idx").on(t.role),
    // The staff's mentor picker: mentors alphabetically (a few thousand among a million users).
    index("users_mentors_idx").on(t.lastName, t.firstName, t.id).where(sql`${t.role} = 'mentor'`),
    index("users_created_by_idx").on(t.createdById).where(sql`${t.createdById} is not null`),
    check("users_sign_in_check", sql`${t.email} is not null or ${t.login} is not null or ${t.erasedAt} is not null`),
  ],
);

export const studentProfiles = pgTable("student_profiles", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  birthDate: date({ mode: "string" }).notNull(),
  grade: smallint().notNull(),
  regionCode: text()
    .notNull()
    .references(() => regions.code, { onDelete: "restrict" }),
  school: text().notNull(),
  /** Set by the yearly move-up when an 11th-grader finishes school; the grade stays 11. */
  graduatedAt: timestamp({ withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [check("student_profiles_grade_check", sql`${t.grade} between 6 and 11`)]);

export const parentProfiles = pgTable("parent_profiles", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  regionCode: text()
    .notNull()
    .references(() => regions.code, { onDelete: "restrict" }),
  createdAt: createdAt(),
});

export const authMethod = pgEnum("auth_method", ["password", "esia"]);
export type AuthMethod = (typeof authMethod.enumValues)[number];

/** Lucia sessions; `expiresAt` slides forward while the session is used. */
export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    /** How the person signed in; consent records carry it. */
    authMethod: authMethod().notNull().default("password"),
    ip: text(),
    userAgent: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index("sessions_user_id_idx").on(t.userId),
    // retention: expired sessions
    index("sessions_expires_idx").on(t.expiresAt),
  ],
);

export const emailTokenPurpose = pgEnum("email_token_purpose", ["activation", "password_reset", "email_change"]);
export type EmailTokenPurpose = (typeof emailTokenPurpose.enumValues)[number];

/** One-time links sent by email. Only the SHA-256 of the token is stored. */
export const emailTokens = pgTable(
  "email_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: emailTokenPurpose().notNull(),
    /** For `email_change`: the address that becomes the account's once the link is followed. */
    newEmail: text(),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("email_tokens_token_hash_key").on(t.tokenHash),
    index("email_tokens_user_purpose_idx").on(t.userId, t.purpose).where(sql`${t.usedAt} is null`),
    // retention: used and expired links
    index("email_tokens_expires_idx").on(t.expiresAt),
  ],
);

export const deletionStatus = pgEnum("deletion_status", ["pending", "cancelled", "completed"]);
export type DeletionStatus = (typeof deletionStatus.enumValues)[number];

/**
 * A request to erase a person's data (152-ФЗ): made by the person (an adult)
 * or by a linked parent for a child; takes effect at `effectiveAt` unless
 * cancelled first.
 */
export const dataDeletions = pgTable(
  "data_deletions",
  {
    id: uuid().primaryKey().defaultRandom(),
    subjectId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    requestedById: uuid().references(() => users.id, { onDelete: "set null" }),
    status: deletionStatus().notNull().default("pending"),
    effectiveAt: timestamp({ withTimezone: true }).notNull(),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelledById: uuid().references(() => users.id, { onDelete: "set null" }),
    completedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("data_deletions_pending_key").on(t.subjectId).where(sql`${t.status} = 'pending'`),
    index("data_deletions_due_idx").on(t.effectiveAt).where(sql`${t.status} = 'pending'`),
  ],
);

/** One row per school year whose move-up has run, so it runs once whatever the number of workers. */
export const schoolYearTransitions = pgTable("school_year_transitions", {
  year: integer().primaryKey(),
  movedUp: integer().notNull(),
  graduated: integer().notNull(),
  ranAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Accounts at external identity providers (ESIA) attached to a user. */
export const userIdentities = pgTable(
  "user_identities",
  {
    provider: text().notNull(),
    subject: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.subject] }), uniqueIndex("user_identities_user_provider_key").on(t.userId, t.provider)],
);

/**
 * An OpenID Connect login in progress: created when the browser is sent to the
 * provider, spent when it comes back. `identity` holds a verified sign-up that
 * still needs the person's region.
 */
export const oidcLogins = pgTable("oidc_logins", {
  id: uuid().primaryKey().defaultRandom(),
  provider: text().notNull(),
  state: text().notNull().unique(),
  nonce: text().notNull(),
  codeVerifier: text().notNull(),
  /** Set when a signed-in user attaches the provider to their account. */
  userId: uuid().references(() => users.id, { onDelete: "cascade" }),
  redirectTo: text(),
  identity: jsonb().$type<Record<string, unknown>>(),
  completionTokenHash: text().unique(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  createdAt: createdAt(),
}, (t) => [
  // retention: expired logins
  index("oidc_logins_expires_idx").on(t.expiresAt),
]);

export const usersRelations = relations(users, ({ one, many }) => ({
  studentProfile: one(studentProfiles, { fields: [users.id], references: [studentProfiles.userId] }),
  parentProfile: one(parentProfiles, { fields: [users.id], references: [parentProfiles.userId] }),
  sessions: many(sessions),
}));

export const studentProfilesRelations = relations(studentProfiles, ({ one }) => ({
  user: one(users, { fields: [studentProfiles.userId], references: [users.id] }),
  region: one(regions, { fields: [studentProfiles.regionCode], references: [regions.code] }),
}));

export const parentProfilesRelations = relations(parentProfiles, ({ one }) => ({
  user: one(users, { fields: [parentProfiles.userId], references: [users.id] }),
  region: one(regions, { fields: [parentProfiles.regionCode], references: [regions.code] }),
}));
