import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { isAbsolute, resolve } from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import compression from "compression";
import express, { type Request, type Response } from "express";
import { appRouter, createCaller, createContext } from "@bilet/api";
import { loadEnv, parseEnv, type Env } from "@bilet/config";
import { coreDepsFromEnv, diagnostics, recommendations, requests, seedDemoAccounts, seedDemoSeason, startBackgroundWork, type CoreDeps, type IdentityProvider } from "@bilet/core";
import { migrateDatabase, openDatabase, type DatabaseHandle } from "@bilet/db";
import { startInboundSmtp, transportFromEnv } from "@bilet/mail";
import { attachRealtime, type Realtime } from "@bilet/realtime";
import type { WebLoadContext } from "./context.ts";
import { devMailboxFor } from "./dev-mailbox.ts";
import { testFactory } from "./test-factory.ts";
import { benchEcho } from "./bench-echo.ts";
import { unavailableAs503 } from "./page-api.ts";
import { databaseUnavailablePages, healthCheck } from "./health.ts";
import { limitRequestBodies, sameOriginOnly } from "./security.ts";
import { trpcSingleCalls } from "./trpc-single-call.ts";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const WEB_ROOT = fileURLToPath(new URL("../", import.meta.url));

export type ServerMode = "production" | "development" | "api-only";

export interface StartOptions {
  /** Environment to use instead of process.env (tests, benchmarks). */
  env?: Env;
  /** production serves build/; development runs Vite; api-only serves /trpc and sockets only. */
  mode?: ServerMode;
  /** An already open and migrated database (tests); otherwise opened from env. */
  handle?: DatabaseHandle;
  /** Identity provider for «Войти через Госуслуги»; absent disables it. */
  esia?: IdentityProvider;
  /**
   * Run the periodic jobs and the outbox sender in this process (default env.RUN_JOBS, true unless
   * workers do it); false also keeps the requests' SMTP listener off (tests).
   */
  background?: boolean;
}

export interface RunningServer {
  url: string;
  /** The live channel, e.g. for a bare-emit baseline in benchmarks. */
  io: Realtime["io"];
  port: number;
  deps: CoreDeps;
  handle: DatabaseHandle;
  /** Whether the periodic jobs and the outbox sender run in this process. */
  runsJobs: boolean;
  close(): Promise<void>;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? loadEnv();
  const mode: ServerMode = options.mode ?? (env.NODE_ENV === "production" ? "production" : "development");

  const handle = options.handle ?? (await openConfiguredDatabase(env));
  const ownsHandle = !options.handle;
  if (ownsHandle) await migrateDatabase(handle, env.DATABASE_URL);
  if (env.SEED_DEMO) {
    await seedDemoAccounts(handle.db);
    await seedDemoSeason(handle.db);
    await diagnostics.seedDemoDiagnostics(handle.db);
    await recommendations.seedDemoPlan(handle.db);
  }

  // Settings from the environment are read in coreDepsFromEnv, the same for the workers (apps/worker).
  const deps: CoreDeps = coreDepsFromEnv(env, handle.db, { esia: options.esia });
  const sessions = deps.sessions;
  const background = options.background ?? true;
  // Periodic jobs and the outbox sender: here unless workers run them (RUN_JOBS=false, PostgreSQL only).
  const runsJobs = options.background ?? env.RUN_JOBS;
  const jobs = runsJobs ? startBackgroundWork(deps, { transport: transportFromEnv(env) }) : null;
  // Letters to the project's address become requests (off unless SMTP_INBOUND_PORT is set).
  const inbound =
    background && env.SMTP_INBOUND_PORT !== undefined
      ? await startInboundSmtp({
          host: env.SMTP_INBOUND_HOST,
          port: env.SMTP_INBOUND_PORT,
          domain: env.REQUESTS_DOMAIN,
          onLetter: async (letter) => {
            await requests.handleInboundLetter(deps, letter);
          },
        })
      : null;

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.get("/health", healthCheck(handle));
  // tRPC answers are small JSON written without a length, which compression
  // would gzip however tiny; pages and assets are worth it. /trpc skips the
  // middleware altogether (it would wrap every response only to filter it out).
  const compress = compression();
  app.use((req, res, next) => (req.url.startsWith("/trpc") ? next() : compress(req, res, next)));
  app.use(limitRequestBodies());
  app.use(sameOriginOnly(env.APP_ORIGIN));

  const contextFor = (req: Request, res: Response) =>
    createContext({
      deps,
      cookieHeader: req.headers.cookie,
      meta: { ip: req.ip ?? null, userAgent: req.get("user-agent") ?? null },
      setCookie: (cookie) => res.append("Set-Cookie", cookie),
    });

  if (env.TEST_FACTORY_SECRET) app.use(testFactory(deps, env.TEST_FACTORY_SECRET));
  app.use(benchEcho(env, () => realtime.io)); // POST /__bench__/echo, only with BENCH_ECHO=1 on a loopback origin
  app.use(
    "/trpc",
    trpcSingleCalls({ router: appRouter, createContext: contextFor }),
    createExpressMiddleware({ router: appRouter, createContext: ({ req, res }) => contextFor(req, res) }),
  );

  const getLoadContext = async (req: Request, res: Response): Promise<WebLoadContext> => {
    const ctx = await contextFor(req, res);
    return {
      api: unavailableAs503(createCaller(ctx)),
      user: ctx.user,
      devMailbox: devMailboxFor(env, handle.db, req.socket.remoteAddress),
      esiaEnabled: Boolean(deps.esia),
      publicUrl: new URL(req.originalUrl, env.APP_ORIGIN).toString(),
    };
  };

  let vite: { close(): Promise<void> } | null = null;
  if (mode === "development") {
    const { createServer: createVite } = await import("vite");
    const devServer = await createVite({ root: WEB_ROOT, server: { middlewareMode: true } });
    vite = devServer;
    app.use(devServer.middlewares);
    app.all(
      "*",
      createRequestHandler({
        build: () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
        getLoadContext: getLoadContext as never,
      }),
    );
  } else if (mode === "production") {
    const buildDir = resolve(WEB_ROOT, "build");
    app.use("/assets", express.static(resolve(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(resolve(buildDir, "client"), { maxAge: "1h" }));
    const build = (await import(resolve(buildDir, "server/index.js"))) as ServerBuild;
    app.all("*", createRequestHandler({ build, getLoadContext: getLoadContext as never }));
  }

  app.use(databaseUnavailablePages());

  const http: Server = createServer(app);
  const realtime = await attachRealtime(http, {
    handle,
    origin: env.APP_ORIGIN,
    authenticate: async (cookie) => {
      const session = await sessions.validateCookie(cookie);
      return session ? { id: session.user.id, sessionId: session.sessionId } : null;
    },
    validateSession: async (sessionId) => (await sessions.validate(sessionId)) !== null,
  });
  await new Promise<void>((done) => http.listen(env.PORT, done));
  const port = (http.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    io: realtime.io,
    port,
    deps,
    handle,
    runsJobs,
    async close() {
      await realtime.close();
      await new Promise<void>((done) => http.close(() => done()));
      await jobs?.stop();
      await inbound?.close();
      await vite?.close();
      if (ownsHandle) await handle.close();
    },
  };
}

function openConfiguredDatabase(env: Env): Promise<DatabaseHandle> {
  const dir = isAbsolute(env.PGLITE_DIR) ? env.PGLITE_DIR : resolve(REPO_ROOT, env.PGLITE_DIR);
  return openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: dir });
}

export { parseEnv };
