import { relations, sql } from "drizzle-orm";
import { check, date, index, jsonb, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./_columns.ts";
import { regions } from "./reference.ts";

export const userRole = pgEnum("user_role", ["student", "parent", "mentor", "staff"]);
export type UserRole = (typeof userRole.enumValues)[number];

/** One row per person; the role never changes. Emails are stored lower-cased. */
export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    passwordHash: text(),
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
  (t) => [uniqueIndex("users_email_key").on(t.email), index("users_role_idx").on(t.role)],
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
  (t) => [index("sessions_user_id_idx").on(t.userId)],
);

export const emailTokenPurpose = pgEnum("email_token_purpose", ["activation", "password_reset"]);
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
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("email_tokens_token_hash_key").on(t.tokenHash),
    index("email_tokens_user_purpose_idx").on(t.userId, t.purpose).where(sql`${t.usedAt} is null`),
  ],
);

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
});

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
