import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { eq, sql } from "drizzle-orm";
import type { Adapter, DatabaseSession, DatabaseUser } from "lucia";
import { sessions, users, type Database } from "@bilet/db";

/**
 * lucia's storage over statements built once: every request with a session
 * cookie looks its session up, so the lookup (and the sliding extension) are
 * drizzle prepared queries instead of SQL text rebuilt per request. The lookup
 * reads only the columns the session manager uses. Nothing is cached: each
 * call reads the database, so a deleted session (logout, password change) ends
 * at once. The rarely used calls go to lucia's own drizzle adapter.
 */
export class PreparedSessionAdapter implements Adapter {
  private readonly plain: DrizzlePostgreSQLAdapter;
  private readonly lookup;
  private readonly extend;
  private readonly remove;

  constructor(db: Database) {
    this.plain = new DrizzlePostgreSQLAdapter(db as never, sessions as never, users as never);
    this.lookup = db
      .select({
        id: sessions.id,
        userId: sessions.userId,
        expiresAt: sessions.expiresAt,
        authMethod: sessions.authMethod,
        role: users.role,
        email: users.email,
        login: users.login,
        firstName: users.firstName,
        lastName: users.lastName,
        middleName: users.middleName,
        activatedAt: users.activatedAt,
        mustChangePassword: users.mustChangePassword,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, sql.placeholder("sessionId")))
      .prepare("session_and_user");
    this.extend = db
      .update(sessions)
      .set({ expiresAt: sql`${sql.placeholder("expiresAt")}` }) // an ISO string, as drizzle writes a timestamp
      .where(eq(sessions.id, sql.placeholder("sessionId")))
      .prepare("session_extend");
    this.remove = db.delete(sessions).where(eq(sessions.id, sql.placeholder("sessionId"))).prepare("session_delete");
  }

  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const rows = await this.lookup.execute({ sessionId });
    if (rows.length !== 1) return [null, null];
    const { id, userId, expiresAt, authMethod, ...user } = rows[0]!;
    return [
      { id, userId, expiresAt, attributes: { authMethod } as never },
      { id: userId, attributes: user as never },
    ];
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await this.extend.execute({ sessionId, expiresAt: expiresAt.toISOString() });
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.remove.execute({ sessionId });
  }

  getUserSessions(userId: string): Promise<DatabaseSession[]> {
    return this.plain.getUserSessions(userId);
  }

  setSession(session: DatabaseSession): Promise<void> {
    return this.plain.setSession(session);
  }

  deleteUserSessions(userId: string): Promise<void> {
    return this.plain.deleteUserSessions(userId);
  }

  deleteExpiredSessions(): Promise<void> {
    return this.plain.deleteExpiredSessions();
  }
}
