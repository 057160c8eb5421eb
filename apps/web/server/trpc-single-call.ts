import type { NextFunction, Request, Response } from "express";
import { callTRPCProcedure, getTRPCErrorFromUnknown, getTRPCErrorShape, TRPCError, type AnyTRPCRouter } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";

/**
 * One tRPC call per HTTP request (a query by GET, a mutation by POST with a
 * JSON body), answered straight from Node's request and response. tRPC 11's
 * own adapter turns every Node request into a fetch Request and its answer
 * back from a fetch Response; for a small call that conversion costs as much
 * as the call (decision 0015). The procedure, its middlewares, the error
 * shape and the status come from tRPC itself, so the answer is the one its
 * adapter gives; a test compares the two byte for byte. Anything else —
 * batches, streams, subscriptions, an unknown path, a method the procedure
 * does not take, another content type — goes on to tRPC's adapter.
 */
export function trpcSingleCalls<TRouter extends AnyTRPCRouter>(options: {
  router: TRouter;
  createContext(req: Request, res: Response): Promise<unknown>;
}) {
  const { router } = options;
  const config = router._def._config;
  const procedures = router._def.procedures as Record<string, { _def: { type: string } } | undefined>;

  return (req: Request, res: Response, next: NextFunction) => {
    const call = singleCallOf(req);
    const procedure = call && Object.hasOwn(procedures, call.path) ? procedures[call.path] : undefined;
    if (!call || !procedure || procedure._def.type !== call.type) return next();

    const answer = async (text: string) => {
      // Parsed when the procedure asks for it, once, and broken JSON refused as tRPC's adapter does.
      const parsed: { done: boolean; input: unknown } = { done: false, input: undefined };
      const rawInput = () => {
        if (!parsed.done) Object.assign(parsed, { input: parseInput(text), done: true });
        return parsed.input;
      };
      let ctx: unknown;
      let body: string;
      let status = 200;
      try {
        ctx = await options.createContext(req, res);
        const data = await callTRPCProcedure({ router, path: call.path, getRawInput: async () => rawInput(), ctx, type: call.type, signal: undefined, batchIndex: 0 });
        body = JSON.stringify({ result: { data } });
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        const shape = getTRPCErrorShape({ config, ctx, error, input: parsed.input, path: call.path, type: call.type });
        status = getHTTPStatusCodeFromError(error);
        body = JSON.stringify({ error: shape });
      }
      if (res.headersSent || res.destroyed) return;
      res.writeHead(status, { vary: "trpc-accept, accept", "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    };

    if (call.type === "query") {
      void answer(call.queryInput ?? "");
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", next);
    req.on("end", () => {
      void answer(Buffer.concat(chunks).toString("utf8"));
    });
  };
}

interface SingleCall {
  path: string;
  type: "query" | "mutation";
  queryInput: string | null;
}

/** The call a request makes, or null when it is not a plain single JSON call. */
function singleCallOf(req: Request): SingleCall | null {
  // Streamed answers (httpBatchStreamLink) are the adapter's.
  if (req.headers["trpc-accept"] !== undefined || /(^|,)\s*application\/jsonl\s*(,|$)/i.test(req.headers.accept ?? "")) return null;
  const query = req.url.indexOf("?");
  const pathname = query === -1 ? req.url : req.url.slice(0, query);
  const params = new URLSearchParams(query === -1 ? "" : req.url.slice(query + 1));
  if (params.has("batch")) return null;
  let path: string;
  try {
    path = decodeURIComponent(pathname.slice(1));
  } catch {
    return null;
  }
  if (req.method === "GET") return { path, type: "query", queryInput: params.get("input") };
  if (req.method === "POST" && isJson(req.headers["content-type"])) return { path, type: "mutation", queryInput: null };
  return null;
}

/** The media type alone, case-insensitive, as tRPC's JSON parser matches it. */
function isJson(contentType: string | undefined): boolean {
  return contentType?.toLowerCase().split(";", 1)[0]?.trim() === "application/json";
}

function parseInput(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new TRPCError({ code: "BAD_REQUEST", message: cause instanceof Error ? cause.message : "Invalid input", cause });
  }
}
