import { data, type AppLoadContext } from "@remix-run/node";
import { attempt } from "./forms";

const DONE: Record<string, string> = {
  enroll: "Ты в списке участников. Родитель получил запрос на подтверждение.",
  cancelEnrollment: "Запись отменена.",
  rate: "Спасибо за оценку!",
  approve: "Участие подтверждено.",
  decline: "Участие отклонено, место освобождено.",
};

/** Trial buttons on the student's and the parent's pages. Returns null for other intents. */
export async function trialAction(fields: Record<string, string>, context: AppLoadContext) {
  const id = { enrollmentId: fields.enrollmentId ?? "" };
  const calls: Record<string, () => Promise<unknown>> = {
    enroll: () => context.api.trials.enroll({ trialId: fields.trialId ?? "" }),
    cancelEnrollment: () => context.api.trials.cancel(id),
    rate: () => context.api.trials.rate({ ...id, rating: Number(fields.rating), comment: fields.comment ?? "" }),
    approve: () => context.api.trials.approve(id),
    decline: () => context.api.trials.decline(id),
  };
  const call = calls[fields.intent ?? ""];
  if (!call) return null;
  const result = await attempt(call);
  if (!result.ok) return data({ scope: "trials", ok: false, formError: result.formError, fieldErrors: result.fieldErrors, message: undefined }, { status: result.status });
  const waitlisted = fields.intent === "enroll" && (result.value as { status?: string }).status === "waitlisted";
  return { scope: "trials", ok: true, formError: null, fieldErrors: {}, message: waitlisted ? "Мест нет: ты в листе ожидания. Мы сообщим, когда место освободится." : DONE[fields.intent!] };
}
