/**
 * Databases of a benchmark's own on the PostgreSQL server named by
 * DATABASE_URL: created fresh and migrated with the project's own migrate
 * function (so indexes, triggers and reference rows are as in production),
 * dropped again at the end, also when the run is interrupted.
 */
import { randomBytes } from "node:crypto";
import { migrateDatabase, openDatabase } from "@bilet/db";
import { withDatabase } from "@bilet/db/testing";
import postgres from "postgres";

/** The server URL from DATABASE_URL, or exit with a message: these benchmarks need PostgreSQL. */
export function requirePostgres(bench: string): string {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    console.error(`${bench} needs PostgreSQL: set DATABASE_URL to a server, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run ${bench}. It creates its own databases there and drops them at the end.`);
    process.exit(2);
  }
  return url;
}

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

const live = new Set<BenchDatabase>();
let hooked = false;

/** Drops every database this process created (on normal exit paths call it yourself; signals call it here). */
export async function dropAll(): Promise<void> {
  await Promise.allSettled([...live].map((d) => d.drop()));
}

function hookSignals() {
  if (hooked) return;
  hooked = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`${signal}: dropping the benchmark's databases…`);
      void dropAll().finally(() => process.exit(130));
    });
  }
}

/** A new, migrated database on the server. */
export async function createBenchDatabase(serverUrl: string, prefix: string): Promise<BenchDatabase> {
  hookSignals();
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  const database: BenchDatabase = {
    name,
    url,
    async drop() {
      if (!live.delete(database)) return;
      const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await sql.end();
      }
    },
  };
  live.add(database);
  const handle = await openDatabase({ databaseUrl: url, maxConnections: 2 });
  try {
    await migrateDatabase(handle, url);
  } finally {
    await handle.close();
  }
  return database;
}
