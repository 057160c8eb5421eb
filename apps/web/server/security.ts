import type { NextFunction, Request, Response } from "express";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Mutations are accepted only from the app's own origin. Browsers send Origin
 * (and Sec-Fetch-Site) with every POST; clients that send neither are not
 * browsers and cannot carry a victim's cookies across sites.
 */
export function sameOriginOnly(appOrigin: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE.has(req.method)) return next();
    const origin = req.get("origin");
    const ownHost = `${req.protocol}://${req.get("host")}`;
    const crossSite = req.get("sec-fetch-site") === "cross-site";
    if (crossSite || (origin && origin !== appOrigin && origin !== ownHost)) {
      res.status(403).type("text/plain; charset=utf-8").send("Запрос отклонён: он отправлен с другого сайта.");
      return;
    }
    next();
  };
}

/** The largest form or API request the platform needs; larger ones are refused before they are read. */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Request bodies are limited by their declared length, before anything reads
 * them: Node's HTTP parser delivers no more than Content-Length, so a request
 * that declares a small body cannot send a large one. Browsers declare the
 * length of every form and fetch body; a body without a length (chunked) is
 * refused, since nothing here needs one.
 */
export function limitRequestBodies(maxBytes = MAX_BODY_BYTES) {
  return (req: Request, res: Response, next: NextFunction) => {
    const declared = req.get("content-length");
    const chunked = req.get("transfer-encoding") !== undefined;
    if (declared === undefined && !chunked) return next();
    const length = declared === undefined ? Number.NaN : Number(declared);
    if (Number.isFinite(length) && length <= maxBytes) return next();
    const status = Number.isFinite(length) ? 413 : 411;
    const message =
      status === 413
        ? `Слишком большой запрос: не больше ${Math.round(maxBytes / 1024)} КБ.`
        : "Запрос отклонён: не указана его длина.";
    // The unread body stays on the socket: close the connection after answering.
    res.set("Connection", "close");
    if (req.originalUrl.startsWith("/trpc")) {
      res.status(status).json({ error: { message, code: -32600, data: { code: status === 413 ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST", httpStatus: status } } });
    } else {
      res.status(status).type("text/plain; charset=utf-8").send(message);
    }
  };
}
