import { z } from "zod";

export const planQueryInput = z.object({
  studentId: z.uuid({ error: "Участник не найден" }),
  version: z.number({ error: "Такой версии плана нет" }).int().min(1, "Такой версии плана нет").max(10_000, "Такой версии плана нет").optional(),
});
