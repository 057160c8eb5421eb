/**
 * Every notification type, classified in one place: which preference kind it
 * belongs to, how urgent that kind is, which channels it may use and what the
 * preferences page calls it. The cabinet always shows every notice; this
 * decides what also goes by email and push.
 *
 * - decision: someone must act before a deadline (a trial approval). Emailed
 *   at once, never in a digest; cannot be switched off entirely.
 * - important: something changed that the person should know soon (a trial
 *   cancelled, consent withdrawn). Emailed in the next digest, pushed at once.
 * - informational: good to know (a new sign-in). Not emailed or pushed unless
 *   the person asks for it.
 *
 * `kinds.test.ts` fails when code stores a type that is not classified here.
 */

export type NoticeClass = "decision" | "important" | "informational";
export type NoticeRole = "student" | "parent" | "mentor" | "staff";
export type NoticeChannel = "email" | "push";

export interface NoticeKind {
  class: NoticeClass;
  /** Who chooses channels for it on the preferences page, with what it is called for them (Russian). */
  labels: Partial<Record<NoticeRole, string>>;
  /** Channels a person may choose. Without "email": a letter about it goes anyway (a request's answer, a changed password). */
  channels: readonly NoticeChannel[];
  /** Letters show the trial's facts (title, when, where, level, mentor), found by `data.trialId`. */
  trialFacts: boolean;
  /** The label of the letter's button. */
  action: string;
}

export interface ChannelChoice {
  email: boolean;
  push: boolean;
}

/** What each class does when a person has not chosen. */
export const CLASS_DEFAULTS: Record<NoticeClass, ChannelChoice> = {
  decision: { email: true, push: true },
  important: { email: true, push: true },
  informational: { email: false, push: false },
};

/** Email of important and informational notices waits this long, so several go as one letter (a digest). */
export const EMAIL_DIGEST_DELAY_MS = 5 * 60_000;

const BOTH = ["email", "push"] as const;
const PUSH_ONLY = ["push"] as const;
const ALL_ROLES_LABEL = (label: string) => ({ student: label, parent: label, mentor: label, staff: label });

export const NOTICE_KINDS = {
  trial_approval: {
    class: "decision",
    labels: { parent: "Запись ребёнка на пробу: нужно ваше решение" },
    channels: BOTH,
    trialFacts: true,
    action: "Подтвердить или отклонить участие",
  },
  trial_changes: {
    class: "important",
    labels: {
      parent: "Проба ребёнка отменена или перенесена, место освобождено, запись отменена",
      student: "Твоя проба отменена или перенесена, место освобождено",
    },
    channels: BOTH,
    trialFacts: true,
    action: "Открыть в кабинете",
  },
  trial_outcome: {
    class: "important",
    labels: { student: "Решение родителя о пробе и место из листа ожидания" },
    channels: BOTH,
    trialFacts: true,
    action: "Открыть в кабинете",
  },
  trial_absence: {
    class: "important",
    labels: { parent: "Ребёнка отметили отсутствующим на пробе" },
    channels: BOTH,
    trialFacts: true,
    action: "Открыть в кабинете",
  },
  trial_attendance: {
    class: "informational",
    labels: { parent: "Отметка о посещении пробы: присутствие или опоздание" },
    channels: BOTH,
    trialFacts: true,
    action: "Открыть в кабинете",
  },
  trial_feedback: {
    class: "informational",
    labels: { student: "Отзыв наставника о пробе" },
    channels: BOTH,
    trialFacts: true,
    action: "Открыть в кабинете",
  },
  mentor_trial_soon: {
    class: "important",
    labels: { mentor: "Напоминание о пробе за сутки до начала" },
    channels: BOTH,
    trialFacts: true,
    action: "Открыть страницу пробы",
  },
  admission: {
    class: "important",
    labels: { student: "Согласие родителя и допуск к пробам" },
    channels: BOTH,
    trialFacts: false,
    action: "Открыть в кабинете",
  },
  family: {
    class: "important",
    labels: { parent: "Регистрация ребёнка, связка кабинетов и приглашения", student: "Подключение родителя и приглашения" },
    channels: BOTH,
    trialFacts: false,
    action: "Открыть в кабинете",
  },
  data_deletion: {
    class: "important",
    labels: {
      ...ALL_ROLES_LABEL("Удаление данных учётной записи: запрос, отмена, удаление"),
      parent: "Удаление данных: ваших, ребёнка или второго родителя",
      student: "Удаление данных: твоих или родителя",
    },
    channels: BOTH,
    trialFacts: false,
    action: "Открыть в кабинете",
  },
  diagnostics: {
    class: "informational",
    labels: { parent: "Ребёнок прошёл тест" },
    channels: BOTH,
    trialFacts: false,
    action: "Посмотреть результат",
  },
  recommendations: {
    class: "informational",
    labels: { parent: "Рекомендации для ребёнка готовы или обновлены", student: "Рекомендации готовы или обновлены" },
    channels: BOTH,
    trialFacts: false,
    action: "Открыть рекомендации",
  },
  sign_in: {
    class: "informational",
    labels: { ...ALL_ROLES_LABEL("Новый вход в учётную запись"), parent: "Новый вход в учётную запись и привязка Госуслуг" },
    channels: BOTH,
    trialFacts: false,
    action: "Открыть в кабинете",
  },
  account: {
    class: "informational",
    labels: ALL_ROLES_LABEL("Учётная запись подтверждена, пароль или почта изменены (письмо о смене приходит всегда)"),
    channels: PUSH_ONLY,
    trialFacts: false,
    action: "Открыть в кабинете",
  },
  requests: {
    class: "informational",
    labels: ALL_ROLES_LABEL("Ответ на обращение (письмо с ответом приходит всегда)"),
    channels: PUSH_ONLY,
    trialFacts: false,
    action: "Открыть обращения",
  },
} as const satisfies Record<string, NoticeKind>;

