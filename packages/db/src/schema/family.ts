import { relations, sql } from "drizzle-orm";
import { index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./_columns.ts";
import { userRole, users } from "./accounts.ts";

/** A parent ↔ student link ("связка кабинетов"). A child may have two parents, a parent several children. */
export const familyLinks = pgTable(
  "family_links",
  {
    parentId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    studentId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    invitationId: uuid(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.parentId, t.studentId] }), index("family_links_student_idx").on(t.studentId)],
);

/** `expired` is not stored: a pending invitation past `expiresAt` is expired. */
export const invitationStatus = pgEnum("invitation_status", ["pending", "accepted", "revoked"]);

export const invitations = pgTable(
  "invitations",
  {
    id: uuid().primaryKey().defaultRandom(),
    inviterId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Null for a link the inviter copies and passes on (a messenger) instead of an email. */
    inviteeEmail: text(),
    /** The role the invited person must have: a student invites a parent, a parent a student. */
    inviteeRole: userRole().notNull(),
    tokenHash: text().notNull(),
    status: invitationStatus().notNull().default("pending"),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    sentCount: integer().notNull().default(1),
    lastSentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    acceptedById: uuid().references(() => users.id, { onDelete: "set null" }),
    acceptedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    /** Set when the inviter has been told that the invitation expired. */
    expiryNotifiedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("invitations_token_hash_key").on(t.tokenHash),
    // One open invitation per inviter and address; sending again re-sends it.
    uniqueIndex("invitations_open_key").on(t.inviterId, t.inviteeEmail).where(sql`${t.status} = 'pending'`),
    index("invitations_invitee_email_idx").on(t.inviteeEmail),
    // The invitations a person sent, last sent first, a page at a time (read backwards).
    index("invitations_inviter_sent_idx").on(t.inviterId, t.lastSentAt, t.id),
    index("invitations_expiry_idx").on(t.expiresAt).where(sql`${t.status} = 'pending' and ${t.expiryNotifiedAt} is null`),
    // retention: when an invitation stopped being usable (accepted, revoked or expired)
    index("invitations_closed_idx").on(sql`coalesce(${t.acceptedAt}, ${t.revokedAt}, ${t.expiresAt})`),
  ],
);

/** Immutable versions of the consent text; rows are synced from @bilet/content. */
export const consentDocuments = pgTable("consent_documents", {
  version: text().primaryKey(),
  title: text().notNull(),
  body: text().array().notNull(),
  createdAt: createdAt(),
});

export const consentMethod = pgEnum("consent_method", ["password", "esia"]);
export type ConsentMethod = (typeof consentMethod.enumValues)[number];

/** One row per consent given; withdrawal is recorded on the row, never deleted. */
export const consents = pgTable(
  "consents",
  {
    id: uuid().primaryKey().defaultRandom(),
    parentId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    studentId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    documentVersion: text()
      .notNull()
      .references(() => consentDocuments.version, { onDelete: "restrict" }),
    method: consentMethod().notNull(),
    givenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ip: text(),
    userAgent: text(),
    withdrawnAt: timestamp({ withTimezone: true }),
    withdrawnIp: text(),
    withdrawnUserAgent: text(),
  },
  (t) => [
    uniqueIndex("consents_active_key").on(t.parentId, t.studentId).where(sql`${t.withdrawnAt} is null`),
    index("consents_student_idx").on(t.studentId),
  ],
);

export const familyLinksRelations = relations(familyLinks, ({ one }) => ({
  parent: one(users, { fields: [familyLinks.parentId], references: [users.id], relationName: "parentLinks" }),
  student: one(users, { fields: [familyLinks.studentId], references: [users.id], relationName: "studentLinks" }),
}));
