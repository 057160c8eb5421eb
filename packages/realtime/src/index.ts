import type { Server as HttpServer } from "node:http";
import { and, count, desc, eq, isNull } from "drizzle-orm";
import { Server } from "socket.io";
import { isDatabaseUnavailable, notifications, toNotificationDto, type DatabaseHandle } from "@bilet/db";
import {
  NOTIFICATIONS_CHANNEL,
  SESSIONS_ENDED_CHANNEL,
  userRoom,
  type ClientToServerEvents,
  type NotificationDto,
  type NotificationSignal,
  type ServerToClientEvents,
  type SessionsEndedSignal,
} from "@bilet/validators";

export interface RealtimeOptions {
  handle: DatabaseHandle;
  /** Resolves the Cookie header of the handshake to a user and its session, or null (then the socket is refused). */
  authenticate(cookieHeader: string | undefined): Promise<{ id: string; sessionId: string } | null>;
  /** Whether a session is still valid; asked after LISTEN was lost, when signals of ended sessions may have been missed. */
  validateSession(sessionId: string): Promise<boolean>;
  /** The app's own origin; browsers from any other origin are refused. */
  origin?: string;
}

interface SocketData {
  userId: string;
  sessionId: string;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface Realtime {
  io: RealtimeServer;
  close(): Promise<void>;
}

const SYNC_SIZE = 20;

/**
 * The live channel: socket.io on the app's HTTP server. A socket is
 * authenticated by the session cookie and joins only its own user's room;
 * it receives what PostgreSQL NOTIFY reports after a commit, and on every
 * (re)connect a catch-up read from the notifications table. When LISTEN comes
 * back after its connection was lost, every connected socket gets that
 * catch-up again, since the signals sent meanwhile are gone. A socket lives
 * only as long as its session: a `bilet_sessions_ended` signal disconnects it.
 */
export async function attachRealtime(httpServer: HttpServer, options: RealtimeOptions): Promise<Realtime> {
  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    cors: options.origin ? { origin: options.origin, credentials: true } : undefined,
    // Closing the live channel must not close the HTTP server its owner manages.
    cleanupEmptyChildNamespaces: true,
  });

  io.use((socket, next) => {
    const origin = socket.handshake.headers.origin;
    // Browsers always send Origin; Node clients (tests, benchmarks) send none.
    if (origin && options.origin && origin !== options.origin && !sameHost(origin, socket.handshake.headers.host)) {
      next(new Error("forbidden origin"));
      return;
    }
    options
      .authenticate(socket.handshake.headers.cookie)
      .then((user) => {
        if (!user) return next(new Error("unauthorized"));
        socket.data.userId = user.id;
        socket.data.sessionId = user.sessionId;
        next();
      })
      // "unavailable" tells the client to try again later; a refusal would be for good.
      .catch((error: unknown) => next(new Error(isDatabaseUnavailable(error) ? "unavailable" : "unauthorized")));
  });

  io.on("connection", async (socket) => {
    const userId = socket.data.userId;
    await socket.join(userRoom(userId));
    try {
      socket.emit("notification:synced", await catchUp(options.handle, userId));
    } catch (error) {
      console.error("realtime: catch-up failed", error);
    }
  });

  let warned = false;
  const unlistenNotifications = await options.handle.listen(
    NOTIFICATIONS_CHANNEL,
    (payload) => {
      const signal = parseSignal(payload);
      if (!signal) {
        if (!warned) console.warn("realtime: ignoring a malformed notification signal");
        warned = true;
        return;
      }
      const room = io.to(userRoom(signal.userId));
      if (signal.kind === "created") room.emit("notification:created", { notification: signal.notification, unreadCount: signal.unreadCount });
      else room.emit("notification:countChanged", { unreadCount: signal.unreadCount });
    },
    () => {
      resync().catch((error: unknown) => console.error("realtime: catch-up after LISTEN came back failed", error));
    },
  );

  // Signals arrive in commit order on the one LISTEN connection, so a socket
  // is gone before any notification committed after its session ended.
  const unlistenSessions = await options.handle.listen(SESSIONS_ENDED_CHANNEL, (payload) => {
    const ended = parseSessionsEnded(payload);
    if (!ended) return;
    for (const socket of io.of("/").sockets.values()) {
      if (socket.data.userId === ended.userId && (ended.sessionId === undefined || socket.data.sessionId === ended.sessionId)) {
        socket.disconnect(true);
      }
    }
  });

  /** After LISTEN was lost: drop sockets whose session ended meanwhile, and send the rest what they missed. */
  async function resync() {
    const sockets = [...io.of("/").sockets.values()];
    const valid = await Promise.all(sockets.map((socket) => options.validateSession(socket.data.sessionId)));
    const users = new Set<string>();
    sockets.forEach((socket, i) => {
      if (!valid[i]) socket.disconnect(true);
      else if (socket.connected) users.add(socket.data.userId);
    });
    for (const userId of users) io.to(userRoom(userId)).emit("notification:synced", await catchUp(options.handle, userId));
  }

  return {
    io,
    async close() {
      await unlistenNotifications();
      await unlistenSessions();
      io.disconnectSockets(true);
      // io.close() would also close the HTTP server; shut the engine only.
      io.engine.close();
    },
  };
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return Boolean(host) && new URL(origin).host === host;
  } catch {
    return false;
  }
}

async function catchUp(handle: DatabaseHandle, userId: string): Promise<{ unreadCount: number; latest: NotificationDto[] }> {
  const [unread] = await handle.db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  const rows = await handle.db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(SYNC_SIZE);
  return {
    unreadCount: unread?.n ?? 0,
    latest: rows.map(toNotificationDto),
  };
}

function parseSignal(payload: string): NotificationSignal | null {
  try {
    const value = JSON.parse(payload) as Partial<NotificationSignal>;
    if (typeof value.userId !== "string" || typeof value.unreadCount !== "number") return null;
    if (value.kind === "created" && value.notification && typeof value.notification.id === "string") return value as NotificationSignal;
    if (value.kind === "read") return value as NotificationSignal;
    return null;
  } catch {
    return null;
  }
}

function parseSessionsEnded(payload: string): SessionsEndedSignal | null {
  try {
    const value = JSON.parse(payload) as Partial<SessionsEndedSignal>;
    if (typeof value.userId !== "string") return null;
    if (value.sessionId !== undefined && typeof value.sessionId !== "string") return null;
    return { userId: value.userId, sessionId: value.sessionId };
  } catch {
    return null;
  }
}
