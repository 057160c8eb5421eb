import { TRIAL_FORMAT_LABELS, TRIAL_LEVEL_LABELS, formatDateTime, regionName } from "@bilet/validators";
import type { NewNotification } from "../notifications/types.ts";

/**
 * When a held seat stops waiting for the parents: `approvalHours` from now,
 * but never after the trial starts, so a trial starting sooner than that asks
 * for a decision before its start. The one place this rule lives: enroll
 * hands the result to enroll_student, and the waiting list uses it too.
 */
export function approvalDeadline(now: Date, startsAt: Date, approvalHours: number): Date {
  return new Date(Math.min(now.getTime() + approvalHours * 3600_000, startsAt.getTime()));
}

/** What a parent needs to know about a trial to decide on it. */
export interface TrialFacts {
  title: string;
  startsAt: Date;
  durationMinutes: number;
  format: "online" | "in_person";
  regionCode: string | null;
  address: string | null;
  level: keyof typeof TRIAL_LEVEL_LABELS;
  mentors: string[];
}

/** «очно: Москва, ул. Профсоюзная, 1» or «онлайн». */
export function trialPlace(t: Pick<TrialFacts, "format" | "regionCode" | "address">): string {
  if (t.format === "online") return TRIAL_FORMAT_LABELS.online;
  const region = t.regionCode ? regionName(t.regionCode) : undefined;
  // Addresses usually begin with the city already («Москва, ул. …»): the region is named only when it adds something.
  const where = [region && !t.address?.includes(region) ? region : null, t.address].filter(Boolean).join(", ");
  return where ? `${TRIAL_FORMAT_LABELS.in_person}: ${where}` : TRIAL_FORMAT_LABELS.in_person;
}

/** The sentences of facts shown in a parent's approval request. */
export function trialFactLines(t: TrialFacts): string[] {
  return [
    `Когда: ${formatDateTime(t.startsAt)}, ${t.durationMinutes} мин.`,
    `Где: ${trialPlace(t)}.`,
    `Уровень: ${TRIAL_LEVEL_LABELS[t.level]}.`,
    `Наставник: ${t.mentors.length > 0 ? t.mentors.join(", ") : "будет назначен"}.`,
  ];
}

/** What a child's parents are told when a seat is held for them to approve. */
export function approvalRequest(
  trial: TrialFacts & { id: string },
  enrollment: { id: string; studentId: string; studentName: string; approvalDueAt: Date },
): NewNotification {
  const lines = [
    `${enrollment.studentName}: запись на профессиональную пробу «${trial.title}».`,
    ...trialFactLines(trial),
    `Подтвердите или отклоните участие до ${formatDateTime(enrollment.approvalDueAt)}, иначе место освободится.`,
  ];
  return {
    type: "trial.approval_requested",
    title: "Ребёнок записался на пробу, подтвердите участие",
    body: lines.join(" "),
    lines,
    link: approvalLink(enrollment),
    data: { enrollmentId: enrollment.id, trialId: trial.id, studentId: enrollment.studentId },
  };
}

/** The child's page, scrolled to the request (the link itself grants nothing: the page asks to sign in first). */
export function approvalLink(enrollment: { id: string; studentId: string }): string {
  return `/parent/children/${enrollment.studentId}#enrollment-${enrollment.id}`;
}

/** Before the deadline, once, if no parent has decided (a decision notice, like the request). */
export function approvalReminder(
  trial: TrialFacts & { id: string },
  enrollment: { id: string; studentId: string; studentName: string; approvalDueAt: Date },
): NewNotification {
  const lines = [
    `${enrollment.studentName}: проба «${trial.title}» ждёт вашего решения.`,
    ...trialFactLines(trial),
    `Решение нужно до ${formatDateTime(enrollment.approvalDueAt)}. Если его не будет, место освободится и перейдёт следующему в листе ожидания.`,
  ];
  return {
    type: "trial.approval_reminder",
    title: "Напоминание: подтвердите участие ребёнка в пробе",
    body: lines.join(" "),
    lines,
    link: approvalLink(enrollment),
    data: { enrollmentId: enrollment.id, trialId: trial.id, studentId: enrollment.studentId },
  };
}
