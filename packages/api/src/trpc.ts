import { initTRPC, TRPCError } from "@trpc/server";
import type { SessionUser } from "@bilet/auth";
import type { AuthMethod } from "@bilet/db";
import { AppError, type AppErrorCode, type CoreDeps, type RequestMeta } from "@bilet/core";
import { fieldErrors } from "@bilet/validators";
import { ZodError } from "zod";

export interface ApiContext {
  deps: CoreDeps;
  user: SessionUser | null;
  sessionId: string | null;
  /** How the current session signed in; consent records carry it. */
  authMethod: AuthMethod;
  meta: RequestMeta;
  /** Adds a Set-Cookie header to the response of the current request. */
  setCookie(cookie: string): void;
  /** The dev mailbox exists only while no SMTP server is configured. */
  mailboxEnabled: boolean;
}

export interface CreateContextOptions {
  deps: CoreDeps;
  cookieHeader: string | null | undefined;
  meta: RequestMeta;
  setCookie(cookie: string): void;
  mailboxEnabled: boolean;
}

/** Resolves the session cookie once per request; the same context serves HTTP calls and Remix loaders. */
export async function createContext(options: CreateContextOptions): Promise<ApiContext> {
  const session = await options.deps.sessions.validateCookie(options.cookieHeader);
  if (session?.refreshedCookie) options.setCookie(session.refreshedCookie);
  return {
    deps: options.deps,
    user: session?.user ?? null,
    sessionId: session?.sessionId ?? null,
    authMethod: session?.authMethod ?? "password",
    meta: options.meta,
    setCookie: options.setCookie,
    mailboxEnabled: options.mailboxEnabled,
  };
}

const STATUS_OF: Record<AppErrorCode, TRPCError["code"]> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  INVALID_CREDENTIALS: "UNAUTHORIZED",
  NOT_ACTIVATED: "FORBIDDEN",
  TOKEN_INVALID: "BAD_REQUEST",
  TOKEN_EXPIRED: "BAD_REQUEST",
  TOKEN_USED: "BAD_REQUEST",
};

export const INVALID_INPUT_MESSAGE = "Проверьте правильность заполнения формы";

const t = initTRPC.context<ApiContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    if (cause instanceof ZodError) {
      return { ...shape, message: INVALID_INPUT_MESSAGE, data: { ...shape.data, appCode: "BAD_REQUEST", fieldErrors: fieldErrors(cause) } };
    }
    if (cause instanceof AppError) {
      return { ...shape, data: { ...shape.data, appCode: cause.code, fieldErrors: cause.details.fieldErrors ?? {}, retryAfterSeconds: cause.details.retryAfterSeconds } };
    }
    if (shape.data.code === "INTERNAL_SERVER_ERROR") {
      // Never leak internals to the browser.
      return { ...shape, message: "Что-то пошло не так. Попробуйте ещё раз чуть позже.", data: { ...shape.data, stack: undefined } };
    }
    return shape;
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Domain errors become typed tRPC errors with the domain's Russian message. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: STATUS_OF[cause.code], message: cause.message, cause });
  }
  return result;
});

export const publicProcedure = t.procedure.use(mapDomainErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user || !ctx.sessionId) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Войдите в учётную запись, чтобы продолжить" });
  }
  const user = ctx.user;
  return next({ ctx: { ...ctx, user, sessionId: ctx.sessionId, actor: { id: user.id, role: user.role, email: user.email } } });
});

/** A procedure only the given roles may call; everyone else gets FORBIDDEN. */
export function roleProcedure(...roles: SessionUser["role"][]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Этот раздел недоступен для вашей роли" });
    }
    return next();
  });
}

export const studentProcedure = roleProcedure("student");
export const parentProcedure = roleProcedure("parent");
export const mentorProcedure = roleProcedure("mentor");
export const staffProcedure = roleProcedure("staff");
