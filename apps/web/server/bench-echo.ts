import express, { type Router } from "express";
import type { Env } from "@bilet/config";
import type { Realtime } from "@bilet/realtime";
import { userRoom } from "@bilet/validators";
import { isLoopbackAddress } from "./dev-mailbox.ts";

/** The environment variable that turns the echo on (benchmarks only). */
export const BENCH_ECHO_VARIABLE = "BENCH_ECHO";

/**
 * POST /__bench__/echo {"userId", "id"}: emits a notice with that id straight
 * to the user's sockets on this instance, with no database, no session and no
 * NOTIFY. It is the baseline of `npm run bench:notifications`: the same HTTP
 * round and socket delivery as a real notice, without the work in between.
 *
 * Mounted only when BENCH_ECHO=1 on a loopback origin, and it answers only
 * clients on this machine; otherwise the route does not exist (404).
 */
export function benchEcho(env: Pick<Env, "LOOPBACK_ORIGIN">, io: () => Realtime["io"] | undefined, enabled = process.env[BENCH_ECHO_VARIABLE] === "1"): Router {
  const router = express.Router();
  if (!enabled || !env.LOOPBACK_ORIGIN) return router;
  router.post("/__bench__/echo", express.json({ limit: "1kb" }), (req, res) => {
    if (!isLoopbackAddress(req.socket.remoteAddress)) {
      res.status(404).end();
      return;
    }
    const { userId, id } = (req.body ?? {}) as { userId?: unknown; id?: unknown };
    if (typeof userId !== "string" || typeof id !== "string" || userId.length > 64 || id.length > 128) {
      res.status(400).json({ error: "userId and id: strings" });
      return;
    }
    io()
      ?.to(userRoom(userId))
      .emit("notification:created", {
        notification: { id, type: "bench.echo", title: "bench", body: "", link: null, data: {}, readAt: null, createdAt: new Date().toISOString() },
        unreadCount: 0,
      });
    res.status(204).end();
  });
  return router;
}
