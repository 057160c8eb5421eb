/**
 * Starts the built app for the browser tests on a database of its own:
 * a new PostgreSQL database when DATABASE_URL names a server, otherwise a
 * fresh PGlite folder. The database is dropped when the server stops.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";

const port = process.env.E2E_PORT ?? "3210";
const serverUrl = process.env.DATABASE_URL;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  PORT: port,
  APP_ORIGIN: `http://127.0.0.1:${port}`,
  COOKIE_SECURE: "false",
  // Tests make their own people through the factory; no demo rows.
  SEED_DEMO: "false",
  // The ESIA stand-in starts inside the app on a free port.
  ESIA_STUB: "true",
  ESIA_STUB_PORT: "0",
  SMTP_URL: "",
};
delete env.SMTP_URL;

let cleanup: () => Promise<void> = async () => {};
if (serverUrl) {
  const name = `bilet_e2e_${Date.now().toString(36)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  cleanup = async () => {
    const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
    await sql.end();
  };
} else {
  const dir = mkdtempSync(join(tmpdir(), "bilet-e2e-"));
  env.PGLITE_DIR = dir;
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
}

const server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], { cwd: new URL("../../apps/web/", import.meta.url), env, stdio: "inherit" });
const stop = (signal: NodeJS.Signals) => server.kill(signal);
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
server.on("exit", async (code) => {
  await cleanup().catch((error) => console.error("e2e cleanup:", error));
  process.exit(code ?? 0);
});
