/** How trial attributes read in Russian, on pages and in notification texts alike. */
export const TRIAL_LEVEL_LABELS = { intro: "ознакомительный", basic: "базовый", advanced: "продвинутый" } as const;
export const TRIAL_FORMAT_LABELS = { online: "онлайн", in_person: "очно" } as const;
