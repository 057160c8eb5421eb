export * from "./kinds.ts";
export { sendEmailDigests } from "./digest.ts";
export { remindMentorsOfTrials, MENTOR_REMINDER_HOURS } from "./mentor-reminder.ts";
export * from "./preferences.ts";
export { pushPayload, sendDuePushes, vapidKeys, type PushOptions, type PushPayload, type VapidKeys } from "./push.ts";
export { unsubscribeToken, unsubscribeUrl, type UnsubscribeToken } from "./unsubscribe.ts";
