import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { benchEcho } from "./bench-echo.ts";

let server: Server | null = null;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** An app with only the echo, and the emits its fake live channel received. */
async function start(loopback: boolean, enabled: boolean) {
  const emitted: { room: string; event: string; payload: unknown }[] = [];
  const io = { to: (room: string) => ({ emit: (event: string, payload: unknown) => emitted.push({ room, event, payload }) }) };
  const app = express();
  app.use(benchEcho({ LOOPBACK_ORIGIN: loopback }, () => io as never, enabled));
  server = createServer(app);
  await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/__bench__/echo`;
  const post = (body: unknown) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { emitted, post };
}

describe("the benchmark echo", () => {
  it("emits the given id straight to the user's room when BENCH_ECHO is on and the origin is loopback", async () => {
    const { emitted, post } = await start(true, true);
    expect((await post({ userId: "u-1", id: "echo-7" })).status).toBe(204);
    expect(emitted).toEqual([{ room: "user:u-1", event: "notification:created", payload: { notification: expect.objectContaining({ id: "echo-7", type: "bench.echo" }), unreadCount: 0 } }]);
  });

  it("refuses a body without a user and an id, and emits nothing", async () => {
    const { emitted, post } = await start(true, true);
    expect((await post({ userId: 5 })).status).toBe(400);
    expect(emitted).toEqual([]);
  });

  it("does not exist without BENCH_ECHO, nor on a public origin", async () => {
    for (const [loopback, enabled] of [
      [true, false],
      [false, true],
    ] as const) {
      const { emitted, post } = await start(loopback, enabled);
      expect((await post({ userId: "u-1", id: "echo-7" })).status).toBe(404);
      expect(emitted).toEqual([]);
      await new Promise<void>((done) => server!.close(() => done()));
      server = null;
    }
  });
});
