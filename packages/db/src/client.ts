import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql, type ExtractTablesWithRelations, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { COMPETENCIES, CONSENT_DOCUMENTS, DIAGNOSTIC_TESTS } from "@bilet/content";
import { REGIONS } from "@bilet/validators";
import { createListener } from "./listener.ts";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;
type Relations = ExtractTablesWithRelations<Schema>;
/** A Drizzle database on either driver; services take this or a transaction. */
export type Database = PgDatabase<PgQueryResultHKT, Schema, Relations>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, Relations>;
export type DbOrTx = Database | Transaction;

export type Unlisten = () => Promise<void>;

export interface DatabaseHandle {
  db: Database;
  kind: "pglite" | "postgres";
  /**
   * LISTEN on a channel; works in-process on PGlite and across processes on PostgreSQL.
   * `onResume` runs each time LISTEN is back after its connection was lost (PostgreSQL
   * only): signals sent meanwhile are gone, so read from the tables what they were about.
   */
  listen(channel: string, onPayload: (payload: string) => void, onResume?: () => void): Promise<Unlisten>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../../drizzle", import.meta.url));

const casing = "snake_case" as const;
/** Any constant both instances agree on; serialises concurrent migrations. */
const MIGRATION_LOCK_KEY = 7_270_736_901;

export interface OpenOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  databaseUrl?: string;
  /** Folder for PGlite data; "memory://" keeps it in memory. */
  pgliteDir?: string;
  /** postgres.js pool size. */
  maxConnections?: number;
  /** PostgreSQL cancels a statement that runs longer (default 15 s), so an overloaded database answers instead of hanging. */
  statementTimeoutMs?: number;
}

/** Seconds to wait for a new PostgreSQL connection before the request fails (postgres.js waits 30 by default). */
const CONNECT_TIMEOUT_SECONDS = 5;
/** An idle pooled connection is closed after this many seconds; a restarted server leaves none stale for long. */
const IDLE_TIMEOUT_SECONDS = 60;
const STATEMENT_TIMEOUT_MS = 15_000;

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPglite(options.pgliteDir ?? "memory://");
}

async function openPglite(dir: string): Promise<DatabaseHandle> {
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir);
  const db = drizzlePglite({ client, schema, casing }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    async listen(channel, onPayload) {
      const unlisten = await client.listen(channel, onPayload);
      // After close there is nothing left to unlisten from.
      return async () => {
        if (!client.closed) await unlisten();
      };
    },
    async close() {
      await client.close();
    },
  };
}

async function openPostgres(url: string, options: OpenOptions): Promise<DatabaseHandle> {
  const client = postgres(url, {
    max: options.maxConnections ?? 10,
    onnotice: () => {},
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
    idle_timeout: IDLE_TIMEOUT_SECONDS,
    connection: { statement_timeout: options.statementTimeoutMs ?? STATEMENT_TIMEOUT_MS },
  });
  const db = drizzlePostgres({ client: preparing(client), schema, casing }) as unknown as Database;
  const listener = createListener(url, { pingMs: 10_000, pingTimeoutMs: 5_000, connectTimeoutSeconds: CONNECT_TIMEOUT_SECONDS, maxBackoffMs: 5_000 });
  return {
    db,
    kind: "postgres",
    listen: listener.listen,
    async close() {
      await listener.close();
      await client.end({ timeout: 5 });
    },
  };
}

/**
 * drizzle-orm sends its statements through postgres.js unprepared
 * (drizzle-orm#6096), so PostgreSQL parses and plans every one again; here
 * planning a two-table join costs more than running it. This hands drizzle a
 * client, and transaction clients, that prepare every statement, as
 * postgres.js does for its own queries. Each connection caches its statements
 * until postgres.js recycles it (max_lifetime).
 */
