import type { ErrorRequestHandler, RequestHandler } from "express";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable, pingDatabase, type DatabaseHandle } from "@bilet/db";

/** A load balancer takes an instance out when its database does not answer this fast. */
const HEALTH_TIMEOUT_MS = 2_000;
/** What a client should wait before trying again, in seconds. */
const RETRY_AFTER_SECONDS = 60;

/**
 * `GET /health` for load balancers: 200 only when `select 1` answers within
 * two seconds, 503 otherwise. The body says which part is down.
 */
export function healthCheck(handle: DatabaseHandle): RequestHandler {
  return (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("the database did not answer in time")), HEALTH_TIMEOUT_MS);
    });
    Promise.race([pingDatabase(handle.db), late])
      .then(
        () => ({ code: 200, body: { status: "ok", database: "ok" } }),
        () => ({ code: 503, body: { status: "unavailable", database: "down" } }),
      )
      .then(({ code, body }) => {
        clearTimeout(timer);
        res.status(code).set("Cache-Control", "no-store").json(body);
      });
  };
}

/**
 * The last Express error handler for pages: a database that cannot answer is
 * a 503 with a Russian page, so a person knows to wait and a proxy may retry;
 * every other error goes on to Express's own 500.
 */
export function databaseUnavailablePages(): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (!isDatabaseUnavailable(error) || res.headersSent) return next(error);
    console.error("database unavailable:", error instanceof Error ? error.message : error);
    res
      .status(503)
      .set("Retry-After", String(RETRY_AFTER_SECONDS))
      .type("html")
      .send(
        `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
          `<title>Сервис временно недоступен</title></head><body><h1>Сервис временно недоступен</h1><p>${DATABASE_UNAVAILABLE_MESSAGE}</p></body></html>`,
      );
  };
}
