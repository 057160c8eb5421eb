/** The live channel's contract, shared by the server (realtime, core) and the browser. */

/** PostgreSQL NOTIFY channel that carries stored notifications to every app instance. */
export const NOTIFICATIONS_CHANNEL = "bilet_notifications";

/**
 * PostgreSQL NOTIFY channel that ends the live sockets of ended sessions on every app instance.
 * Its payload is a `SessionsEndedSignal`.
 */
export const SESSIONS_ENDED_CHANNEL = "bilet_sessions_ended";

/** One session ended (logout), or, without `sessionId`, every session of the user (password reset). */
export interface SessionsEndedSignal {
  userId: string;
  sessionId?: string;
}

export interface NotificationDto {
  id: string;
  type: string;
  title: string;
  body: string;
  link: string | null;
  data: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}

/**
 * What travels through NOTIFY (one JSON string, well under PostgreSQL's 8000-byte limit):
 * either a newly stored notification, or a user's changed unread count.
 */
export type NotificationSignal =
  | { kind: "created"; userId: string; notification: NotificationDto; unreadCount: number }
  | { kind: "read"; userId: string; unreadCount: number };

export interface ServerToClientEvents {
  /** A notification was stored for this user. */
  "notification:created": (payload: { notification: NotificationDto; unreadCount: number }) => void;
  /** Read state changed elsewhere (another tab, another device). */
  "notification:countChanged": (payload: { unreadCount: number }) => void;
  /** Sent on every (re)connect: what the user may have missed while offline. */
  "notification:synced": (payload: { unreadCount: number; latest: NotificationDto[] }) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- clients only listen; they send nothing
export interface ClientToServerEvents {}

/** The only room a socket joins: its own user's. */
export const userRoom = (userId: string) => `user:${userId}`;
