import { data } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { DATABASE_UNAVAILABLE_MESSAGE } from "@bilet/db";

/**
 * The tRPC caller as pages use it: a procedure that finds the database
 * unavailable (SERVICE_UNAVAILABLE) becomes a thrown 503 response, so a page
 * shows «Сервис временно недоступен» instead of a 500, in loaders and actions
 * alike; every other error is left as it is.
 */
export function unavailableAs503<T extends object>(caller: T): T {
  return wrap(caller) as T;
}

function wrap(target: object): unknown {
  return new Proxy(target, {
    get(object, key, receiver) {
      const value: unknown = Reflect.get(object, key, receiver);
      return typeof value === "function" || (typeof value === "object" && value !== null) ? wrap(value) : value;
    },
    apply(fn, thisArg, args) {
      const result: unknown = Reflect.apply(fn as (...a: unknown[]) => unknown, thisArg, args);
      return result instanceof Promise ? result.catch(asPageError) : result;
    },
  });
}

function asPageError(error: unknown): never {
  if (error instanceof TRPCError && error.code === "SERVICE_UNAVAILABLE") {
    throw data(DATABASE_UNAVAILABLE_MESSAGE, { status: 503, headers: { "Retry-After": "60" } });
  }
  throw error;
}