export type NoticeKindId = keyof typeof NOTICE_KINDS;

/** A type's kind, or a kind chosen by one field of the notice's data (the attendance mark). */
type TypeRoute = NoticeKindId | { byData: string; cases: Record<string, NoticeKindId>; otherwise: NoticeKindId };

export const NOTICE_TYPES: Record<string, TypeRoute> = {
  "trial.approval_requested": "trial_approval",
  "trial.approval_reminder": "trial_approval",
  "trial.cancelled": "trial_changes",
  "trial.moved": "trial_changes",
  "trial.approval_expired": "trial_changes",
  "trial.cancelled_by_student": "trial_changes",
  "trial.approved": "trial_outcome",
  "trial.declined": "trial_outcome",
  "trial.seat_freed": "trial_outcome",
  "trial.attendance_marked": { byData: "mark", cases: { absent: "trial_absence" }, otherwise: "trial_attendance" },
  "trial.feedback_left": "trial_feedback",
  "trial.starts_soon": "mentor_trial_soon",
  "consent.given": "admission",
  "consent.withdrawn": "admission",
  "family.child_registered": "family",
  "family.parent_linked": "family",
  "family.invitation_expired": "family",
  "family.child_email_attached": "family",
  "data.deletion_requested": "data_deletion",
  "data.deletion_cancelled": "data_deletion",
  "data.erased": "data_deletion",
  "diagnostics.finished": "diagnostics",
  "recommendations.ready": "recommendations",
  "security.login": "sign_in",
  "security.esia_linked": "sign_in",
  "account.activated": "account",
  "security.password_changed": "account",
  "account.email_changed": "account",
  "requests.answered": "requests",
};

/** Where a type nobody classified goes: shown in the cabinet, nothing more (the unit test catches it first). */
const UNCLASSIFIED: NoticeKindId = "sign_in";

export function isNoticeKind(kind: string): kind is NoticeKindId {
  return Object.hasOwn(NOTICE_KINDS, kind);
}

/** The preference kind of a stored or new notice. */
export function kindOfNotice(type: string, data: Record<string, unknown> = {}): NoticeKindId {
  const route = NOTICE_TYPES[type];
  if (route === undefined) return UNCLASSIFIED;
  if (typeof route === "string") return route;
  const value = data[route.byData];
  return (typeof value === "string" && route.cases[value]) || route.otherwise;
}

export function noticeKind(kind: NoticeKindId): NoticeKind {
  return NOTICE_KINDS[kind];
}

/** The kinds a person of this role chooses channels for, in the order of the page. */
export function kindsForRole(role: NoticeRole): NoticeKindId[] {
  return (Object.keys(NOTICE_KINDS) as NoticeKindId[]).filter((k) => (NOTICE_KINDS[k].labels as NoticeKind["labels"])[role] !== undefined);
}

export function kindLabel(kind: NoticeKindId, role: NoticeRole): string {
  const labels: NoticeKind["labels"] = NOTICE_KINDS[kind].labels;
  return labels[role] ?? Object.values(labels)[0] ?? kind;
}

/**
 * The channels a notice of this kind goes by for one person: their choice, or
 * the class's default. A decision must reach the person outside the cabinet:
 * with the letter switched off it still goes by email unless push can carry
 * it (push chosen and at least one device subscribed).
 */
export function resolveChannels(kind: NoticeKindId, chosen: Partial<ChannelChoice> | null, hasDevice: boolean): ChannelChoice {
  const k: NoticeKind = NOTICE_KINDS[kind];
  const defaults = CLASS_DEFAULTS[k.class];
  const email = k.channels.includes("email") && (chosen?.email ?? defaults.email);
  const push = k.channels.includes("push") && (chosen?.push ?? defaults.push);
  if (k.class === "decision" && !email && !(push && hasDevice)) return { email: true, push };
  return { email, push };
}

/** Why a choice cannot be saved (Russian), or null. A decision keeps at least one channel besides the cabinet. */
export function choiceRefusal(kind: NoticeKindId, choice: ChannelChoice): string | null {
  const k: NoticeKind = NOTICE_KINDS[kind];
  if (choice.email && !k.channels.includes("email")) return "Письмо об этом приходит всегда, отдельно его не настроить";
  if (k.class === "decision" && !choice.email && !choice.push) {
    return "Уведомления, где нужно ваше решение, нельзя оставить только в кабинете: выберите письмо, телефон или оба способа";
  }
  return null;
}
