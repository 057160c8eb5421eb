import { createHash } from "node:crypto";
import Bowser from "bowser";
import { and, desc, eq, gt, ne, sql } from "drizzle-orm";
import { notifySql, sessions, type AuthMethod, type DbOrTx } from "@bilet/db";
import { SESSIONS_ENDED_CHANNEL, formatDateTime, type SessionsEndedSignal } from "@bilet/validators";
import { audit } from "./audit.ts";
import type { Actor, CoreDeps, RequestMeta } from "./deps.ts";
import { AppError } from "./errors.ts";

/**
 * A person's sessions (signed-in devices): the list, ending one, ending the
 * others, ending all. Every way a session ends — logout, a password reset,
 * these — also ends its live sockets through `endLiveSessions`.
 */

/**
 * Ends the live sockets of a session, or of every session of a user, on every app instance
 * (realtime LISTENs on the channel). Inside a transaction it is sent only if that commits.
 */
export function endLiveSessions(db: DbOrTx, ended: SessionsEndedSignal) {
  return db.execute(notifySql(SESSIONS_ENDED_CHANNEL, JSON.stringify(ended)));
}

const BROWSER_NAMES: Record<string, string> = { "Yandex Browser": "Яндекс Браузер", "Microsoft Edge": "Edge" };

/** «Chrome, Windows», «Safari, iOS»: the browser and the system a User-Agent names. */
export function describeDevice(userAgent: string | null | undefined): string {
  if (!userAgent) return "Неизвестное устройство";
  const parsed = Bowser.parse(userAgent);
  const browser = parsed.browser.name ? (BROWSER_NAMES[parsed.browser.name] ?? parsed.browser.name) : "";
  const os = parsed.os.name ?? "";
  if (!browser && !os) return "Неизвестное устройство";
  return [browser || "Браузер", os].filter(Boolean).join(", ");
}

/**
 * What the list calls a session. The session id is the cookie's secret, so
 * pages never see it: they see a hash of it, which names it for «Завершить».
 */
export function sessionHandle(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex").slice(0, 32);
}

export interface SessionView {
  handle: string;
  /** «Chrome, Windows». */
  device: string;
  /** When the person signed in (ISO) and the same as people read it, with the zone. */
  signedInAt: string;
  signedInAtText: string;
  /** The IP address the sign-in came from: the place the list shows. */
  ip: string | null;
  authMethod: AuthMethod;
  /** The session of the browser asking: «этот сеанс». */
  current: boolean;
}

async function activeSessions(db: DbOrTx, userId: string) {
  return db
    .select({ id: sessions.id, createdAt: sessions.createdAt, ip: sessions.ip, userAgent: sessions.userAgent, authMethod: sessions.authMethod })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, sql`now()`)))
    .orderBy(desc(sessions.createdAt));
}

/** The person's active sessions, this one first, then the newest. */
export async function listSessions(db: DbOrTx, userId: string, currentSessionId: string | null): Promise<SessionView[]> {
  const rows = await activeSessions(db, userId);
  return rows
    .map((r) => ({
      handle: sessionHandle(r.id),
      device: describeDevice(r.userAgent),
      signedInAt: r.createdAt.toISOString(),
      signedInAtText: formatDateTime(r.createdAt),
      // An IPv4 client of a dual-stack server shows as ::ffff:a.b.c.d.
      ip: r.ip?.replace(/^::ffff:(?=\d+\.)/, "") ?? null,
      authMethod: r.authMethod,
      current: r.id === currentSessionId,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/**
 * Ends one of the person's own sessions, named by its handle; a handle of
 * someone else's session is not found. Says whether it was the asking one.
 */
export async function endSession(deps: CoreDeps, actor: Actor, handle: string, currentSessionId: string | null, meta: RequestMeta): Promise<{ current: boolean }> {
  return deps.db.transaction(async (tx) => {
    const target = (await activeSessions(tx, actor.id)).find((s) => sessionHandle(s.id) === handle);
    if (!target) throw new AppError("NOT_FOUND", "Этот сеанс уже завершён");
    await tx.delete(sessions).where(and(eq(sessions.id, target.id), eq(sessions.userId, actor.id)));
    await endLiveSessions(tx, { userId: actor.id, sessionId: target.id });
    await audit(tx, { actorUserId: actor.id, action: "account.session_ended", subjectType: "user", subjectId: actor.id, ip: meta.ip, data: { device: describeDevice(target.userAgent) } });
    return { current: target.id === currentSessionId };
  });
}

/** «Завершить сеансы на других устройствах»: every session of the person but the asking one. */
export async function endOtherSessions(deps: CoreDeps, actor: Actor, currentSessionId: string, meta: RequestMeta): Promise<{ ended: number }> {
  return deps.db.transaction(async (tx) => {
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, actor.id), ne(sessions.id, currentSessionId)))
      .returning({ id: sessions.id });
    for (const s of ended) await endLiveSessions(tx, { userId: actor.id, sessionId: s.id });
    if (ended.length > 0) {
      await audit(tx, { actorUserId: actor.id, action: "account.other_sessions_ended", subjectType: "user", subjectId: actor.id, ip: meta.ip, data: { ended: ended.length } });
    }
    return { ended: ended.length };
  });
}

/** «Выйти на всех устройствах»: every session of the person, this one included, and their live sockets. */
export async function endAllSessions(deps: CoreDeps, actor: Actor, meta: RequestMeta): Promise<{ cookie: string; ended: number }> {
  const ended = await deps.db.transaction(async (tx) => {
    const rows = await tx.delete(sessions).where(eq(sessions.userId, actor.id)).returning({ id: sessions.id });
    await endLiveSessions(tx, { userId: actor.id });
    await audit(tx, { actorUserId: actor.id, action: "account.all_sessions_ended", subjectType: "user", subjectId: actor.id, ip: meta.ip, data: { ended: rows.length } });
    return rows.length;
  });
  return { cookie: deps.sessions.blankCookie(), ended };
}
