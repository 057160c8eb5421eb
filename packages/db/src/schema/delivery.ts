import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./_columns.ts";
import { users } from "./accounts.ts";
import { notifications } from "./notifications.ts";

/**
 * A person's choice of channels for one kind of notice. No row means the
 * kind's defaults (the classification in @bilet/core). The cabinet always
 * shows every notice; these say whether it also goes by email and push.
 */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    email: boolean().notNull(),
    push: boolean().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** A browser's Web Push subscription, one per device; removed when the push service answers 404/410. */
export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    endpoint: text().notNull().unique(),
    p256dh: text().notNull(),
    auth: text().notNull(),
    userAgent: text(),
    lastSentAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("push_subscriptions_user_idx").on(t.userId)],
);

export const deliveryChannel = pgEnum("delivery_channel", ["email", "push"]);
export type DeliveryChannel = (typeof deliveryChannel.enumValues)[number];

/**
 * A notice still to go out by email or push, stored in the transaction of the
 * notification. Email deliveries due together for one person go as one letter
 * (a digest); `dueAt` is later than `createdAt` for kinds that wait for more.
 */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: uuid().primaryKey().defaultRandom(),
    notificationId: uuid()
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    channel: deliveryChannel().notNull(),
    dueAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    attempts: integer().notNull().default(0),
    lastError: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index("notification_deliveries_due_idx").on(t.channel, t.dueAt).where(sql`${t.sentAt} is null`),
    index("notification_deliveries_user_idx").on(t.userId).where(sql`${t.sentAt} is null`),
    index("notification_deliveries_notification_idx").on(t.notificationId),
  ],
);

/** Values the platform makes once and keeps (development VAPID keys, the unsubscribe signing key). */
export const appSettings = pgTable("app_settings", {
  key: text().primaryKey(),
  value: jsonb().$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
});
