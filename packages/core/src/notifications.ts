import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { notifications, notifySql, toNotificationDto, type DbOrTx } from "@bilet/db";
import { NOTIFICATIONS_CHANNEL, type NotificationDto, type NotificationSignal } from "@bilet/validators";

export interface NewNotification {
  type: string;
  title: string;
  body?: string;
  link?: string | null;
  data?: Record<string, unknown>;
}

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

/** The same notification for several people (a child's parents, a trial's participants) in one statement. */
export async function notifyUsers(tx: DbOrTx, userIds: string[], input: NewNotification): Promise<NotificationDto[]> {
  if (userIds.length === 0) return [];
  const rows = await tx.insert(notifications).values(noticeRows([...new Set(userIds)], input)).returning();
  return rows.map(toNotificationDto);
}

/** Rows for the notifications table; also handed to enroll_student, which stores them itself. */
export function noticeRows(userIds: string[], input: NewNotification) {
  return userIds.map((userId) => ({ userId, type: input.type, title: input.title, body: input.body ?? "", link: input.link ?? null, data: input.data ?? {} }));
}

export async function listNotifications(db: DbOrTx, userId: string, options: { limit: number; unreadOnly: boolean }) {
  const rows = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), options.unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(options.limit);
  return { items: rows.map(toNotificationDto), unreadCount: await unreadCount(db, userId) };
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
