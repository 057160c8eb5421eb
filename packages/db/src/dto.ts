import type { NotificationDto } from "@bilet/validators";
import type { notifications } from "./schema/notifications.ts";

/** A stored notification as it travels to the browser (API, socket, NOTIFY payload). */
export function toNotificationDto(row: typeof notifications.$inferSelect): NotificationDto {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    body: row.body,
    link: row.link,
    data: row.data,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
