import { defineConfig } from "vitest/config";

/**
 * Every package runs its own unit (`*.test.ts`) and integration (`*.int.test.ts`)
 * tests with this preset. Integration tests open a fresh database per file:
 * in-memory PGlite, or a new PostgreSQL database when DATABASE_URL is set.
 */
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "server/**/*.test.ts", "app/**/*.test.{ts,tsx}"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here: PGlite start-up is CPU-bound, more workers only queue.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
