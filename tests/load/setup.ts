import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "@bilet/config";
import { familyLinks, parentProfiles, studentProfiles, users, type Database, type DatabaseHandle } from "@bilet/db";
import { createTestDatabase } from "@bilet/db/testing";
import { startServer } from "../../apps/web/server/app.ts";

/**
 * The real server in this process, on a database of its own: a fresh database on
 * the PostgreSQL named by DATABASE_URL, or a fresh PGlite folder; or on the
 * given, already migrated database (e.g. one filled by fill.ts). Rate limits
 * are off (the benchmark is one client on loopback). BENCH_PORT picks the
 * port (a free one by default).
 */
export async function startBenchServer(options: { handle?: DatabaseHandle } = {}) {
  const handle = options.handle ?? (await createTestDatabase());
  const env = parseEnv({
    NODE_ENV: "test",
    PORT: process.env.BENCH_PORT ?? "0",
    SEED_DEMO: "false",
    RATE_LIMIT_FACTOR: "0",
    PGLITE_DIR: mkdtempSync(join(tmpdir(), "bilet-bench-")),
  });
  const server = await startServer({ env, handle, mode: "api-only", background: false });
  return {
    server,
    db: handle.db,
    kind: handle.kind,
    async close() {
      await server.close();
      await handle.close();
    },
  };
}

/** n linked families (one parent, one child), written straight to the database. */
export async function createFamilies(db: Database, n: number, tag: string) {
  const chunk = 500;
  const families: { parentId: string; studentId: string }[] = [];
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    const parents = await db
      .insert(users)
      .values(Array.from({ length: size }, (_, i) => ({ email: `${tag}-p${start + i}@bench.local`, role: "parent" as const, lastName: "Родитель", firstName: `Р${start + i}`, activatedAt: new Date() })))
      .returning({ id: users.id });
    const students = await db
      .insert(users)
      .values(Array.from({ length: size }, (_, i) => ({ email: `${tag}-s${start + i}@bench.local`, role: "student" as const, lastName: "Участник", firstName: `У${start + i}`, activatedAt: new Date() })))
      .returning({ id: users.id });
    await db.insert(parentProfiles).values(parents.map((p) => ({ userId: p.id, regionCode: "77" })));
    await db.insert(studentProfiles).values(students.map((s) => ({ userId: s.id, birthDate: "2011-01-01", grade: 8, regionCode: "77", school: "Школа" })));
    await db.insert(familyLinks).values(parents.map((p, i) => ({ parentId: p.id, studentId: students[i]!.id })));
    parents.forEach((p, i) => families.push({ parentId: p.id, studentId: students[i]!.id }));
  }
  return families;
}
