/**
 * Prints one JSON line per shipped diagnostic test:
 * npx tsx packages/content/src/diagnostics/list.ts
 */
import { DIAGNOSTIC_TESTS, type DiagnosticTest, type ItemKind } from "./index.ts";

export function summary(t: DiagnosticTest) {
  const kinds: Partial<Record<ItemKind, number>> = {};
  for (const item of t.items) kinds[item.kind] = (kinds[item.kind] ?? 0) + 1;
  return {
    id: t.id,
    version: t.version,
    title: t.title,
    category: t.category,
    items: t.items.length,
    kinds,
    grades: t.grades,
    games: kinds.game ?? 0,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const t of DIAGNOSTIC_TESTS) process.stdout.write(`${JSON.stringify(summary(t))}\n`);
}
