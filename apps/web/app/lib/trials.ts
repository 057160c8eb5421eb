export const ENROLLMENT_STATUS = {
  awaiting_approval: ["ждёт подтверждения родителя", "wait"],
  confirmed: ["подтверждено", "ok"],
  waitlisted: ["в листе ожидания", "wait"],
  declined: ["родитель не подтвердил", "bad"],
  expired: ["не подтверждено вовремя", "off"],
  cancelled: ["отменено", "off"],
  trial_cancelled: ["проба отменена", "off"],
} as const;

export const ATTENDANCE = { present: "пришёл(ла)", late: "опоздал(а)", absent: "не пришёл(ла)" } as const;
export const LEVELS = { intro: "ознакомительный", basic: "базовый", advanced: "продвинутый" } as const;
export const FORMATS = { online: "онлайн", in_person: "очно" } as const;

/** datetime-local values are typed in Moscow time. */
export const moscowInput = (v: string | undefined) => (v ? `${v}:00+03:00` : "");
/** An instant as a Moscow datetime-local value. */
export const toMoscowInput = (iso: string) => new Date(Date.parse(iso) + 3 * 3600_000).toISOString().slice(0, 16);