function preparing<T extends postgres.Sql>(sql: T): T {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, params, { ...options, prepare: true });
      }
      if (property === "begin" || property === "savepoint") {
        return (...args: unknown[]) => {
          const body = args.pop() as (tx: postgres.Sql) => unknown;
          const open = (target as unknown as Record<typeof property, (...a: unknown[]) => unknown>)[property];
          return open(...args, (tx: postgres.Sql) => body(preparing(tx)));
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/** Applies the SQL migrations in drizzle/ and syncs reference data. Safe to run from several instances at once. */
export async function migrateDatabase(handle: DatabaseHandle, databaseUrl?: string): Promise<void> {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    if (!databaseUrl) throw new Error("migrateDatabase needs the URL of a PostgreSQL database");
    // One dedicated connection, so the advisory lock and the migration share a session.
    const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
      await migratePostgres(drizzlePostgres({ client, casing }), { migrationsFolder: MIGRATIONS_FOLDER });
      await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    } finally {
      await client.end({ timeout: 5 });
    }
  }
  await syncReferenceData(handle.db);
}

async function syncReferenceData(db: Database): Promise<void> {
  await db
    .insert(schema.regions)
    .values(REGIONS.map(([code, name]) => ({ code, name })))
    .onConflictDoUpdate({ target: schema.regions.code, set: { name: sql.raw("excluded.name") } });
  await db
    .insert(schema.competencies)
    .values(COMPETENCIES.map((c) => ({ code: c.code, name: c.name, area: c.area, interests: [...c.interests] })))
    .onConflictDoUpdate({
      target: schema.competencies.code,
      set: { name: sql.raw("excluded.name"), area: sql.raw("excluded.area"), interests: sql.raw("excluded.interests") },
    });
  // Shipped diagnostic tests, like consent versions: a published version is never rewritten.
  await db
    .insert(schema.diagnosticTests)
    .values(DIAGNOSTIC_TESTS.map((t) => ({ testId: t.id, version: t.version, title: t.title, definition: t })))
    .onConflictDoNothing();
  // Published consent versions are immutable: insert new ones, never rewrite old ones.
  await db
    .insert(schema.consentDocuments)
    .values(CONSENT_DOCUMENTS.map((d) => ({ version: d.version, title: d.title, body: [...d.body] })))
    .onConflictDoNothing();
}

/** `select pg_notify(channel, payload)`: run inside a transaction, it is delivered only if that transaction commits. */
export function notifySql(channel: string, payload: string) {
  return sql`select pg_notify(${channel}, ${payload})`;
}

/** Rows of a raw statement, whichever driver runs it (postgres.js answers an array, PGlite `{ rows }`). */
export async function queryRows<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Resolves when the database answers a trivial query (health checks). */
export async function pingDatabase(db: DbOrTx): Promise<void> {
  await db.execute(sql`select 1`);
}

/** What a person is told while the database is unavailable (HTTP 503), by tRPC and by pages alike. */
export const DATABASE_UNAVAILABLE_MESSAGE = "Сервис временно недоступен, попробуйте через минуту";

/**
 * SQLSTATEs and driver codes that mean "the database cannot answer now", not "this request is wrong":
 * the server is shutting down or starting (57P01–57P03), refuses more connections (53300), cancelled a
 * statement at statement_timeout (57014), or the connection failed (class 08, sockets, postgres.js).
 */
const UNAVAILABLE_CODES = new Set([
  "57P01",
  "57P02",
  "57P03",
  "57014",
  "53300",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);

/**
 * True when an error (or anything in its cause chain: drizzle and tRPC wrap the driver's error)
 * says the database is unreachable or unavailable, so the caller should answer 503, not 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const { code, cause, errors, message } = current as { code?: unknown; cause?: unknown; errors?: unknown; message?: unknown };
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    // An in-process PGlite that has been closed.
    if (message === "PGlite is closed" || message === "PGlite is closing") return true;
    pending.push(cause);
    if (Array.isArray(errors)) pending.push(...errors);
  }
  return false;
}
