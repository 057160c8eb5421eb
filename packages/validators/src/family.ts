import { z } from "zod";
import { email } from "./accounts.ts";

export const inviteInput = z.object({ email });
export const invitationIdInput = z.object({ invitationId: z.uuid({ error: "Приглашение не найдено" }) });
export const studentIdInput = z.object({ studentId: z.uuid({ error: "Участник не найден" }) });
