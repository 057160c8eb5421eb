// One home for dates and the time zone, shared with the server's texts (see @bilet/validators dates.ts).
export { formatDate, formatDateTime, formatTime } from "@bilet/validators";

export const ROLE_TITLES = {
  student: "Участник",
  parent: "Родитель",
  mentor: "Наставник",
  staff: "Оператор проекта",
} as const;
