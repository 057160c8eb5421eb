import { and, count, eq, inArray, isNull } from "drizzle-orm";
import { keyset, notifications, notifySql, toNotificationDto, type DbOrTx } from "@bilet/db";
import { NOTIFICATIONS_CHANNEL, type NotificationDto, type NotificationSignal } from "@bilet/validators";
import { noticeRecipients, storeDeliveries } from "./notifications/delivery.ts";
import { kindOfNotice } from "./notifications/kinds.ts";
import type { NewNotification } from "./notifications/types.ts";

export type { NewNotification };

async function unreadCount(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

async function signal(tx: DbOrTx, payload: NotificationSignal): Promise<void> {
  await tx.execute(notifySql(NOTIFICATIONS_CHANNEL, JSON.stringify(payload)));
}

/**
 * Stores a notification. Call it inside the transaction of the change it
 * reports: both commit together or not at all. The database signals the live
 * channel for every stored row (trigger notifications_signal, migration 0003).
 */
export async function notifyUser(tx: DbOrTx, userId: string, input: NewNotification): Promise<NotificationDto> {
  const [notification] = await notifyUsers(tx, [userId], input);
  return notification!;
}

/**
 * The same notification for several people (a child's parents, a trial's
 * participants) in one statement. In the same transaction it stores how each
 * person gets it beyond the cabinet, by their preferences and the type's class
 * (notifications/kinds.ts): a decision's letter into the outbox at once, other
 * letters as deliveries for the next digest, push as deliveries due now.
 */
export async function notifyUsers(tx: DbOrTx, userIds: string[], input: NewNotification, options: { origin?: string } = {}): Promise<NotificationDto[]> {
  if (userIds.length === 0) return [];
  const people = [...new Set(userIds)];
  // The recipients' choices are read in the same round trip as the insert (postgres.js pipelines both).
  const [rows, recipients] = await Promise.all([
    tx.insert(notifications).values(noticeRows(people, input)).returning(),
    noticeRecipients(tx, people, kindOfNotice(input.type, input.data ?? {})),
  ]);
  await storeDeliveries(tx, rows, input, options.origin, recipients);
  return rows.map(toNotificationDto);
}

/** Rows for the notifications table (enroll_student gets them with their delivery: notifications/delivery.ts). */
export function noticeRows(userIds: string[], input: NewNotification) {
  return userIds.map((userId) => ({ userId, type: input.type, title: input.title, body: input.body ?? "", link: input.link ?? null, data: input.data ?? {} }));
}

/** A person's notifications, newest first, a page at a time (`nextCursor` leads to older ones). */
export async function listNotifications(db: DbOrTx, userId: string, options: { limit: number; unreadOnly: boolean; cursor?: string }) {
  const keys = keyset([{ by: notifications.createdAt, desc: true }, { by: notifications.id, desc: true }], options);
  const rows = await db
    .select({ notification: notifications, cursor: keys.cursor })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), options.unreadOnly ? isNull(notifications.readAt) : undefined, keys.after))
    .orderBy(...keys.orderBy)
    .limit(keys.take);
  return { ...keys.page(rows, (r) => toNotificationDto(r.notification)), unreadCount: await unreadCount(db, userId) };
}

/** Marks the user's own notifications read; ids of other users' notifications change nothing. */
export async function markNotificationsRead(db: DbOrTx, userId: string, ids: string[] | "all"): Promise<{ unreadCount: number }> {
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(notifications)
      .set({ readAt: new Date() })
      .where(
        and(eq(notifications.userId, userId), isNull(notifications.readAt), ids === "all" ? undefined : inArray(notifications.id, ids)),
      )
      .returning({ id: notifications.id });
    const unread = await unreadCount(tx, userId);
    if (changed.length > 0) await signal(tx, { kind: "read", userId, unreadCount: unread });
    return { unreadCount: unread };
  });
}
