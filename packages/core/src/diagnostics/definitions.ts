import { and, eq } from "drizzle-orm";
import type { DiagnosticTest } from "@bilet/content";
import { diagnosticTests, type DbOrTx } from "@bilet/db";
import { AppError } from "../errors.ts";

// Published versions never change, so each definition is read from the database once per process.
const definitions = new Map<string, DiagnosticTest>();

export async function definitionOf(db: DbOrTx, testId: string, version: number): Promise<DiagnosticTest> {
  const key = `${testId}@${version}`;
  const cached = definitions.get(key);
  if (cached) return cached;
  const [row] = await db
    .select({ definition: diagnosticTests.definition })
    .from(diagnosticTests)
    .where(and(eq(diagnosticTests.testId, testId), eq(diagnosticTests.version, version)));
  if (!row) throw new AppError("NOT_FOUND", "Тест не найден");
  const test = row.definition as DiagnosticTest;
  definitions.set(key, test);
  return test;
}

