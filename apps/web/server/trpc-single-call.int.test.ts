import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import express, { type Request, type Response } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, createContext } from "@bilet/api";
import { createApiHarness, signedUpStudent, type ApiHarness } from "@bilet/api/testing";
import { trpcSingleCalls } from "./trpc-single-call.ts";

let h: ApiHarness;
let servers: Server[] = [];
let withSingleCalls: string;
let adapterOnly: string;
let beforeAMarker: string;
let studentCookie: string;
let attemptId: string;
let itemId: string;

/** The app's /trpc mount: the single-call handler in front of tRPC's adapter, the adapter alone, or the handler before a marker. */
async function serve(singleCalls: boolean | "before-a-marker"): Promise<string> {
  const contextFor = (req: Request, res: Response) =>
    createContext({ deps: h.deps, cookieHeader: req.headers.cookie, meta: { ip: "10.1.2.3", userAgent: "test" }, setCookie: (cookie) => res.append("Set-Cookie", cookie) });
  const adapter = createExpressMiddleware({ router: appRouter, createContext: ({ req, res }) => contextFor(req, res) });
  const app = express();
  if (singleCalls === "before-a-marker") app.use("/trpc", trpcSingleCalls({ router: appRouter, createContext: contextFor }), (_req, res) => void res.status(299).end("handed on"));
  else if (singleCalls) app.use("/trpc", trpcSingleCalls({ router: appRouter, createContext: contextFor }), adapter);
  else app.use("/trpc", adapter);
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  h = await createApiHarness();
  withSingleCalls = await serve(true);
  adapterOnly = await serve(false);
  beforeAMarker = await serve("before-a-marker");
  const student = await signedUpStudent(h);
  studentCookie = [...student.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const started = await student.diagnostics.start({ testId: "my-readiness" });
  attemptId = started.attemptId;
  itemId = (await student.diagnostics.attempt({ attemptId })).items[0]!.id;
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
  servers = [];
  await h?.close();
});

interface Call {
  method: "GET" | "POST" | "PUT";
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

/** What a caller can observe of an answer: status, the headers tRPC sets, and the body. */
async function observe(base: string, call: Call) {
  const res = await fetch(base + call.path, { method: call.method, body: call.body, headers: call.headers });
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    vary: res.headers.get("vary"),
    allow: res.headers.get("allow"),
    setsCookie: res.headers.getSetCookie().length,
    body: withoutStack(await res.text()),
  };
}

/** The body with a development stack trace left out: its call sites differ by construction. */
function withoutStack(text: string): unknown {
  try {
    const body = JSON.parse(text) as { error?: { data?: { stack?: unknown } } };
    if (body.error?.data) delete body.error.data.stack;
    return body;
  } catch {
    return text;
  }
}

const json = { "content-type": "application/json" };
const signedIn = () => ({ ...json, cookie: studentCookie });

