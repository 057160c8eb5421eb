import { triage, type PreviousRequest } from "./triage.ts";

export type TriageLineResult =
  | { id: unknown; decision: string; rule: string; explanation: string }
  | { id: unknown; error: string };

/** One JSON line of the triage command: the decision, or why the line cannot be read. */
export function triageLine(line: string, lineNumber: number): TriageLineResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { id: null, error: `Строка ${lineNumber}: это не JSON` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { id: null, error: `Строка ${lineNumber}: ожидался объект {"id", "text", "previous"}` };
  }
  const record = value as Record<string, unknown>;
  const id = record.id ?? null;
  if (typeof record.text !== "string") return { id, error: "Нет поля text (строка)" };
  if (record.subject !== undefined && record.subject !== null && typeof record.subject !== "string") {
    return { id, error: "Поле subject должно быть строкой" };
  }
  let previous: PreviousRequest[] = [];
  if (record.previous !== undefined && record.previous !== null) {
    if (!Array.isArray(record.previous)) return { id, error: "Поле previous должно быть массивом" };
    for (const p of record.previous as unknown[]) {
      const item = p as Record<string, unknown> | null;
      if (typeof item !== "object" || item === null || typeof item.text !== "string" || typeof item.resolved !== "boolean") {
        return { id, error: 'Каждый элемент previous должен выглядеть как {"text": "…", "resolved": true}' };
      }
      previous = [...previous, { text: item.text, resolved: item.resolved }];
    }
  }
  const { decision, rule, explanation } = triage({ text: record.text, subject: record.subject as string | undefined, previous });
  return { id, decision, rule, explanation };
}
