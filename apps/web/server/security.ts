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
