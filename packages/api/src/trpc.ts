import { initTRPC, TRPCError } from "@trpc/server";
import type { SessionUser } from "@bilet/auth";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable, type AuthMethod } from "@bilet/db";
import { AppError, type AppErrorCode, type CoreDeps, type RequestMeta } from "@bilet/core";
import { fieldErrors, INVALID_INPUT_MESSAGE, normalizeTextInput, TextInputError } from "@bilet/validators";
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
}

export interface CreateContextOptions {
  deps: CoreDeps;
  cookieHeader: string | null | undefined;
  meta: RequestMeta;
  setCookie(cookie: string): void;
}

/** Resolves the session cookie once per request; the same context serves HTTP calls and Remix loaders. */
export async function createContext(options: CreateContextOptions): Promise<ApiContext> {
  const session = await options.deps.sessions.validateCookie(options.cookieHeader).catch((error: unknown) => {
    throw unavailableOr(error);
  });
  if (session?.refreshedCookie) options.setCookie(session.refreshedCookie);
  return {
    deps: options.deps,
    user: session?.user ?? null,
    sessionId: session?.sessionId ?? null,
    authMethod: session?.authMethod ?? "password",
    meta: options.meta,
    setCookie: options.setCookie,
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


/** Messages for errors raised by tRPC itself (a broken JSON body, an unknown path), by their code. */
const RUSSIAN_MESSAGE_OF: Partial<Record<TRPCError["code"], string>> = {
  PARSE_ERROR: "Запрос повреждён: обновите страницу и попробуйте ещё раз",
  BAD_REQUEST: "Запрос не понят: обновите страницу и попробуйте ещё раз",
  NOT_FOUND: "Такой страницы или действия нет",
  METHOD_NOT_SUPPORTED: "Такой запрос не поддерживается",
  PAYLOAD_TOO_LARGE: "Слишком большой запрос",
  UNSUPPORTED_MEDIA_TYPE: "Такой формат запроса не поддерживается",
  TOO_MANY_REQUESTS: "Слишком много запросов. Попробуйте чуть позже.",
  UNAUTHORIZED: "Войдите в учётную запись, чтобы продолжить",
  FORBIDDEN: "Нет доступа",
  TIMEOUT: "Сервер не дождался запроса. Попробуйте ещё раз.",
};

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
    // The routers' own messages are Russian; what tRPC or a parser says by itself is not.
    if (!/[а-яё]/i.test(shape.message)) {
      return { ...shape, message: RUSSIAN_MESSAGE_OF[shape.data.code] ?? "Запрос не выполнен. Обновите страницу и попробуйте ещё раз.", data: { ...shape.data, stack: undefined } };
    }
    return { ...shape, data: { ...shape.data, stack: undefined } };
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
  if (!result.ok && isDatabaseUnavailable(result.error)) throw unavailableOr(result.error);
  return result;
});

/** A database that cannot answer is a 503 with a Russian message, not a 500; any other error is kept. */
function unavailableOr(error: unknown): unknown {
  if (!isDatabaseUnavailable(error)) return error;
  return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE, cause: error });
}

/** Every string of every input in NFC, and no control characters or broken Unicode (see text-input.ts in validators). */
const normalizeInput = t.middleware(({ getRawInput, next }) =>
  next({
    getRawInput: async () => {
      try {
        return normalizeTextInput(await getRawInput());
      } catch (error) {
        if (!(error instanceof TextInputError)) throw error;
        throw new AppError("BAD_REQUEST", error.message, { fieldErrors: error.field ? { [error.field]: error.message } : {} });
      }
    },
  }),
);

export const publicProcedure = t.procedure.use(mapDomainErrors).use(normalizeInput);

/** What a person who signed in with a one-time password may do before choosing a new one. */
const BEFORE_PASSWORD_CHANGE = new Set(["auth.changePassword", "auth.logout", "auth.me"]);

export const authedProcedure = publicProcedure.use(({ ctx, path, next }) => {
  if (!ctx.user || !ctx.sessionId) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Войдите в учётную запись, чтобы продолжить" });
  }
  const user = ctx.user;
  if (user.mustChangePassword && !BEFORE_PASSWORD_CHANGE.has(path)) {
    throw new TRPCError({ code: "FORBIDDEN", message: user.role === "student" ? "Сначала придумай свой пароль вместо временного" : "Сначала придумайте свой пароль вместо временного" });
  }
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