const calls: [string, () => Call][] = [
  ["a query without input", () => ({ method: "GET", path: "/trpc/reference.regions" })],
  ["a query with its input in the address", () => ({ method: "GET", path: `/trpc/diagnostics.catalogue?input=${encodeURIComponent("{}")}`, headers: signedIn() })],
  ["a query whose input is broken JSON", () => ({ method: "GET", path: "/trpc/diagnostics.attempt?input=%7Bnope", headers: signedIn() })],
  ["a mutation without a session", () => ({ method: "POST", path: "/trpc/diagnostics.answer", body: JSON.stringify({ attemptId, itemId, answer: 3 }), headers: json })],
  ["a mutation that succeeds", () => ({ method: "POST", path: "/trpc/diagnostics.answer", body: JSON.stringify({ attemptId, itemId, answer: 4 }), headers: signedIn() })],
  ["a mutation the domain refuses", () => ({ method: "POST", path: "/trpc/diagnostics.answer", body: JSON.stringify({ attemptId, itemId: "no-such-item", answer: 4 }), headers: signedIn() })],
  ["a mutation whose input fails validation", () => ({ method: "POST", path: "/trpc/diagnostics.answer", body: JSON.stringify({ attemptId: "not-a-uuid", itemId, answer: 4 }), headers: signedIn() })],
  ["a mutation with a control character in its input", () => ({ method: "POST", path: "/trpc/diagnostics.answer", body: JSON.stringify({ attemptId, itemId: "a\u0007b", answer: 4 }), headers: signedIn() })],
  ["a mutation whose body is broken JSON", () => ({ method: "POST", path: "/trpc/diagnostics.answer", body: "{\"attemptId\":", headers: signedIn() })],
  ["a mutation with an empty body", () => ({ method: "POST", path: "/trpc/diagnostics.answer", body: "", headers: signedIn() })],
  ["a mutation with a charset in its content type", () => ({ method: "POST", path: "/trpc/diagnostics.answer", body: JSON.stringify({ attemptId, itemId, answer: 5 }), headers: { ...signedIn(), "content-type": "Application/JSON; charset=utf-8" } })],
  ["a login that fails", () => ({ method: "POST", path: "/trpc/auth.login", body: JSON.stringify({ email: "nobody@example.ru", password: "wrong-password" }), headers: json })],
  ["a query sent by POST", () => ({ method: "POST", path: "/trpc/reference.regions", body: "", headers: json })],
  ["a mutation sent by GET", () => ({ method: "GET", path: "/trpc/diagnostics.answer", headers: signedIn() })],
  ["an unknown procedure", () => ({ method: "POST", path: "/trpc/diagnostics.nothing", body: "{}", headers: json })],
  ["a procedure name with a broken escape", () => ({ method: "GET", path: "/trpc/reference.%E0%A4%A" })],
  ["a body that is not JSON by its type", () => ({ method: "POST", path: "/trpc/diagnostics.answer", body: "{}", headers: { ...signedIn(), "content-type": "text/plain" } })],
  ["a batch of two", () => ({ method: "GET", path: `/trpc/reference.regions,auth.me?batch=1&input=${encodeURIComponent("{}")}`, headers: signedIn() })],
  ["another method", () => ({ method: "PUT", path: "/trpc/diagnostics.answer", body: "{}", headers: json })],
];

describe("single tRPC calls answered without the fetch conversion", () => {
  it.each(calls)("answer %s exactly as tRPC's adapter does", async (_name, call) => {
    const ours = await observe(withSingleCalls, call());
    const theirs = await observe(adapterOnly, call());
    expect(ours).toEqual(theirs);
  });

  it("answers plain single calls itself and hands everything else on to tRPC's adapter", async () => {
    const handled = async (call: Call) => (await observe(beforeAMarker, call)).status !== 299;
    expect(await handled(calls[0]![1]())).toBe(true);
    expect(await handled(calls[4]![1]())).toBe(true);
    expect(await handled(calls[8]![1]())).toBe(true);
    for (const name of ["a query sent by POST", "a mutation sent by GET", "an unknown procedure", "a procedure name with a broken escape", "a body that is not JSON by its type", "a batch of two", "another method"]) {
      expect(await handled(calls.find(([n]) => n === name)![1]()), name).toBe(false);
    }
    const streamed = { method: "POST" as const, path: "/trpc/diagnostics.answer", body: "{}", headers: { ...json, "trpc-accept": "application/jsonl" } };
    expect(await handled(streamed)).toBe(false);
  });

  it("sets the cookies the call sets: a login through the single-call path signs in", async () => {
    const email = (await h.db.query.users.findFirst({ where: (u, { eq }) => eq(u.role, "student") }))!.email!;
    const res = await fetch(`${withSingleCalls}/trpc/auth.login`, { method: "POST", headers: json, body: JSON.stringify({ email, password: "parol2026" }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("bilet_session="));
    expect(cookie).toBeDefined();
    const me = await fetch(`${withSingleCalls}/trpc/auth.me`, { headers: { cookie: cookie!.split(";")[0]! } });
    expect(JSON.parse(await me.text()).result.data.email).toBe(email);
  });

  it("stores the answer it reports", async () => {
    const res = await fetch(`${withSingleCalls}/trpc/diagnostics.answer`, { method: "POST", headers: signedIn(), body: JSON.stringify({ attemptId, itemId, answer: 2 }) });
    expect(JSON.parse(await res.text())).toEqual({ result: { data: { answered: 1, total: 44 } } });
    const view = await fetch(`${withSingleCalls}/trpc/diagnostics.attempt?input=${encodeURIComponent(JSON.stringify({ attemptId }))}`, { headers: signedIn() });
    expect(JSON.parse(await view.text()).result.data.answers[itemId]).toBe(2);
  });
});
