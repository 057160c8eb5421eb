import { TRIAL_FORMAT_LABELS, TRIAL_LEVEL_LABELS, formatDateTime, fromMoscowLocal, toMoscowLocal } from "@bilet/validators";

export const ENROLLMENT_STATUS = {
  awaiting_approval: ["ждёт подтверждения родителя", "wait"],
  confirmed: ["подтверждено", "ok"],
  waitlisted: ["в листе ожидания", "wait"],
  declined: ["родитель не подтвердил", "bad"],
  expired: ["не подтверждено вовремя", "off"],
  cancelled: ["отменено", "off"],
  trial_cancelled: ["проба отменена", "off"],
} as const;

export const ATTENDANCE = { present: "присутствие", late: "опоздание", absent: "отсутствие" } as const;

/** What the catalogue shows on a trial the student already has a live enrollment for (never «записан» for the waiting list). */
export function myEnrollmentBadge(status: "awaiting_approval" | "confirmed" | "waitlisted", waitlistPosition: number | null = null): { text: string; tone: "ok" | "wait" } {
  if (status === "waitlisted") return { text: `Ты в листе ожидания${waitlistPosition ? `, место в очереди: ${waitlistPosition}` : ""}`, tone: "wait" };
  if (status === "confirmed") return { text: "Ты участвуешь: родитель подтвердил", tone: "ok" };
  return { text: "Ты в списке участников: ждём подтверждения родителя", tone: "wait" };
}
export const LEVELS = TRIAL_LEVEL_LABELS;
export const FORMATS = TRIAL_FORMAT_LABELS;

/** datetime-local values are typed in Moscow time. */
export const moscowInput = (v: string | undefined) => (v ? fromMoscowLocal(v) : "");
/** An instant as a Moscow datetime-local value. */
export const toMoscowInput = (iso: string) => toMoscowLocal(iso);

/**
 * What an approval request says once it is no longer waiting for the parents,
 * from the enrollment's state on the server; null while a decision is still due.
 */
export function approvalDecision(state: {
  status: keyof typeof ENROLLMENT_STATUS;
  decidedAt: string | null;
  decidedByName: string | null;
}): { text: string; tone: "ok" | "bad" | "off" | "wait" } | null {
  const when = state.decidedAt ? `, ${formatDateTime(state.decidedAt)}` : "";
  const who = state.decidedByName ? ` (${state.decidedByName})` : "";
  switch (state.status) {
    case "awaiting_approval":
      return null;
    case "confirmed":
      return { text: `Участие подтверждено${who}${when}`, tone: "ok" };
    case "declined":
      return { text: `Участие отклонено${who}${when}`, tone: "bad" };
    case "expired":
      return { text: `Решение не пришло вовремя: место освобождено${when}`, tone: "off" };
    case "cancelled":
      return { text: `Запись отменена${when}`, tone: "off" };
    case "trial_cancelled":
      return { text: "Проба отменена организаторами", tone: "off" };
    case "waitlisted":
      return { text: "Ребёнок в листе ожидания: подтверждение понадобится, когда освободится место", tone: "wait" };
  }
}
