import { data, type AppLoadContext } from "@remix-run/node";
import { attempt } from "./forms";

/** The invitation forms both the student's and the parent's cabinet show. */
export async function familyAction(fields: Record<string, string>, context: AppLoadContext) {
  const id = { invitationId: fields.invitationId ?? "" };
  const run = async () => {
    switch (fields.intent) {
      case "invite": {
        const inv = await context.api.family.invite({ email: fields.email ?? "" });
        return `Приглашение отправлено на адрес ${inv.inviteeEmail}.`;
      }
      case "resend": {
        const inv = await context.api.family.resendInvitation(id);
        if (inv.url) return { message: "Новая ссылка-приглашение готова. Прежняя ссылка больше не действует.", link: inv.url };
        return `Приглашение для ${inv.inviteeEmail} отправлено ещё раз. Прежняя ссылка больше не действует.`;
      }
      case "revoke": {
        const inv = await context.api.family.revokeInvitation(id);
        return inv.inviteeEmail ? `Приглашение для ${inv.inviteeEmail} отозвано.` : "Ссылка-приглашение отозвана.";
      }
      case "copyLink": {
        const { url } = await context.api.family.createLink();
        return { message: "Ссылка-приглашение готова: она действует 7 дней и только для одного человека.", link: url };
      }
      case "acceptIncoming":
        await context.api.family.acceptIncoming(id);
        return "Приглашение принято: кабинеты связаны.";
      default:
        return null;
    }
  };
  const result = await attempt(run);
  if (!result.ok) return data({ scope: "family", ok: false, formError: result.formError, fieldErrors: result.fieldErrors, message: undefined }, { status: result.status });
  const done: string | { message: string; link?: string } | null = result.value;
  // A copied link is shown once, in this answer only: it must not be cached.
  const link = typeof done === "object" && done ? done.link : undefined;
  const message = typeof done === "string" ? done : (done?.message ?? undefined);
  return data({ scope: "family", ok: true, message, link, formError: null, fieldErrors: {} }, link ? { headers: { "Cache-Control": "no-store" } } : undefined);
}
