import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { Lucia, TimeSpan, type Adapter } from "lucia";
import type { AuthMethod, Database, DbOrTx, UserRole } from "@bilet/db";
import { sessions, users } from "@bilet/db";
import { PreparedSessionAdapter } from "./session-adapter.ts";

export interface SessionUser {
  id: string;
  role: UserRole;
  /** Null for a child under 14 who signs in with a login. */
  email: string | null;
  login: string | null;
  firstName: string;
  lastName: string;
  middleName: string | null;
  activated: boolean;
  /** Signed in with a one-time password (a login sheet): nothing but choosing a new one is allowed. */
  mustChangePassword: boolean;
}

export interface ValidatedSession {
  user: SessionUser;
  sessionId: string;
  /** How this session was signed in: by password or through ESIA. */
  authMethod: AuthMethod;
  /** Set-Cookie value to send when the session was extended; null otherwise. */
  refreshedCookie: string | null;
}

/**
 * Sessions behind a small interface, so that lucia (in maintenance since v3)
 * can be replaced without touching callers.
 */
export interface SessionManager {
  readonly cookieName: string;
  /** Pass `tx` to create the session inside a caller's transaction. */
  create(userId: string, meta: { ip?: string | null; userAgent?: string | null; authMethod?: AuthMethod }, tx?: DbOrTx): Promise<{ sessionId: string; cookie: string }>;
  /** Validates the session named by a Cookie header; extends it when due. */
  validateCookie(cookieHeader: string | null | undefined): Promise<ValidatedSession | null>;
  validate(sessionId: string): Promise<ValidatedSession | null>;
  invalidate(sessionId: string): Promise<void>;
  invalidateAllForUser(userId: string): Promise<void>;
  blankCookie(): string;
  deleteExpired(): Promise<void>;
}

export interface SessionOptions {
  /** A session ends after this many days without use. */
  idleDays: number;
  secureCookie: boolean;
}

export function createSessionManager(db: Database, options: SessionOptions): SessionManager {
  // The hot path (every request's session lookup) runs on statements built once; a caller's transaction uses lucia's adapter.
  const luciaOn = (conn: DbOrTx, adapter: Adapter = new DrizzlePostgreSQLAdapter(conn as never, sessions as never, users as never)) => new Lucia(adapter, {
    sessionExpiresIn: new TimeSpan(Math.round(options.idleDays * 24 * 60), "m"),
    sessionCookie: {
      name: "bilet_session",
      expires: true,
      attributes: { secure: options.secureCookie, sameSite: "lax", path: "/" },
    },
    getSessionAttributes: (attributes) => ({ authMethod: (attributes as { authMethod: AuthMethod }).authMethod }),
    getUserAttributes: (attributes) => {
      const a = attributes as unknown as typeof users.$inferSelect;
      return {
        role: a.role,
        email: a.email,
        login: a.login,
        firstName: a.firstName,
        lastName: a.lastName,
        middleName: a.middleName,
        activated: a.activatedAt !== null,
        mustChangePassword: a.mustChangePassword,
      };
    },
  });
  const lucia = luciaOn(db, new PreparedSessionAdapter(db));

  async function validate(sessionId: string): Promise<ValidatedSession | null> {
    const { session, user } = await lucia.validateSession(sessionId);
    if (!session || !user) return null;
    const u = user as unknown as SessionUser;
    return {
      sessionId: session.id,
      authMethod: (session as unknown as { authMethod: AuthMethod }).authMethod,
      user: {
        id: u.id,
        role: u.role,
        email: u.email,
        login: u.login,
        firstName: u.firstName,
        lastName: u.lastName,
        middleName: u.middleName,
        activated: u.activated,
        mustChangePassword: u.mustChangePassword,
      },
      refreshedCookie: session.fresh ? lucia.createSessionCookie(session.id).serialize() : null,
    };
  }

  return {
    cookieName: lucia.sessionCookieName,
    async create(userId, meta, tx) {
      const session = await (tx ? luciaOn(tx) : lucia).createSession(userId, {
        ip: meta.ip ?? null,
        userAgent: meta.userAgent ?? null,
        authMethod: meta.authMethod ?? "password",
      } as never);
      return { sessionId: session.id, cookie: lucia.createSessionCookie(session.id).serialize() };
    },
    async validateCookie(cookieHeader) {
      const id = cookieHeader ? lucia.readSessionCookie(cookieHeader) : null;
      return id ? validate(id) : null;
    },
    validate,
    invalidate: (sessionId) => lucia.invalidateSession(sessionId),
    invalidateAllForUser: (userId) => lucia.invalidateUserSessions(userId),
    blankCookie: () => lucia.createBlankSessionCookie().serialize(),
    deleteExpired: () => lucia.deleteExpiredSessions(),
  };
}
